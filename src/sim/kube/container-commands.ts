// What a simulated container answers to `kubectl exec` (pods/exec, served by exec.ts): the
// runbooks' commands in the marketplace services' containers (`npm run db:pool:restart`,
// `contracts:status`, `health:dependencies`, `metrics:business`, `curl -s
// http://localhost:3001/metrics`), a few shell basics (`echo`, `env`, `hostname`, `true`,
// `false`, `cat` (stdin back), `sh -c '… | grep WORD'`), and a shell's `command not found` (exit 127) for the rest.
// The output reflects the simulator's state: the container's env (the pool size, the RPC and
// store endpoints as configured), the deployment's ready pods, the pod's age, what the pod
// proxy answers for the metrics (pod-proxy.ts, or the handler a test set), and for
// `health:dependencies` what the configured stores and chains answer now (probes.ts).
import { defaultPodAnswer, type PodHttpHandler } from './pod-proxy.js';
import { rpcProbe, tcpProbe, type ProbeResult } from './probes.js';

export interface ExecPod {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
  };
  spec?: { containers?: ExecContainer[] };
  status?: {
    phase?: string;
    podIP?: string;
    startTime?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; state?: { running?: unknown } }[];
  };
}
export interface ExecContainer {
  name: string;
  image?: string;
  env?: { name: string; value?: string }[];
}

export interface ExecContext {
  pod: ExecPod;
  container: ExecContainer;
  /** Ready pods with the same `app` label, and all of them (the service's replicas). */
  replicas: { ready: number; total: number };
  podHttp?: PodHttpHandler;
}

export interface ExecIo {
  out(text: string): void;
  err(text: string): void;
  /** A pause between steps (the output streams); resolves early when the client went away. */
  pause(ms: number): Promise<void>;
  /** What the client sends on stdin, until it closes it (or goes away); empty without stdin. */
  stdin(): AsyncIterable<Buffer>;
}

/** The services whose images carry the marketplace's package.json scripts. */
const MARKETPLACE = /\/web3-marketplace\//;

function envOf(c: ExecContainer): Record<string, string> {
  const env: Record<string, string> = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: '/home/node',
    NODE_VERSION: '22.12.0',
  };
  for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return env;
}

/** `backend@1.8.2` from `ghcr.io/web3-marketplace/backend:1.8.2`. */
function packageOf(c: ExecContainer): string {
  const image = c.image ?? c.name;
  const last = image.slice(image.lastIndexOf('/') + 1);
  const [name, tag] = last.split(':');
  return `${name}@${/^\d/.test(tag ?? '') ? tag : '0.0.0'}`;
}

/** A stable hex string from text (contract addresses, block hashes). */
function hexOf(text: string, length: number): string {
  let h = 2166136261;
  let out = '';
  while (out.length < length) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
    text += out.length;
  }
  return out.slice(0, length);
}

function uptimeSeconds(pod: ExecPod): number {
  const t = Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? '');
  return Number.isFinite(t) ? Math.max(1, Math.round((Date.now() - t) / 1000)) : 1;
}

const SCRIPTS: Record<string, { file: string; run: (ctx: ExecContext, io: ExecIo) => Promise<number> }> = {
  'db:pool:restart': { file: 'scripts/db-pool-restart.js', run: dbPoolRestart },
  'contracts:status': { file: 'scripts/contracts-status.js', run: contractsStatus },
  'health:dependencies': { file: 'scripts/health-dependencies.js', run: healthDependencies },
  'metrics:business': { file: 'scripts/metrics-business.js', run: metricsBusiness },
};

async function dbPoolRestart(ctx: ExecContext, io: ExecIo): Promise<number> {
  const env = envOf(ctx.container);
  const size = Number(env.DB_POOL_SIZE ?? 10) || 10;
  const host = env.DATABASE_HOST ?? 'postgres';
  const busy = Math.min(size, 3 + (uptimeSeconds(ctx.pod) % Math.max(1, size - 2)));
  io.out(`[db-pool] pool of ${size} connections to ${host}:5432 (DB_POOL_SIZE=${size})\n`);
  io.out(`[db-pool] draining: ${busy} busy, ${size - busy} idle; new queries wait…\n`);
  await io.pause(200);
  io.out(`[db-pool] closed ${size} connections\n`);
  await io.pause(200);
  io.out(`[db-pool] opened ${size} connections (min ${Math.ceil(size / 4)}, max ${size})\n`);
  io.out(`[db-pool] pool healthy: 0 waiting, ${size} idle\n`);
  return 0;
}

