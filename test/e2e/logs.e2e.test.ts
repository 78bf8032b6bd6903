// Both log sources streaming into the logs pane of the built console in tmux: pods of a
// deployment on the Kubernetes API simulator and CloudWatch log groups on the CloudWatch Logs
// simulator (through the real AWS SDK with credentials from the environment). Errors only by
// default, every line on `e`, grouped errors on `v`, a missing log group reported in one line,
// an escape sequence that would clear the screen shown harmlessly, and `o` opening the pod.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { startCloudWatchSim, type CloudWatchSim } from '../../src/sim/cloudwatch/index.js';
import { Tmux, warroomCmd } from '../helpers/tmux.js';

let t: Tmux | undefined;
let kube: KubeSim | undefined;
let cw: CloudWatchSim | undefined;
afterEach(async () => {
  t?.kill();
  t = undefined;
  await kube?.close();
  await cw?.close();
  kube = undefined;
  cw = undefined;
});

const NS = 'web3-marketplace';

describe('logs pane in tmux', () => {
  it('streams pod and CloudWatch errors, groups them, and survives hostile lines', async () => {
    kube = await startKubeSim({ tickMs: 200 });
    kube.cluster.setLogGenerator(null);
    cw = await startCloudWatchSim();
    cw.putEvents('/aws/eks/prod/application', 'api-1', [
      'INFO cloudwatch hello',
      'ERROR cloudwatch payment timeout after 3000ms',
      'ERROR cloudwatch payment timeout after 42ms',
      'ERROR hostile \x1b[2J\x1b[H\x1b]0;pwned\x07 line',
    ]);
    t = await Tmux.start({
      cols: 200,
      rows: 50,
      env: {
        AWS_ACCESS_KEY_ID: 'AKIDSIMULATOR',
        AWS_SECRET_ACCESS_KEY: 'simulator-secret',
        AWS_CONFIG_FILE: '/nonexistent/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    const kc = kube.writeKubeconfig(join(t.home, 'kubeconfig'));
    const cfg = join(t.home, 'warroom.yaml');
    writeFileSync(
      cfg,
      [
        'kubernetes:',
        `  kubeconfig: ${kc}`,
        `  namespaces: [${NS}]`,
        '  deployments: [backend]',
        'cloudwatch:',
        '  region: us-east-1',
        `  endpoint: ${cw.endpoint}`,
        '  logGroups: [/aws/eks/prod/application, /aws/missing/group]',
        '',
      ].join('\n'),
    );
    t.run(`${warroomCmd(`--config ${cfg}`)}; echo "exit=$?"`);
    await t.waitFor((x) => x.includes('0 Logs'), { what: 'grid' });
    t.send('0');
    await t.waitFor((x) => x.includes('▶0 Logs'), { what: 'logs focused' });
    t.send('z');
    let s = await t.waitFor(
      (x) =>
        x.includes('cloudwatch payment timeout after 42ms') &&
        x.includes('k8s 3 streams') &&
        x.includes('▲ log group /aws/missing/group does not exist'),
      {
        what: 'cloudwatch errors and 3 pod streams',
        timeoutMs: 30_000,
      },
    );
    expect(s).not.toContain('INFO cloudwatch hello'); // errors only by default
    expect(s).toContain('▲ log group /aws/missing/group does not exist');
    expect(s).toContain('hostile ␛␛␛ line');
    expect(s).toContain('▶0 Logs'); // the screen was not cleared
    const pods = kube.cluster
      .listPods(NS)
      .map((p: { metadata: { name: string } }) => p.metadata.name)
      .filter((n: string) => n.startsWith('backend-'));
    for (const p of pods)
      kube.cluster.appendLog(NS, p, 'backend', `ERROR pod ${p} lost connection to 10.0.0.7:5432`);
    s = await t.waitFor((x) => pods.every((p: string) => x.includes(`ERROR pod ${p} lost connection`)), {
      what: 'pod errors',
      timeoutMs: 20_000,
    });
    expect(s).toMatch(/backend-[a-z0-9-]+\/backend/);

    t.send('e');
    await t.waitFor((x) => x.includes('INFO cloudwatch hello') && x.includes(' ALL '), { what: 'all lines' });

    t.send('v');
    s = await t.waitFor((x) => x.includes('COUNT') && x.includes('GROUPED'), { what: 'grouped view' });
    const row = s.split('\n').find((l) => l.includes('payment timeout'))!;
    expect(row).toMatch(/\b2\b/);
    const podRow = s.split('\n').find((l) => l.includes('lost connection'))!;
    expect(podRow).toMatch(/\b3\b/); // one fingerprint for the three pods
    t.send('v');
    await t.waitFor((x) => x.includes('ERR/MIN'), { what: 'rates view' });
    t.send('v');
    await t.waitFor((x) => x.includes(' ALL '), { what: 'back to the stream' });

    // The newest line is from a pod: `o` opens it in the pods pane.
    const last = pods[pods.length - 1]!;
    kube.cluster.appendLog(NS, last, 'backend', `ERROR newest line from ${last}`);
    await t.waitFor((x) => x.includes(`ERROR newest line from ${last}`), { what: 'newest line' });
    // `p`: previous logs of its container; this one never crashed, which is said in one line.
    t.send('p');
    await t.waitFor(
      (x) => x.includes('--previous (Esc closes)') && x.includes('previous terminated container'),
      {
        what: 'previous logs answer',
      },
    );
    t.send('Escape');
    await t.waitFor(
      (x) => !x.includes('--previous (Esc closes)') && x.includes(`ERROR newest line from ${last}`),
      {
        what: 'back to the stream',
      },
    );
    t.send('o');
    await t.waitFor((x) => x.includes('▶1 Pods') && x.includes(last), {
      what: 'pod opened in the pods pane',
    });

    t.send('q');
    await t.waitFor((x) => x.includes('exit=0'), { what: 'clean exit' });
  }, 120_000);
});
