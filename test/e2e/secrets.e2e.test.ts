// Secrets by construction and untrusted text, end to end in the built console in tmux.
// Canaries: a distinct canary string in every place a secret can hide in a configuration and
// its environment (Postgres and Redis passwords, the Redis ACL user's password, RPC keys in
// infura/quicknode/ankr/alchemy path shapes and in ?token=/?apikey= queries, basic auth and a
// bearer header on health URLs, PGPASSWORD, the AWS secret key, the env fallbacks), real
// servers behind them (a role on the real PostgreSQL, a private redis-server with that ACL
// user, a dev chain behind a path-stripping HTTP front, an HTTP health server), a failing
// endpoint of each kind; then every pane zoomed, snapshot (text and JSON), doctor, the debug
// log, an incident with an action and its exports (md, json, html), the action log, what the
// confirm dialog copies (Ctrl-Y inside tmux: the tmux buffer, read back), runbook commands
// (actions.commands) that print the canaries (the pod's env, echoed URLs and headers) with their
// output dialog, and `warroom replay` of the incident's recording: no canary anywhere.
// Hostile text: escape sequences, bidi and zero-width characters from every kind of source;
// the screen shows placeholders, the terminal's title, clipboard and cursor are untouched.
import { Redis } from 'ioredis';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevChain, type DevChain } from '../../src/sim/chain/index.js';
import { startCloudWatchSim, type CloudWatchSim } from '../../src/sim/cloudwatch/index.js';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { focus, palette } from '../demo/tmux-drill.js';
import { createTestDb, PG_ADMIN_URL, type TestDb } from '../helpers/pg.js';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis.js';
import { ROOT, Tmux, WARROOM, warroomCmd } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

/** Every canary starts with this: a leak of any of them, or of a cut prefix, is found by it. */
const MARK = 'Cnry';
const C = {
  pgPass: `${MARK}PgPass7401`,
  pgEnv: `${MARK}PgEnv7402`,
  databaseUrl: `${MARK}DbUrl7403`,
  redisAcl: `${MARK}RedisAcl7404`,
  redisDefault: `${MARK}RedisDef7405`,
  infura: `${MARK}Infura7406aa`,
  quicknode: `${MARK}Quick7407bb`,
  ankr: `${MARK}Ankr7408cc`,
  alchemy: `${MARK}Alch7409dd`,
  token: `${MARK}TokenQ7410`,
  apikey: `${MARK}ApiKey7411`,
  echo: `${MARK}Echo7412ee`,
  deadRpc: `${MARK}DeadRpc7413`,
  healthBasic: `${MARK}HealthB7414`,
  bearer: `${MARK}Bearer7415`,
  healthDead: `${MARK}HealthD7416`,
  ethEnv: `${MARK}EthEnv7417`,
  redisEnv: `${MARK}RedisEnv7418`,
  aws: `${MARK}AwsSecret7419`,
  pgWrong: `${MARK}PgDead7420`,
  redisWrong: `${MARK}RedisWrong7421`,
  healthQuery: `${MARK}HealthTok7422`,
  // In the pod's env only (the console does not know them): its patterns must catch them.
  podDbPass: `${MARK}PodDbPass7423`,
  podToken: `${MARK}PodToken7424`,
  podRpcKey: `${MARK}PodRpcKey7425ff`,
};
const NS = 'web3-marketplace';
// Roles are the server's, not a database's: one of this run's own, so that runs side by side
// (two checkouts on one machine) do not drop each other's.
const ROLE = `warroom_canary_${randomBytes(4).toString('hex')}`;

let db: TestDb;
let redis: PrivateRedis;
let dev: DevChain;
let kube: KubeSim;
let cw: CloudWatchSim;
const servers: http.Server[] = [];
const tmuxes: Tmux[] = [];
const pgClients: pg.Client[] = [];
let rpcPort = 0;
let healthPort = 0;
let hostileHealth = false;

const HOSTILE =
  '\x1b]0;PWNED-TITLE\x07\x1b]52;c;UFdORUQtQ0xJUA==\x07\x1b[2J\x1b[5;5H\x1b7\u202Egnp.exe\u200Bx\x1bP+q544e\x1b\\\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\\x9b31m\x9d2;PWNED-TITLE\x07end';