async function contractsStatus(ctx: ExecContext, io: ExecIo): Promise<number> {
  const env = envOf(ctx.container);
  const rpc = env.ETH_RPC_URL ?? env.RPC_URL ?? 'http://localhost:8545';
  const seed = ctx.pod.metadata.namespace ?? 'default';
  io.out(`RPC ${rpc}\n`);
  if (env.ETH_RPC_FALLBACK_URL) io.out(`RPC fallback ${env.ETH_RPC_FALLBACK_URL}\n`);
  await io.pause(100);
  const oracle = env.FEATURE_PRICE_ORACLE_ENABLED;
  const rows: [string, string][] = [
    ['Marketplace', 'deployed · not paused'],
    ['Escrow', 'deployed · not paused'],
    ['NFTRegistry', 'deployed'],
    [
      'PriceOracle',
      oracle === undefined
        ? 'deployed'
        : `deployed · ${oracle === 'true' ? 'enabled' : 'DISABLED'} (FEATURE_PRICE_ORACLE_ENABLED=${oracle}, timeout ${env.PRICE_ORACLE_TIMEOUT_MS ?? '3000'} ms)`,
    ],
  ];
  for (const [name, state] of rows)
    io.out(`${name.padEnd(12)} 0x${hexOf(`${seed}/${name}`, 40)}  ${state}\n`);
  io.out(`${rows.length} contracts checked\n`);
  return 0;
}

/** host and port of `postgres://u:p@host:5432/db`, `redis://host:6379` or `host:port`. */
function hostPort(where: string, port: number): { host: string; port: number } {
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(where) ? where : `tcp://${where}`);
    return { host: u.hostname, port: Number(u.port) || port };
  } catch {
    return { host: where, port };
  }
}

/** Checks each dependency the container's env names, for real (probes.ts); exit 1 if one fails. */
async function healthDependencies(ctx: ExecContext, io: ExecIo): Promise<number> {
  const env = envOf(ctx.container);
  const deps: { name: string; where: string; probe: () => Promise<ProbeResult> }[] = [];
  const store = (name: string, where: string, port: number) => {
    const hp = hostPort(where, port);
    deps.push({ name, where, probe: () => tcpProbe(hp.host, hp.port) });
  };
  if (env.DATABASE_URL) store('postgres', env.DATABASE_URL, 5432);
  else if (env.DATABASE_HOST) store('postgres', `${env.DATABASE_HOST}:${env.DATABASE_PORT ?? '5432'}`, 5432);
  if (env.REDIS_URL) store('redis', env.REDIS_URL, 6379);
  else if (env.REDIS_HOST) store('redis', `${env.REDIS_HOST}:${env.REDIS_PORT ?? '6379'}`, 6379);
  const rpcs: [string, string | undefined][] = [
    ['rpc', env.ETH_RPC_URL ?? env.RPC_URL],
    ['rpc fallback', env.ETH_RPC_FALLBACK_URL],
  ];
  for (const [name, url] of rpcs) if (url) deps.push({ name, where: url, probe: () => rpcProbe(url) });
  const results = await Promise.all(deps.map((d) => d.probe()));
  let failed = 0;
  for (const [i, d] of deps.entries()) {
    const r = results[i]!;
    if (!r.ok) failed++;
    const state = r.ok ? `ok${r.text === 'connected' ? '' : `: ${r.text}`}` : `UNREACHABLE: ${r.text}`;
    io.out(`${d.name.padEnd(13)} ${d.where}  ${state} (${r.ms} ms)\n`);
  }
  const { ready, total } = ctx.replicas;
  io.out(`self          ${ctx.pod.metadata.name}  ${ready}/${total} replicas ready\n`);
  if (!deps.length) io.out('no dependency is configured in the environment\n');
  if (!failed) return 0;
  io.err(`${failed} of ${deps.length} dependencies unreachable\n`);
  return 1;
}

async function metricsBusiness(ctx: ExecContext, io: ExecIo): Promise<number> {
  const up = uptimeSeconds(ctx.pod);
  const { ready, total } = ctx.replicas;
  const perPod = 12 + (up % 7);
  io.out(`replicas ready        ${ready}/${total}\n`);
  io.out(`orders/min            ${perPod * ready}\n`);
  io.out(`listings created/min  ${Math.round((perPod * ready) / 3)}\n`);
  io.out(
    `checkout success      ${ready === total ? '99.2' : (99.2 * (ready / Math.max(1, total))).toFixed(1)} %\n`,
  );
  io.out(`uptime of this pod    ${up} s\n`);
  return 0;
}

