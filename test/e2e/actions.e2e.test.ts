// Every action from the palette and from its pane key, in the built console in tmux, against
// the Kubernetes API simulator, the CloudFront simulator, a real PostgreSQL database of the
// test's own and a private redis-server: the confirm dialog shows the preview, the typed
// target name (and context) is required, and the effect is real. Then --read-only refuses,
// RBAC-denied actions show as unavailable, and the action log holds every record.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { Tmux } from '../helpers/tmux.js';
import {
  ACTIONS_DIST,
  ACTIONS_NS,
  kubeMutations,
  startActionsConsole,
  useActionsBackends,
} from '../helpers/actions-config.js';
import { waitFor } from '../helpers/wait.js';

const NS = ACTIONS_NS;
const DIST = ACTIONS_DIST;
let t: Tmux | undefined;
const B = useActionsBackends({ tickMs: 100, dbName: 'warroom_e2e_actions' }, () => t?.kill());

async function startConsole(extra = '') {
  t?.kill();
  t = await startActionsConsole(B, { cols: 200, rows: 50, extra });
  return t;
}

const TITLES: Record<string, string> = {
  '1': 'Pods',
  '2': 'Deployments',
  '5': 'Health',
  '7': 'Postgres',
  '8': 'Redis',
};

async function focus(tm: Tmux, n: string) {
  if (tm.screen().includes(`▶${n} ${TITLES[n]}`)) return;
  tm.send(n);
  await tm.waitFor((s) => s.includes(`▶${n} ${TITLES[n]}`), { what: `pane ${n} focused` });
}

const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Keys typed quickly reach the console as one chunk (text plus Enter would be one input), so
 * every step waits for its effect on the screen before the next key.
 */
// The focused pane's filter line (its frame is drawn with ║). Other panes keep their own
// filters: since issue 14 the panes stay mounted under dialogs, and issue 12 item 3 keeps a
// pane's view state, so an earlier pane's filter is still on screen.
const FILTER_LINE = /║\/\S* {2}\(\d+ of \d+\)/;
async function filterTo(tm: Tmux, text: string) {
  if (FILTER_LINE.test(tm.screen())) {
    tm.send('Escape');
    await tm.waitFor((s) => !FILTER_LINE.test(s), { what: 'filter cleared' });
  }
  tm.send('/');
  await tm.waitFor((s) => s.includes('/▏'), { what: 'filter editing' });
  tm.send(text);
  await tm.waitFor((s) => s.includes(`/${text}▏`), { what: `filter ${text} typed` });
  tm.send('Enter');
  await tm.waitFor((s) => s.includes(`/${text}  (`) && !s.includes(`/${text}▏`), { what: `filter ${text}` });
}

/** Opens an action by its pane key, or from the palette by typing `query` until `title` is the active row. */
async function open(tm: Tmux, how: { key: string } | { palette: string; title: string }) {
  if ('key' in how) {
    tm.send(how.key);
    return;
  }
  tm.send(':');
  await tm.waitFor((s) => s.includes('Actions for'), { what: 'palette' });
  tm.send(how.palette);
  await tm.waitFor((s) => s.split('\n').some((l) => l.includes('›') && l.includes(how.title)), {
    what: `palette row ${how.title}`,
  });
  tm.send('Enter');
}

/** Sets the active form field (cleared with ^U first) and waits until it shows. */
async function field(tm: Tmux, label: string, value: string) {
  await tm.waitFor((s) => s.includes(`› ${label}:`), { what: `field ${label}` });
  tm.send('C-u');
  await tm.waitFor((s) => new RegExp(`${esc(label)}: +│`).test(s), { what: `field ${label} cleared` });
  if (value) {
    tm.send(value);
    await tm.waitFor((s) => s.includes(`${label}: ${value}`), { what: `field ${label} = ${value}` });
  }
}
async function nextField(tm: Tmux, label: string) {
  tm.send('Tab');
  await tm.waitFor((s) => s.includes(`› ${label}:`), { what: `field ${label} active` });
}
async function submit(tm: Tmux) {
  await tm.waitFor((s) => s.includes('Enter: preview'), { what: 'parameter form' });
  tm.send('Enter');
}