async function listen(server: http.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A JSON-RPC front that strips the path (any provider shape reaches the dev chain), except
 *  /echo/… which answers 401 echoing the URL back, as providers do for a bad key. */
function rpcFront(target: string): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url?.startsWith('/echo/')) {
        const id = (() => {
          try {
            return (JSON.parse(body) as { id?: unknown }).id ?? 1;
          } catch {
            return 1;
          }
        })();
        res.writeHead(401, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            jsonrpc: '2.0',
            id,
            error: { code: -32001, message: `invalid project key at ${req.url} (${req.headers.host})` },
          }),
        );
        return;
      }
      fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (r) =>
          res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()),
        )
        .catch(() => res.writeHead(502).end());
    });
  });
}

/** /health wants basic auth; /bearer wants the bearer header and says so (echoing it) when down. */
function healthServer(): http.Server {
  return http.createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (hostileHealth) return json(200, { status: `ok${HOSTILE}` });
    if (req.url?.startsWith('/health')) {
      const ok = auth === `Basic ${Buffer.from(`monitor:${C.healthBasic}`).toString('base64')}`;
      return json(ok ? 200 : 401, { status: ok ? 'healthy' : `refused ${auth}` });
    }
    if (req.url?.startsWith('/bearer')) return json(503, { status: `degraded for ${auth}` });
    return json(200, { status: `healthy ${req.url}` });
  });
}

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
  [db, redis, dev, kube, cw] = await Promise.all([
    createTestDb('warroom_e2e_secrets'),
    startPrivateRedis(),
    startDevChain({ blockTimeSeconds: 1 }),
    startKubeSim({ tickMs: 200 }),
    startCloudWatchSim(),
  ]);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${ROLE}`);
  await admin.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${C.pgPass}' IN ROLE pg_monitor`);
  await admin.end();
  const r = new Redis(redis.url);
  await r.call('ACL', 'SETUSER', 'ops', 'on', `>${C.redisAcl}`, '~*', '&*', '+@all');
  await r.set('cache:one', '1');
  await r.config('SET', 'requirepass', C.redisDefault);
  r.disconnect();
  rpcPort = await listen(rpcFront(dev.url));
  healthPort = await listen(healthServer());
  await podEnvWithCanaries();
}, 120_000);

/** The backend's container env carries the canaries (as an app's env does), rolled out. */
async function podEnvWithCanaries(): Promise<void> {
  const rpc = `http://127.0.0.1:${rpcPort}`;
  const env = {
    DATABASE_URL: `postgres://${ROLE}:${C.pgPass}@127.0.0.1:5432/${db.name}`,
    APP_DATABASE_URL: `postgres://app:${C.podDbPass}@db.internal:5432/app`,
    ETH_RPC_URL: `${rpc}/v3/${C.infura}`,
    ETH_RPC_FALLBACK_URL: `https://rpc.example/v2/${C.podRpcKey}`,
    PRICE_FEED_URL: `https://feed.example/prices?token=${C.podToken}`,
    REDIS_URL: `redis://ops:${C.redisAcl}@127.0.0.1:${redis.port}`,
    UPSTREAM_AUTH: `Bearer ${C.bearer}`,
  };
  const res = await fetch(`${kube.url}/apis/apps/v1/namespaces/${NS}/deployments/backend`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/strategic-merge-patch+json' },
    body: JSON.stringify({
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'backend', env: Object.entries(env).map(([name, value]) => ({ name, value })) },
            ],
          },
        },
      },
    }),
  });
  expect(res.status).toBe(200);
  await waitFor(
    () => kube.cluster.listPods(NS).filter((p) => String(p.metadata.name).startsWith('backend-')),
    (pods) =>
      pods.length > 0 &&
      pods.every(
        (p) =>
          !p.metadata.deletionTimestamp &&
          p.status?.phase === 'Running' &&
          (p.spec.containers[0].env ?? []).some((e: { name: string }) => e.name === 'UPSTREAM_AUTH'),
      ),
    { what: 'the backend rolled out with the canary env', timeoutMs: 30_000 },
  );
}

afterAll(async () => {
  for (const t of tmuxes.splice(0)) t.kill();
  for (const c of pgClients) await c.end().catch(() => undefined);
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await Promise.all([dev?.close(), kube?.close(), cw?.close(), redis?.stop()]);
  await db?.drop();
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${ROLE}`);
  await admin.end();
});

function env(): Record<string, string> {
  return {
    PGPASSWORD: C.pgEnv,
    DATABASE_URL: `postgres://${ROLE}:${C.databaseUrl}@127.0.0.1:5432/app`,
    REDIS_URL: `redis://ops:${C.redisEnv}@127.0.0.1:${redis.port}`,
    ETH_RPC_URL: `http://127.0.0.1:${rpcPort}/v3/${C.ethEnv}`,
    AWS_ACCESS_KEY_ID: 'AKIDSIMULATOR',
    AWS_SECRET_ACCESS_KEY: C.aws,
    AWS_REGION: 'us-east-1',
  };
}