async function npm(argv: string[], ctx: ExecContext, io: ExecIo): Promise<number> {
  if (argv[1] !== 'run' && argv[1] !== 'run-script') {
    io.err(`npm error Unknown command: "${argv[1] ?? ''}"\n`);
    return 1;
  }
  const name = argv[2];
  const script = name ? SCRIPTS[name] : undefined;
  if (!name || !script) {
    if (!name) {
      io.out(`Scripts available in ${packageOf(ctx.container)} via \`npm run\`:\n`);
      for (const [n, s] of Object.entries(SCRIPTS)) io.out(`  ${n}\n    node ${s.file}\n`);
      return 0;
    }
    io.err(
      `npm error Missing script: "${name}"\nnpm error\nnpm error To see a list of scripts, run:\nnpm error   npm run\n`,
    );
    return 1;
  }
  io.out(`\n> ${packageOf(ctx.container)} ${name}\n> node ${script.file}\n\n`);
  return script.run(ctx, io);
}

function curl(argv: string[], ctx: ExecContext, io: ExecIo): number {
  const url = argv.slice(1).find((a) => !a.startsWith('-'));
  if (!url) {
    io.err("curl: try 'curl --help' for more information\n");
    return 2;
  }
  let u: URL;
  try {
    u = new URL(/^[a-z]+:\/\//i.test(url) ? url : `http://${url}`);
  } catch {
    io.err(`curl: (3) URL rejected: Malformed input to a URL function\n`);
    return 3;
  }
  const local = ['localhost', '127.0.0.1', ctx.pod.status?.podIP].includes(u.hostname);
  const port = Number(u.port || 80);
  if (!local || ![3001, 8080].includes(port)) {
    io.err(`curl: (7) Failed to connect to ${u.hostname} port ${port}: Connection refused\n`);
    return 7;
  }
  const req = {
    namespace: ctx.pod.metadata.namespace ?? 'default',
    pod: ctx.pod.metadata.name,
    ...(ctx.pod.metadata.labels?.app ? { app: ctx.pod.metadata.labels.app } : {}),
    port,
    path: u.pathname,
  };
  const a = ctx.podHttp?.(req) ?? defaultPodAnswer(req);
  io.out(a.body);
  return argv.includes('-f') && a.status >= 400 ? 22 : 0;
}

/** Runs argv in the container; resolves to the exit code. */
export async function runInContainer(argv: string[], ctx: ExecContext, io: ExecIo): Promise<number> {
  const [cmd, ...args] = argv;
  const marketplace = MARKETPLACE.test(ctx.container.image ?? '');
  switch (cmd) {
    case 'sh':
    case 'bash':
    case '/bin/sh':
    case '/bin/bash':
      if (args[0] === '-c' && args[1] !== undefined) return shellLine(args[1], ctx, io);
      break;
    case 'echo':
      io.out(`${args.join(' ')}\n`);
      return 0;
    case 'cat':
      if (!args.length) {
        for await (const chunk of io.stdin()) io.out(chunk.toString('utf8'));
        return 0;
      }
      io.err(`cat: ${args[0]}: No such file or directory\n`);
      return 1;
    case 'true':
      return 0;
    case 'false':
      return 1;
    case 'hostname':
      io.out(`${ctx.pod.metadata.name}\n`);
      return 0;
    case 'env':
    case 'printenv':
      for (const [k, v] of Object.entries({ HOSTNAME: ctx.pod.metadata.name, ...envOf(ctx.container) }))
        io.out(`${k}=${v}\n`);
      return 0;
    case 'npm':
      if (marketplace) return npm(argv, ctx, io);
      break;
    case 'curl':
      if (marketplace) return curl(argv, ctx, io);
      break;
  }
  io.err(`sh: ${cmd ?? ''}: command not found\n`);
  return 127;
}

/** `sh -c 'CMD ARGS… [| grep [-v] WORD]'`: words split at spaces (quotes kept simple). */
async function shellLine(line: string, ctx: ExecContext, io: ExecIo): Promise<number> {
  const [first, ...pipes] = line.split('|').map((p) => p.trim());
  const words = (s: string) =>
    (s.match(/'[^']*'|"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^(['"])(.*)\1$/, '$2'));
  const argv = words(first ?? '');
  if (!pipes.length) return runInContainer(argv, ctx, io);
  let text = '';
  const code = await runInContainer(argv, ctx, { ...io, out: (t) => (text += t) });
  for (const p of pipes) {
    const [cmd, ...rest] = words(p);
    if (cmd !== 'grep') {
      io.err(`sh: ${cmd ?? ''}: command not found\n`);
      return 127;
    }
    const invert = rest[0] === '-v';
    const pattern = invert ? rest[1] : rest[0];
    const lines = text.split('\n').filter((l) => l && l.includes(pattern ?? '') !== invert);
    text = lines.map((l) => `${l}\n`).join('');
    if (!lines.length) return 1;
  }
  io.out(text);
  return code;
}
