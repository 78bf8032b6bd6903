// `warroom sim [--port N] [--kubeconfig FILE] [--pods N]`: runs the Kubernetes API simulator on
// 127.0.0.1 so anyone can point kubectl (or warroom) at it. Writes a kubeconfig for itself,
// prints its path on the first line, and runs until interrupted.
import { InvalidArgumentError, type Command } from 'commander';
import { resolve } from 'node:path';

function int(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    return n;
  };
}

export interface SimCommandOptions {
  port: number;
  kubeconfig: string;
  pods?: number;
  namespaces?: number;
  token?: string;
  metrics: boolean;
}

export function register(program: Command): void {
  program
    .command('sim')
    .description('run the Kubernetes API simulator on 127.0.0.1 (for kubectl and warroom); Ctrl-C stops it')
    .option('--port <n>', 'port to listen on (0 = any free port)', int(0, 65535), 0)
    .option('--kubeconfig <file>', 'where to write its kubeconfig', 'warroom-sim.kubeconfig')
    .option('--pods <n>', 'generate a cluster of roughly this many pods', int(1, 100_000))
    .option('--namespaces <n>', 'spread generated pods over this many namespaces', int(1, 1000))
    .option('--token <token>', 'require this bearer token (written into the kubeconfig)')
    .option('--no-metrics', 'do not serve metrics.k8s.io')
    .action(async (opts: SimCommandOptions) => {
      const { startKubeSim } = await import('../sim/kube/index.js');
      let sim;
      try {
        sim = await startKubeSim({
          port: opts.port,
          pods: opts.pods,
          namespaces: opts.namespaces,
          token: opts.token,
          metrics: opts.metrics,
          // Look like a cluster that has been running for a while.
          ageSeconds: 3 * 86_400,
        });
      } catch (err) {
        process.stderr.write(
          `warroom sim: cannot listen on 127.0.0.1:${opts.port}: ${(err as Error).message}\n`,
        );
        process.exitCode = 1;
        return;
      }
      const path = sim.writeKubeconfig(resolve(opts.kubeconfig));
      process.stdout.write(`${path}\n`);
      process.stdout.write(
        `Kubernetes API simulator on ${sim.url} (${sim.cluster.listPods().length} pods). Try: KUBECONFIG=${path} kubectl get pods -A\n`,
      );
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void sim.close().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