function goodConfig(home: string): string {
  const rpc = `http://127.0.0.1:${rpcPort}`;
  const health = `127.0.0.1:${healthPort}`;
  const kc = kube.writeKubeconfig(join(home, 'kubeconfig'), { context: 'sim-prod' });
  const cfg = join(home, 'warroom.yaml');
  writeFileSync(
    cfg,
    [
      'kubernetes:',
      `  kubeconfig: ${kc}`,
      '  namespaces: [web3-marketplace]',
      '  deployments: [backend]',
      'postgres:',
      `  url: "postgres://${ROLE}:${C.pgPass}@127.0.0.1:5432/${db.name}"`,
      '  intervalMs: 1000',
      'redis:',
      `  url: "redis://ops:${C.redisAcl}@127.0.0.1:${redis.port}"`,
      '  keyPrefix: "cache:"',
      '  intervalMs: 1000',
      'chain:',
      '  blockTimeSeconds: 1',
      '  intervalMs: 1000',
      '  timeoutMs: 1500',
      '  endpoints:',
      `    - { name: infura, url: "${rpc}/v3/${C.infura}" }`,
      `    - { name: quicknode, url: "${rpc}/${C.quicknode}/", showPath: true }`,
      `    - { name: ankr, url: "${rpc}/eth/${C.ankr}" }`,
      `    - { name: alchemy, url: "${rpc}/v2/${C.alchemy}" }`,
      `    - { name: tokenq, url: "${rpc}/rpc?token=${C.token}", showPath: true }`,
      `    - { name: apikeyq, url: "${rpc}/?apikey=${C.apikey}" }`,
      `    - { name: badkey, url: "${rpc}/echo/${C.echo}", showPath: true }`,
      `    - { name: deadrpc, url: "http://127.0.0.1:9/v3/${C.deadRpc}" }`,
      'health:',
      '  endpoints:',
      `    - { name: basic, url: "http://monitor:${C.healthBasic}@${health}/health", intervalMs: 1000, showPath: true }`,
      `    - name: bearer`,
      `      url: "http://${health}/bearer"`,
      `      headers: { authorization: "Bearer ${C.bearer}" }`,
      '      intervalMs: 1000',
      `    - { name: query, url: "http://${health}/status?token=${C.healthQuery}", intervalMs: 1000, showPath: true }`,
      `    - { name: deadhealth, url: "http://monitor:${C.healthDead}@127.0.0.1:9/health", intervalMs: 1000 }`,
      'cloudwatch:',
      '  region: us-east-1',
      `  endpoint: ${cw.endpoint}`,
      '  logGroups: [/aws/eks/prod/application]',
      'actions:',
      '  commands:',
      '    - label: Canary env dump',
      '      deployment: backend',
      '      argv: [env]',
      '      risk: read-only',
      '    - label: Canary echo check',
      '      deployment: backend',
      '      argv:',
      '        - echo',
      `        - "authorization: Bearer ${C.bearer}"`,
      `        - "${rpc}/v3/${C.infura}?apikey=${C.apikey}"`,
      `        - "http://monitor:${C.healthBasic}@${health}/health?token=${C.healthQuery}"`,
      '      risk: read-only',
      'incident:',
      '  handle: alice',
      '',
    ].join('\n'),
  );
  return cfg;
}

function badConfig(home: string): string {
  const cfg = join(home, 'bad.yaml');
  writeFileSync(
    cfg,
    [
      'postgres:',
      `  url: "postgres://${ROLE}:${C.pgWrong}@127.0.0.1:9/${db.name}"`,
      'redis:',
      `  url: "redis://ops:${C.redisWrong}@127.0.0.1:${redis.port}"`,
      '',
    ].join('\n'),
  );
  return cfg;
}

const PANES: [string, string][] = [
  ['1', 'Pods'],
  ['2', 'Deployments'],
  ['3', 'Events'],
  ['4', 'Top'],
  ['5', 'Health'],
  ['6', 'Chain'],
  ['7', 'Postgres'],
  ['8', 'Redis'],
  ['9', 'Timeline'],
  ['0', 'Logs'],
];

