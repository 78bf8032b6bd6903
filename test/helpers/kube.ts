// Helpers for tests that need a Kubernetes API: start the simulator with a kubeconfig in a
// temp dir, run the real kubectl against it (one-shot, or streaming with waits on output),
// and stop everything in afterEach/afterAll.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeSim, type KubeSim, type KubeSimOptions } from '../../src/sim/kube/index.js';
import { waitFor } from './wait.js';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlStream {
  proc: ChildProcess;
  /** Everything printed to stdout so far. */
  output(): string;
  stderr(): string;
  /** Waits until stdout contains the text (or matches the regexp). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  exited(): Promise<number>;
  kill(): void;
}

export interface KubeTestEnv {
  sim: KubeSim;
  dir: string;
  kubeconfig: string;
  /** Runs kubectl with this kubeconfig; never throws on a non-zero exit. */
  kubectl(
    args: string[],
    opts?: { input?: string; timeoutMs?: number; kubeconfig?: string; env?: NodeJS.ProcessEnv },
  ): Promise<KubectlResult>;
  /** Starts a long-running kubectl (logs -f, get -w, rollout status). */
  kubectlStream(args: string[], opts?: { kubeconfig?: string }): KubectlStream;
  /** Writes a file into the temp dir (manifests); returns its path. */
  file(name: string, content: string): string;
  close(): Promise<void>;
}

export function kubectlEnv(kubeconfig: string, dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KUBECONFIG: kubeconfig,
    KUBECACHEDIR: join(dir, 'cache'),
    HOME: dir,
    NO_COLOR: '1',
  };
}

export async function startKubeEnv(opts: KubeSimOptions = {}): Promise<KubeTestEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-kube-'));
  const sim = await startKubeSim(opts);
  const kubeconfig = sim.writeKubeconfig(join(dir, 'kubeconfig'));
  const streams = new Set<ChildProcess>();
  const env = (kc?: string) => kubectlEnv(kc ?? kubeconfig, dir);
  return {
    sim,
    dir,
    kubeconfig,
    kubectl(args, o = {}) {
      return new Promise((resolve) => {
        const p = spawn('kubectl', args, {
          env: { ...env(o.kubeconfig), ...o.env },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d) => (stdout += d));
        p.stderr.on('data', (d) => (stderr += d));
        const timer = setTimeout(() => p.kill('SIGKILL'), o.timeoutMs ?? 20_000);
        p.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code: code ?? -1, stdout, stderr });
        });
        p.stdin.end(o.input ?? '');
      });
    },
    kubectlStream(args, o = {}) {
      const p = spawn('kubectl', args, { env: env(o.kubeconfig), stdio: ['ignore', 'pipe', 'pipe'] });
      streams.add(p);
      let out = '';
      let err = '';
      p.stdout!.on('data', (d) => (out += d));
      p.stderr!.on('data', (d) => (err += d));
      const exit = new Promise<number>((resolve) =>
        p.on('close', (code) => {
          streams.delete(p);
          resolve(code ?? -1);
        }),
      );
      return {
        proc: p,
        output: () => out,
        stderr: () => err,
        waitFor: (text, timeoutMs = 15_000) =>
          waitFor(
            () => out,
            (o) => (typeof text === 'string' ? o.includes(text) : text.test(o)),
            { timeoutMs, what: `kubectl ${args.join(' ')} to print ${String(text)}` },
          ),
        exited: () => exit,
        kill: () => {
          if (p.exitCode === null) p.kill('SIGTERM');
        },
      };
    },
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async close() {
      for (const p of streams) p.kill('SIGKILL');
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Just a simulator plus a kubeconfig path (for tests that use client-node or the console). */
export async function startKubeSimWithConfig(
  opts: KubeSimOptions = {},
): Promise<{ sim: KubeSim; kubeconfig: string; dir: string; close(): Promise<void> }> {
  const env = await startKubeEnv(opts);
  return { sim: env.sim, kubeconfig: env.kubeconfig, dir: env.dir, close: () => env.close() };
}

export type { KubeSim, KubeSimOptions };