/** Reads the names the dialog asks for, types them, confirms; returns the confirm screen. */
async function confirm(tm: Tmux, expectName?: string): Promise<string> {
  const screen = await tm.waitFor((s) => s.includes('Confirm:') && /Type the (?:name|pid) \S+:/.test(s), {
    what: 'confirm dialog',
    timeoutMs: 15_000,
  });
  const name = /Type the (?:name|pid) (\S+):/.exec(screen)?.[1];
  const ctx = /and the context (\S+):/.exec(screen)?.[1];
  expect(name).toBeTruthy();
  if (expectName) expect(name).toBe(expectName);
  // Enter alone never confirms.
  tm.send('Enter');
  await tm.waitFor((s) => s.includes('exactly to confirm'), { what: 'Enter alone refused' });
  tm.send(name!);
  await tm.waitFor((s) => s.includes(`: ${name} ✓`), { what: 'name typed' });
  tm.send('Enter');
  if (ctx) {
    await tm.waitFor((s) => s.includes('› and the context'), { what: 'context field active' });
    tm.send(ctx);
    await tm.waitFor((s) => s.includes(`: ${ctx} ✓`), { what: 'context typed' });
    tm.send('Enter');
  }
  return screen;
}

async function outcome(tm: Tmux, re: RegExp): Promise<string> {
  return tm.waitFor((s) => re.test(s.split('\n').at(-2) ?? '') || re.test(s), {
    what: `outcome ${re}`,
    timeoutMs: 20_000,
  });
}

const podImages = (name: string) =>
  B.sim.cluster
    .listPods(NS)
    .filter((p) => p.metadata.name.startsWith(`${name}-`) && !p.metadata.deletionTimestamp)
    .map((p) => p.spec.containers[0].image as string);