/** Zooms each pane in turn and returns every screen seen (grid and zoomed). */
async function everyPaneZoomed(t: Tmux): Promise<string[]> {
  const screens = [t.screen()];
  for (const [key, title] of PANES) {
    const other = key === '1' ? '2 Deployments' : '1 Pods';
    t.send(key);
    await t.waitForText(`▶${key} ${title}`);
    t.send('z');
    screens.push(
      await t.waitFor((s) => s.includes(`${key} ${title}`) && !s.includes(other), {
        what: `${title} zoomed`,
      }),
    );
    t.send('z');
    await t.waitFor((s) => s.includes(other), { what: `grid after ${title}` });
  }
  return screens;
}

/** The console has exited: the shell's prompt is the last line again. */
async function atPrompt(t: Tmux): Promise<void> {
  await t.waitFor((s) => s.trimEnd().split('\n').at(-1) === '$', { what: 'shell prompt after exit' });
}

function tmuxOf(t: Tmux, ...args: string[]): string {
  try {
    return execFileSync('tmux', ['-L', t.socket, ...args], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

/** Every file under dir (journals, updates, the action log, exports), as text. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[p] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function leaks(where: string, text: string): string[] {
  const found: string[] = [];
  let i = text.indexOf(MARK);
  while (i >= 0) {
    found.push(`${where}: …${text.slice(Math.max(0, i - 40), i + 30)}…`);
    i = text.indexOf(MARK, i + 1);
  }
  return found;
}

/** Runs a warroom subcommand (exit status ignored: failing checks exit 1); stdout and stderr. */
function cli(home: string, cfg: string, ...args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [WARROOM, '--config', cfg, ...args],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          XDG_STATE_HOME: join(home, 'state'),
          ...env(),
          WARROOM_LOG: join(home, 'debug-cli.log'),
        },
      },
      (_err, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
    );
  });
}

