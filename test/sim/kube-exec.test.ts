// Fidelity of pods/exec: the real kubectl 1.32 (WebSocket executor) and @kubernetes/client-node's
// Exec against the simulator, and the protocol itself with a bare WebSocket client (v5, the v4
// fallback, refused subprotocols). The marketplace containers answer the runbooks' commands.
import * as k8s from '@kubernetes/client-node';
import net from 'node:net';
import { Readable, Writable } from 'node:stream';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevChain } from '../../src/sim/chain/index.js';
import { startKubeEnv, type KubeTestEnv } from '../helpers/kube.js';

const NS = 'web3-marketplace';
const FROZEN = { tickMs: 3_600_000 };

function sink(): { stream: Writable; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** `kubectl -n NS exec TARGET -- ARGV…` */
function kexec(env: KubeTestEnv, target: string, argv: string[], ns = NS, more: string[] = []) {
  return env.kubectl(['-n', ns, 'exec', target, ...more, '--', ...argv]);
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function podsOf(env: KubeTestEnv, app: string): Promise<string[]> {
  const r = await env.kubectl(['-n', NS, 'get', 'pods', '-l', `app=${app}`, '-o', 'name']);
  expect(r.code).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => l.replace(/^pod\//, ''));
}

describe('kubectl exec against the simulator', () => {
  let env: KubeTestEnv;
  beforeAll(async () => {
    env = await startKubeEnv(FROZEN);
  });
  afterAll(() => env.close());

  it('runs a runbook command in a deployment over WebSocket v5', async () => {
    const r = await kexec(env, 'deployment/backend', ['npm', 'run', 'contracts:status']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('> backend@1.8.2 contracts:status');
    expect(r.stdout).toMatch(/^Marketplace +0x[0-9a-f]{40} +deployed · not paused$/m);
    expect(r.stdout).toContain('RPC http://chain-rpc:8545');
    const rec = env.sim.requests.find((q) => q.subresource === 'exec');
    expect(rec).toMatchObject({ method: 'GET', verb: 'create', namespace: NS, status: 101 });
    expect(rec!.path).toMatch(/^\/api\/v1\/namespaces\/web3-marketplace\/pods\/backend-\S+\/exec$/);
  });

  it('runs in a pod by name, and curl reads what the pod proxy serves', async () => {
    const [pod] = await podsOf(env, 'backend');
    env.sim.setPodHttp((req) =>
      req.path === '/metrics' && req.port === 3001
        ? { status: 200, body: `# TYPE error_rate gauge\nerror_rate{service="${req.app}"} 0.25\n` }
        : undefined,
    );
    try {
      const r = await kexec(env, pod!, ['curl', '-s', 'http://localhost:3001/metrics'], NS, [
        '-c',
        'backend',
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('# TYPE error_rate gauge\nerror_rate{service="backend"} 0.25\n');
      const g = await kexec(env, pod!, [
        'sh',
        '-c',
        'curl -s http://localhost:3001/metrics | grep error_rate{',
      ]);
      expect(g.stdout).toBe('error_rate{service="backend"} 0.25\n');
    } finally {
      env.sim.setPodHttp(undefined);
    }
  });

  it('the other runbook commands answer with the container state', async () => {
    const pool = await kexec(env, 'deployment/backend', ['npm', 'run', 'db:pool:restart']);
    expect(pool.code).toBe(0);
    expect(pool.stdout).toContain('pool of 20 connections');
    expect(pool.stdout).toContain('pool healthy');
    // The default cluster's RPC (chain-rpc:8545) does not exist here: said, and exit 1.
    const deps = await kexec(env, 'deployment/backend', ['npm', 'run', 'health:dependencies']);
    expect(deps.stdout).toMatch(/^rpc +http:\/\/chain-rpc:8545 +UNREACHABLE: /m);
    expect(deps.stdout).toMatch(/^self +backend-\S+ +3\/3 replicas ready$/m);
    expect(deps.stderr).toContain('1 of 1 dependencies unreachable');
    expect(deps.code).toBe(1);
    const biz = await kexec(env, 'deployment/worker', ['npm', 'run', 'metrics:business']);
    expect(biz.stdout).toMatch(/^orders\/min +\d+$/m);
    expect(biz.stdout).toContain('> worker@1.8.2 metrics:business');
  });

  it('health:dependencies checks the stores and chains the env names, for real', async () => {
    const chain = await startDevChain({ blockTimeSeconds: 0 });
    const closed = await closedPort();
    try {
      for (let i = 0; i < 5; i++) chain.mine();
      env.sim.cluster.createDeployment(NS, 'checkout', {
        replicas: 1,
        image: 'ghcr.io/web3-marketplace/checkout:1.0.0',
        env: {
          DATABASE_HOST: '127.0.0.1',
          REDIS_HOST: '127.0.0.1',
          REDIS_PORT: '6379',
          ETH_RPC_URL: chain.url,
          ETH_RPC_FALLBACK_URL: `http://127.0.0.1:${closed}`,
        },
      });
      for (let i = 0; i < 3; i++) env.sim.cluster.tick();
      const r = await kexec(env, 'deployment/checkout', ['npm', 'run', 'health:dependencies']);
      expect(r.stdout).toMatch(/^postgres +127\.0\.0\.1:5432 +ok \(\d+ ms\)$/m);
      expect(r.stdout).toMatch(/^redis +127\.0\.0\.1:6379 +ok \(\d+ ms\)$/m);
      expect(r.stdout).toMatch(
        new RegExp(`^rpc +${chain.url} +ok: head #${chain.height()} \\(\\d+ ms\\)$`, 'm'),
      );
      expect(r.stdout).toMatch(
        new RegExp(`^rpc fallback +http://127\\.0\\.0\\.1:${closed} +UNREACHABLE: ECONNREFUSED`, 'm'),
      );
      expect(r.code).toBe(1);
    } finally {
      await chain.close();
    }
  });

  it('an unknown command exits 127 with "command not found", a missing script 1', async () => {
    const r = await kexec(env, 'deployment/backend', ['nope', '--flag']);
    expect(r.code).toBe(127);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('sh: nope: command not found');
    expect(r.stderr).toContain('command terminated with exit code 127');
    const m = await kexec(env, 'deployment/backend', ['npm', 'run', 'nope']);
    expect(m.code).toBe(1);
    expect(m.stderr).toContain('npm error Missing script: "nope"');
    // kube-system's containers have no npm.
    const dns = await kexec(env, 'deployment/coredns', ['npm', 'run', 'x'], 'kube-system');
    expect(dns.code).toBe(127);
    expect(dns.stderr).toContain('npm: command not found');
  });

  it('-i: stdin reaches the command until kubectl closes it (v5 close signal)', async () => {
    const r = await env.kubectl(['-n', NS, 'exec', '-i', 'deployment/backend', '--', 'cat'], {
      input: 'line one\nline two\n',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('line one\nline two\n');
  });

  it("a wrong container and a denied pods/exec are the API server's errors", async () => {
    const c = await kexec(env, 'deployment/backend', ['true'], NS, ['-c', 'sidecar']);
    expect(c.code).not.toBe(0);
    expect(c.stderr).toContain('container sidecar is not valid for pod backend-');
    env.sim.deny('create', 'pods/exec', NS);
    try {
      const r = await kexec(env, 'deployment/backend', ['true']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /pods "backend-\S+" is forbidden: User "sim-user" cannot create resource "pods\/exec"/,
      );
    } finally {
      env.sim.allowAll();
    }
  });
});

describe('kubectl exec with a bearer token over TLS', () => {
  it('authenticates the upgrade', async () => {
    const env = await startKubeEnv({ ...FROZEN, token: 'tok-exec' });
    try {
      const r = await kexec(env, 'deployment/backend', ['hostname']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^backend-\S+\n$/);
      const bad = env.sim.writeKubeconfig(`${env.dir}/bad`, { token: 'nope' });
      const u = await env.kubectl(['-n', NS, 'exec', 'deployment/backend', '--', 'hostname'], {
        kubeconfig: bad,
      });
      expect(u.code).toBe(1);
      expect(u.stderr).toMatch(/Unauthorized|must be logged in/);
    } finally {
      await env.close();
    }
  });
});

describe('@kubernetes/client-node Exec and the protocol', () => {
  let env: KubeTestEnv;
  let kc: k8s.KubeConfig;
  let pod: string;
  beforeAll(async () => {
    env = await startKubeEnv(FROZEN);
    kc = new k8s.KubeConfig();
    kc.loadFromFile(env.kubeconfig);
    [pod] = (await podsOf(env, 'backend')) as [string];
  });
  afterAll(() => env.close());

  async function exec(argv: string[], tty = false) {
    const out = sink();
    const err = sink();
    let status: k8s.V1Status | undefined;
    const ws = await new k8s.Exec(kc).exec(
      NS,
      pod,
      'backend',
      argv,
      out.stream,
      err.stream,
      null,
      tty,
      (s) => {
        status = s;
      },
    );
    const protocol = ws.protocol;
    await new Promise<void>((resolve) =>
      ws.readyState === ws.CLOSED ? resolve() : ws.on('close', () => resolve()),
    );
    return { out: out.text(), err: err.text(), status, protocol };
  }

  it('negotiates v5 and reports Success', async () => {
    const r = await exec(['npm', 'run', 'metrics:business']);
    expect(r.protocol).toBe('v5.channel.k8s.io');
    expect(r.status).toEqual({ metadata: {}, status: 'Success' });
    expect(r.out).toContain('replicas ready        3/3');
    expect(r.err).toBe('');
  });

  it('a non-zero exit is a Failure with reason NonZeroExitCode and the ExitCode cause', async () => {
    const r = await exec(['missing-tool']);
    expect(r.err).toBe('sh: missing-tool: command not found\n');
    expect(r.status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '127' }] },
    });
  });

  it('stdin until its end, and a TTY merging stderr into stdout with CRLF', async () => {
    const out = sink();
    let status: k8s.V1Status | undefined;
    const ws = await new k8s.Exec(kc).exec(
      NS,
      pod,
      'backend',
      ['cat'],
      out.stream,
      null,
      Readable.from([Buffer.from('from client-node\n')]),
      false,
      (st) => (status = st),
    );
    await new Promise<void>((resolve) => ws.on('close', () => resolve()));
    expect(out.text()).toBe('from client-node\n');
    expect(status?.status).toBe('Success');
    const tty = await exec(['nope'], true);
    expect(tty.out).toBe('sh: nope: command not found\r\n');
    expect(tty.err).toBe('');
  });

  it('a denied exec is a 403 on the upgrade', async () => {
    env.sim.deny('create', 'pods/exec', NS);
    try {
      await expect(exec(['true'])).rejects.toThrow(/403/);
    } finally {
      env.sim.allowAll();
    }
  });

  function bare(protocols: string[]) {
    const u = new URL(env.sim.url);
    const q = 'command=echo&command=hi%20there&stdout=true&stderr=true';
    return new WebSocket(`ws://${u.host}/api/v1/namespaces/${NS}/pods/${pod}/exec?${q}`, protocols);
  }

  it('falls back to v4: an empty stdout frame first, the output, the status, a normal close', async () => {
    const ws = bare(['v4.channel.k8s.io']);
    const frames: Buffer[] = [];
    ws.on('message', (d: Buffer) => frames.push(d));
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    expect(code).toBe(1000);
    expect(frames.map((f) => [f[0], f.subarray(1).toString()])).toEqual([
      [1, ''],
      [1, 'hi there\n'],
      [3, '{"metadata":{},"status":"Success"}'],
    ]);
  });

  it('refuses older subprotocols with 400', async () => {
    const ws = bare(['v3.channel.k8s.io', 'channel.k8s.io']);
    const res = await new Promise<{ code: number; body: string }>((resolve) =>
      ws.on('unexpected-response', (_req, r) => {
        let body = '';
        r.on('data', (d: Buffer) => (body += d));
        r.on('end', () => resolve({ code: r.statusCode ?? 0, body }));
      }),
    );
    expect(res.code).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    expect(res.body).toContain('v5.channel.k8s.io or v4.channel.k8s.io');
  });
});