describe('actions in the console (tmux)', () => {
  it('Kubernetes: undo, restart, scale, set env, pause/resume, follow, ConfigMap, maintenance, delete pod', async () => {
    const tm = await startConsole();
    B.sim.cluster.updateDeploymentImage(
      NS,
      'backend',
      'ghcr.io/web3-marketplace/backend:1.9.0',
      'deploy backend 1.9.0',
    );
    await waitFor(
      () => podImages('backend'),
      (im) => im.length === 3 && im.every((i) => i.endsWith(':1.9.0')),
      {
        what: 'rollout to 1.9.0',
        timeoutMs: 20_000,
      },
    );
    await focus(tm, '2');
    await filterTo(tm, 'backend');

    // U: rollout undo by its pane key (form: the previous revision by default)
    await open(tm, { key: 'U' });
    await tm.waitFor((s) => s.includes('To revision (0 = the previous one): 1'), { what: 'undo form' });
    await submit(tm);
    let s = await confirm(tm, 'backend');
    expect(s).toContain(
      `kubectl --context sim-prod -n ${NS} rollout undo deployment/backend --to-revision=1`,
    );
    expect(s).toContain('backend:1.9.0 → backend=ghcr.io/web3-marketplace/backend:1.8.2');
    expect(s).toContain('server-side dry run accepted it');
    await outcome(tm, /rolled back to revision 1/);
    await waitFor(
      () => podImages('backend'),
      (im) => im.length === 3 && im.every((i) => i.endsWith(':1.8.2')),
      {
        what: 'pods back on 1.8.2',
        timeoutMs: 20_000,
      },
    );
    await outcome(tm, /successfully rolled out/);

    // restart from the palette
    await open(tm, { palette: 'restart', title: 'Rollout restart' });
    s = await confirm(tm, 'backend');
    expect(s).toContain('rollout restart deployment/backend');
    await outcome(tm, /deployment.apps\/backend restarted/);

    // X: scale 3 → 4 (the form starts at the current count)
    await open(tm, { key: 'X' });
    await field(tm, 'Replicas', '4');
    await submit(tm);
    s = await confirm(tm, 'backend');
    expect(s).toContain('replicas 3 → 4');
    await outcome(tm, /scaled to 4/);
    expect(B.sim.cluster.getDeployment(NS, 'backend').spec.replicas).toBe(4);

    // L: set resources (the runbook's scenario 3: raise the memory limit), previewed current → new
    await open(tm, { key: 'L' });
    await field(tm, 'Limits (e.g. memory=1Gi,cpu=500m)', 'memory=1Gi');
    await submit(tm);
    s = await confirm(tm, 'backend');
    expect(s).toMatch(/limits \S+ → \S*memory=1Gi/);
    await outcome(tm, /resource requirements updated \(memory=1Gi\)/);
    expect(
      B.sim.cluster.getDeployment(NS, 'backend').spec.template.spec.containers[0].resources.limits.memory,
    ).toBe('1Gi');

    // set env from the palette
    await open(tm, { palette: 'set env', title: 'Set env on the deployment' });
    // The form lists the variables the containers have now.
    await tm.waitFor((x) => x.includes('known:') && x.includes('DB_POOL_SIZE=20'), {
      what: 'current env listed',
    });
    await field(tm, 'KEY=VALUE (several separated by spaces)', 'FEATURE_X_ENABLED=false');
    await submit(tm);
    s = await confirm(tm, 'backend');
    expect(s).toContain('FEATURE_X_ENABLED (unset) → false');
    expect(s).toContain('new variable: not set on any container today');
    await outcome(tm, /env updated/);
    expect(B.sim.cluster.getDeployment(NS, 'backend').spec.template.spec.containers[0].env).toContainEqual({
      name: 'FEATURE_X_ENABLED',
      value: 'false',
    });

    // P: pause by key, resume from the palette
    await open(tm, { key: 'P' });
    await confirm(tm, 'backend');
    await outcome(tm, /backend paused/);
    expect(B.sim.cluster.getDeployment(NS, 'backend').spec.paused).toBe(true);
    await open(tm, { palette: 'resume', title: 'Pause / resume' });
    await confirm(tm, 'backend');
    await outcome(tm, /backend resumed/);
    expect(B.sim.cluster.getDeployment(NS, 'backend').spec.paused).toBeFalsy();

    // F: follow the rollout: safe, runs at once (no dialog)
    const before = kubeMutations(B.sim).length;
    tm.send('F');
    await outcome(tm, /rollout backend: (successfully rolled out|\d)/);
    expect(kubeMutations(B.sim).length).toBe(before);

    // ConfigMap key from the palette
    const { kubeApis } = await import('../../src/data/kubernetes/ops/common.js');
    const { configSchema } = await import('../../src/config/schema.js');
    const env = {
      config: configSchema.parse({ kubernetes: {} }),
      readOnly: false,
      kubeconfigPath: B.sim.writeKubeconfig(join(tm.home, 'kc2'), { context: 'sim-prod' }),
    };
    const { core } = await kubeApis(env);
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'app-config' }, data: { LOG_LEVEL: 'info' } },
    });
    await open(tm, { palette: 'configmap', title: 'Change a key of the ConfigMap' });
    await field(tm, 'Key', 'LOG_LEVEL');
    await nextField(tm, 'New value');
    await field(tm, 'New value', 'debug');
    await submit(tm);
    s = await confirm(tm, 'app-config');
    expect(s).toContain('app-config.LOG_LEVEL: info → debug');
    await outcome(tm, /LOG_LEVEL=debug/);
    expect((await core.readNamespacedConfigMap({ name: 'app-config', namespace: NS })).data?.LOG_LEVEL).toBe(
      'debug',
    );

    // M: maintenance on (destructive: blast radius, the context typed too); off from the palette
    await open(tm, { key: 'M' });
    s = await confirm(tm, 'maintenance');
    expect(s).toContain('Blast radius');
    expect(s).toContain('and the context sim-prod');
    await outcome(tm, /maintenance mode ON/);
    await core.readNamespacedConfigMap({ name: 'maintenance-page', namespace: NS });
    await open(tm, { palette: 'maintenance off', title: 'Maintenance mode OFF' });
    await confirm(tm, 'maintenance');
    await outcome(tm, /maintenance mode OFF/);
    await expect(
      core.readNamespacedConfigMap({ name: 'maintenance-page', namespace: NS }),
    ).rejects.toMatchObject({
      code: 404,
    });

    // D: delete a worker pod (typed suffix), in the pods pane
    await focus(tm, '1');
    await filterTo(tm, 'worker');
    await open(tm, { key: 'D' });
    s = await confirm(tm);
    const suffix = /Type the name (\S+):/.exec(s)![1]!;
    const victim = B.sim.cluster.listPods(NS).find((p) => p.metadata.name.endsWith(`-${suffix}`))!.metadata
      .name;
    await outcome(tm, new RegExp(`pod ${victim} deleted`));
    await waitFor(
      () => B.sim.cluster.listPods(NS).some((p) => p.metadata.name === victim),
      (x) => !x,
      {
        what: 'pod gone',
      },
    );

    // the action log has every outcome, with the exact command
    const log = join(tm.home, 'state', 'warroom', 'actions.jsonl');
    expect(existsSync(log)).toBe(true);
    const recs = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { operation: string; outcome: string; command: string });
    expect(recs.filter((r) => r.outcome === 'succeeded').map((r) => r.operation)).toEqual([
      'kubernetes.rollout-undo',
      'kubernetes.rollout-restart',
      'kubernetes.scale',
      'kubernetes.set-resources',
      'kubernetes.set-env',
      'kubernetes.pause-resume',
      'kubernetes.pause-resume',
      'kubernetes.rollout-status',
      'kubernetes.configmap-set',
      'kubernetes.maintenance-on',
      'kubernetes.maintenance-off',
      'kubernetes.delete-pod',
    ]);
  }, 180_000);

  it('PostgreSQL: terminate (key), cancel (palette), idle in transaction (key), long queries (palette)', async () => {
    const session = async (app: string) => {
      const c = new pg.Client({ connectionString: B.db.url, application_name: app });
      c.on('error', () => undefined);
      await c.connect();
      B.pgClients.push(c);
      const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      return { c, pid };
    };
    const alive = async (pid: number) => {
      const a = new pg.Client({ connectionString: B.db.url });
      await a.connect();
      const r = await a.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
      await a.end();
      return r.rowCount === 1;
    };
    const a = await session('victim-a');
    const b = await session('victim-b');
    const sleeperA = a.c.query('SELECT pg_sleep(600) AS victim_a').catch((e: Error) => e.message);
    const sleeperB = b.c.query('SELECT pg_sleep(601) AS victim_b').catch((e: Error) => e.message);
    const tm = await startConsole();
    await focus(tm, '7');
    tm.send('l');
    await tm.waitFor((s) => s.includes('victim_a') && s.includes('victim_b'), {
      what: 'long queries listed',
      timeoutMs: 20_000,
    });

    // T: terminate backend a (pid typed)
    await filterTo(tm, 'victim_a');
    await open(tm, { key: 'T' });
    let s = await confirm(tm, String(a.pid));
    expect(s).toContain(`SELECT pg_terminate_backend(${a.pid})`);
    await outcome(tm, new RegExp(`terminated backend ${a.pid}`));
    expect(await sleeperA).toMatch(/terminat/);
    await waitFor(
      () => alive(a.pid),
      (x) => !x,
      { what: 'backend a gone' },
    );

    // cancel b's query from the palette: the session stays
    await filterTo(tm, 'victim_b');
    await open(tm, { palette: 'cancel query', title: 'Cancel the query' });
    s = await confirm(tm, String(b.pid));
    expect(s).toContain(`pg_cancel_backend(${b.pid})`);
    await outcome(tm, new RegExp(`cancelled the query of backend ${b.pid}`));
    expect(await sleeperB).toMatch(/canceling statement/);
    expect(await alive(b.pid)).toBe(true);

    // I: every session idle in transaction > 1 s (two: destructive, the context is typed too)
    const i1 = await session('idle-1');
    const i2 = await session('idle-2');
    await i1.c.query('BEGIN');
    await i2.c.query('BEGIN');
    // both must be idle in transaction longer than N = 1 s before the preview is built
    await waitFor(
      async () => {
        const a = new pg.Client({ connectionString: B.db.url });
        await a.connect();
        const r = await a.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1) AND state = 'idle in transaction' AND now() - state_change > interval '1.2 seconds'`,
          [[i1.pid, i2.pid]],
        );
        await a.end();
        return r.rows[0]!.n;
      },
      (n) => n === 2,
      { what: 'two sessions idle in transaction > 1 s', intervalMs: 100 },
    );
    await open(tm, { key: 'I' });
    await field(tm, 'Idle in transaction longer than (seconds)', '1');
    await submit(tm);
    s = await confirm(tm, '2-backends');
    expect(s).toContain(`pid ${i1.pid}`);
    expect(s).toContain(`pid ${i2.pid}`);
    expect(s).toContain(`and the context ${B.db.name}`);
    await outcome(tm, /terminated 2 backends/);
    await waitFor(
      async () => [await alive(i1.pid), await alive(i2.pid)],
      (v) => !v[0] && !v[1],
      {
        what: 'idle sessions gone',
      },
    );

    // long queries > 1 min from the palette: none, nothing to do, nothing changes
    await open(tm, { palette: 'long queries', title: 'Terminate queries running longer' });
    await field(tm, 'Running longer than (minutes)', '1');
    await submit(tm);
    await outcome(tm, /nothing to do: no backend is running a query longer than 1 min/);
    expect(await alive(b.pid)).toBe(true);
  }, 180_000);

  it('Redis: delete by pattern (key), FLUSHDB (palette), FLUSHALL (key) on a private server', async () => {
    const r = new Redis(B.redis.url);
    const p = r.pipeline();
    for (let i = 0; i < 300; i++) p.set(`cache:item:${i}`, 'x');
    for (let i = 0; i < 5; i++) p.set(`session:${i}`, 'x');
    p.select(3);
    p.set('other-db', 'x');
    await p.exec();
    const tm = await startConsole();
    await focus(tm, '8');

    // No default pattern that is the whole prefix (issue 12 item 10): the field starts empty,
    // Tab lists the key groups under B.redis.keyPrefix; the preview shows ten keys and the count.
    await open(tm, { key: 'K' });
    await tm.waitFor((s) => /Key pattern: +│/.test(s) && s.includes('Tab lists the key groups'), {
      what: 'empty pattern, not B.redis.keyPrefix*',
    });
    await tm.waitFor((s) => s.includes('known: cache:item:* (300)'), { what: 'key groups listed' });
    await field(tm, 'Key pattern', 'cache:item:*');
    await submit(tm);
    let s = await confirm(tm, 'cache:item');
    expect(s).toContain('deletes 300 keys matching cache:item:*');
    expect(s).toContain('10 of the 300 matching keys:');
    expect(s).toMatch(/cache:item:0 +string +no TTL/);
    expect(s).not.toContain('cache:item::');
    expect(s).toContain('--scan --pattern');
    await outcome(tm, /deleted 300 keys matching cache:item:\*/);
    const r0 = new Redis(`${B.redis.url}/0`);
    expect(await r0.dbsize()).toBe(5);

    await open(tm, { palette: 'flushdb', title: 'FLUSHDB' });
    s = await confirm(tm, 'db0');
    expect(s).toContain('deletes all 5 keys of db0');
    await outcome(tm, /flushed db0/);
    await waitFor(
      () => r0.dbsize(),
      (n) => n === 0,
    );
    const r3 = new Redis(`${B.redis.url}/3`);
    expect(await r3.dbsize()).toBe(1);

    await open(tm, { key: 'A' });
    s = await confirm(tm, 'all');
    expect(s).toContain('WHOLE server');
    await outcome(tm, /flushed every database/);
    await waitFor(
      () => r3.dbsize(),
      (n) => n === 0,
    );
    r.disconnect();
    r0.disconnect();
    r3.disconnect();
  }, 180_000);

  it('CDN: invalidation by key and from the palette', async () => {
    const tm = await startConsole();
    await focus(tm, '5');
    await open(tm, { key: 'V' });
    await field(tm, 'Paths (space-separated, each starting with /)', '/index.html /assets/*');
    await submit(tm);
    const s = await confirm(tm, DIST);
    expect(s).toContain(
      `aws cloudfront create-invalidation --distribution-id ${DIST} --paths /index.html '/assets/*'`,
    );
    await outcome(tm, /invalidation I[0-9A-F]+ created/);
    expect(B.cf.invalidations.at(-1)!.paths).toEqual(['/index.html', '/assets/*']);
    const before = B.cf.invalidations.length;
    await open(tm, { palette: 'cloudfront', title: 'CloudFront' });
    await submit(tm);
    await confirm(tm, DIST);
    await waitFor(
      () => B.cf.invalidations.length,
      (n) => n === before + 1,
      { what: 'second invalidation' },
    );
    expect(B.cf.invalidations.at(-1)!.paths).toEqual(['/*']);
  }, 180_000);

  it('--read-only refuses saying why; RBAC-denied actions show as unavailable', async () => {
    const tm = await startConsole('--read-only');
    const before = kubeMutations(B.sim).length;
    await focus(tm, '2');
    await filterTo(tm, 'frontend');
    tm.send('R');
    await outcome(tm, /refused: read-only mode/);
    expect(kubeMutations(B.sim).length).toBe(before);

    B.sim.deny('delete', 'pods');
    const tm2 = await startConsole();
    await focus(tm2, '1');
    await filterTo(tm2, 'frontend');
    tm2.send(':');
    await tm2.waitFor((s) => s.includes('unavailable: RBAC does not allow you to delete pods'), {
      what: 'RBAC shown in the palette',
    });
    tm2.send('Escape');
    B.sim.allowAll();
  }, 180_000);
});