describe('secrets by construction', () => {
  it('no canary on any screen, snapshot, doctor, log, journal, export, action log or clipboard', async () => {
    // Inside tmux ($TMUX set), as a responder runs it: Ctrl-Y sets the tmux buffer itself.
    const t = await Tmux.start({ cols: 200, rows: 50, env: env(), insideTmux: true });
    tmuxes.push(t);
    const debugLog = join(t.home, 'debug.log');
    t.run(`export WARROOM_LOG='${debugLog}'`);
    const cfg = goodConfig(t.home);
    t.run(warroomCmd(`--config ${cfg}`));
    const first = await t.waitFor(
      (s) =>
        /infura\s+●\s+#\d+/.test(s) &&
        /Postgres\s+● live/.test(s) &&
        /Redis\s+● live/.test(s) &&
        /Health\s+● live/.test(s),
      { what: 'chain, postgres, redis and health live', timeoutMs: 40_000 },
    );
    const screens = [first];
    // The failing endpoints say why (the errors echo URLs and headers back).
    t.send('6');
    await t.waitForText('▶6 Chain');
    t.send('z');
    screens.push(
      await t.waitFor((s) => /badkey\s+✖/.test(s) && /deadrpc\s+✖/.test(s) && s.includes('quicknode'), {
        what: 'chain errors zoomed',
        timeoutMs: 20_000,
      }),
    );
    t.send('z');
    await t.waitForText('1 Pods');
    screens.push(
      await t.waitFor((s) => /bearer\s+✖ DOWN/.test(s) && /deadhealth\s+✖ DOWN/.test(s), {
        what: 'health failures',
      }),
    );
    screens.push(...(await everyPaneZoomed(t)));

    // An incident, and an action whose confirm dialog copies the equivalent command.
    t.send('!');
    await t.waitForText('Declare an incident');
    t.send(`Canary drill`, 'Tab', '2', 'Tab', 'nothing', 'Enter');
    await t.waitForText('▲ SEV 2');
    t.send('8');
    await t.waitForText('▶8 Redis');
    t.send('K');
    await t.waitFor((s) => s.includes('› Key pattern:'), { what: 'delete-keys form' });
    t.send('cache:*');
    await t.waitFor((s) => s.includes('Key pattern: cache:*'), { what: 'pattern typed' });
    t.send('Enter');
    const dialog = await t.waitFor((s) => s.includes('Confirm:') && /Type the name \S+:/.test(s), {
      what: 'confirm dialog',
    });
    screens.push(dialog);
    expect(dialog).toMatch(/redis-cli -h 127\.0\.0\.1 -p \d+ --user ops --askpass/);
    t.send('C-y');
    const copied = await (async () => {
      let buf = '';
      await t.waitFor(
        () => {
          buf = tmuxOf(t, 'show-buffer');
          return buf.includes('redis-cli');
        },
        { what: 'tmux buffer written (tmux load-buffer)' },
      );
      return buf;
    })();
    // The dialog says which path the copy took.
    await t.waitForText('copied to the tmux buffer');
    t.send('cache');
    await t.waitForText(': cache ✓');
    t.send('Enter');
    const ctx = /and the context (\S+):/.exec(dialog)?.[1];
    if (ctx) {
      await t.waitForText('› and the context');
      t.send(ctx);
      await t.waitForText(`: ${ctx} ✓`);
      t.send('Enter');
    }
    screens.push(await t.waitForText(/deleted \d+ keys? matching cache:\*/, 20_000));

    // Runbook commands that print the canaries: the pod's env, and echoed URLs and headers.
    await focus(t, '2', 'Deployments');
    for (const [query, printed] of [
      ['canary env dump', 'UPSTREAM_AUTH='],
      ['canary echo check', '/v3/***?apikey=***'],
    ] as const) {
      await palette(t, query, query.replace(/^c/, 'C'));
      const out = await t.waitFor((s) => s.includes('● exit code 0 in pod backend-') && s.includes(printed), {
        what: `${query}: its output, exit code 0`,
        timeoutMs: 20_000,
      });
      screens.push(out);
      if (printed === 'UPSTREAM_AUTH=') {
        // The pod's env went through the redaction, credentials masked, the rest kept.
        expect(out).toContain('APP_DATABASE_URL=postgres://app:***@db.internal:5432/app');
        expect(out).toContain('PRICE_FEED_URL=https://feed.example/prices?token=***');
        expect(out).toContain('ETH_RPC_FALLBACK_URL=https://rpc.example/v2/***');
      }
      t.send('Escape');
      await t.waitFor((s) => !s.includes('Esc closes'), { what: 'the output dialog closed' });
    }
    t.send('q');
    await atPrompt(t);

    // The incident's recording replayed: every pane zoomed, the timeline's journal included.
    const incidents = join(t.home, 'state', 'warroom', 'incidents');
    const id = readdirSync(incidents)
      .find((f) => f.endsWith('.rec'))
      ?.slice(0, -4);
    expect(id, 'the incident was recorded').toBeDefined();
    t.run(`clear; ${warroomCmd(`replay ${id}`)}`);
    screens.push(
      await t.waitFor((s) => s.includes('REPLAY') && s.includes('READ-ONLY'), { what: 'the replay' }),
    );
    t.send('End');
    const replayed = await everyPaneZoomed(t);
    expect(replayed.join('\n'), 'the replay holds the runbook commands').toContain('Action: Canary env dump');
    screens.push(...replayed);
    t.send('q');
    await atPrompt(t);

    // The failing Postgres and Redis (a closed port, a wrong ACL password) in a second run.
    const bad = badConfig(t.home);
    t.run(warroomCmd(`--config ${bad}`));
    await t.waitForText('Open incident found');
    t.send('n');
    screens.push(
      await t.waitFor((s) => /Postgres\s+✖/.test(s) && /WRONGPASS/.test(s), {
        what: 'postgres and redis errors',
        timeoutMs: 30_000,
      }),
    );
    for (const key of ['7', '8']) {
      t.send(key);
      await t.waitForText(`▶${key} `);
      t.send('z');
      // Only Postgres and Redis are configured: Pods folds into one line (issue 14), the
      // timeline (always there) tells the grid from the zoom.
      await t.waitFor((s) => !s.includes('9 Timeline'), { what: `zoom ${key}` });
      screens.push(t.screen());
      t.send('z');
      await t.waitForText('9 Timeline');
    }
    t.send('q');
    await atPrompt(t);

    const runs = {
      'snapshot text': cli(t.home, cfg, 'snapshot', '--timeout', '8000'),
      'snapshot json': cli(t.home, cfg, 'snapshot', '--json', '--timeout', '8000'),
      'snapshot bad': cli(t.home, bad, 'snapshot', '--json', '--timeout', '8000'),
      doctor: cli(t.home, cfg, 'doctor'),
      'doctor bad': cli(t.home, bad, 'doctor'),
      'export md': cli(t.home, cfg, 'export', '--format', 'md'),
      'export json': cli(t.home, cfg, 'export', '--format', 'json'),
      'export html': cli(t.home, cfg, 'export', '--format', 'html'),
    };
    const outputs: Record<string, string> = Object.fromEntries(
      await Promise.all(Object.entries(runs).map(async ([k, p]) => [k, await p] as const)),
    );
    Object.assign(outputs, filesUnder(join(t.home, 'state')), {
      clipboard: copied,
      'debug log': readFileSync(debugLog, 'utf8'),
      'cli debug log': readFileSync(join(t.home, 'debug-cli.log'), 'utf8'),
    });
    screens.forEach((s, i) => (outputs[`screen ${i}`] = s));
    // What was exercised really was there.
    expect(outputs['snapshot json']).toContain('"chain"');
    expect(outputs.doctor).toMatch(/infura \(http:\/\/127\.0\.0\.1:\d+\)/);
    expect(outputs['export md']).toContain('Canary drill');
    expect(outputs['export json']).toContain('redis.delete-keys');
    expect(outputs['export html']).toContain('Canary drill');
    expect(outputs['export md']).toContain('Canary env dump');
    expect(outputs['export md']).toContain('UPSTREAM_AUTH');
    expect(outputs['debug log']?.length).toBeGreaterThan(0);
    expect(Object.keys(outputs).some((k) => k.endsWith('actions.jsonl'))).toBe(true);
    const all = Object.entries(outputs).flatMap(([k, v]) => leaks(k, v));
    expect(all).toEqual([]);
  }, 240_000);
});

describe('untrusted text', () => {
  it('hostile text in every pane: placeholders on screen, title, clipboard and cursor untouched', async () => {
    const ns = 'web3-marketplace';
    const pod = kube.cluster.listPods(ns).find((p) => String(p.metadata.name).startsWith('backend-'));
    const podName = pod.metadata.name as string;
    kube.cluster.appendLog(ns, podName, pod.spec.containers[0].name, `ERROR pod ${HOSTILE}`);
    kube.cluster.addEvent(ns, { kind: 'Pod', name: podName }, 'Warning', 'Hostile', `event ${HOSTILE}`);
    cw.putEvents('/aws/eks/prod/application', 'hostile', [`ERROR cloudwatch ${HOSTILE}`]);
    const r = new Redis({ port: redis.port, password: C.redisDefault });
    await r.config('SET', 'slowlog-log-slower-than', '0');
    await r.set(`cache:${HOSTILE}`, 'x');
    r.disconnect();
    const c = new pg.Client({ connectionString: db.url, application_name: `app${HOSTILE}` });
    await c.connect();
    pgClients.push(c);
    void c.query(`SELECT pg_sleep(60) /* ${HOSTILE} */`).catch(() => undefined);
    hostileHealth = true;

    const t = await Tmux.start({ cols: 200, rows: 50, env: env() });
    tmuxes.push(t);
    execFileSync('tmux', ['-L', t.socket, 'set-option', '-s', 'set-clipboard', 'on']);
    const title = tmuxOf(t, 'display-message', '-p', '-t', 'w', '#{pane_title}');
    t.run(warroomCmd(`--config ${goodConfig(t.home)}`));
    await t.waitFor((s) => /Postgres\s+● live/.test(s) && /Health\s+● live/.test(s), {
      what: 'console live',
      timeoutMs: 40_000,
    });
    const screens = await everyPaneZoomed(t);
    const seen = screens.join('\n');
    // Every source's hostile text arrived, as visible placeholders.
    for (const where of ['ERROR pod', 'event ', 'ERROR cloudwatch', 'pg_sleep(60)', 'ok␛']) {
      expect(seen, where).toContain(where);
    }
    expect(seen).toContain('␛');
    expect(seen).toMatch(/�gnp\.exe�x/);
    expect(seen).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e\u200b]/);
    // The header is still on the first line: nothing moved the cursor or cleared the screen.
    expect(t.screen().split('\n')[0]).toContain('warroom');
    expect(tmuxOf(t, 'display-message', '-p', '-t', 'w', '#{pane_title}')).toBe(title);
    expect(tmuxOf(t, 'list-buffers')).toBe('');
    t.send('q');
    await atPrompt(t);
    expect(tmuxOf(t, 'display-message', '-p', '-t', 'w', '#{pane_title}')).toBe(title);
    expect(tmuxOf(t, 'list-buffers')).toBe('');
    hostileHealth = false;
  }, 180_000);
});
