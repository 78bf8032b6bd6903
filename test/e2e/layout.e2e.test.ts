// The war room at a glance (issue 14), in the built console in tmux, WITHOUT any key press:
// what is on the screen at the sizes responders have (80x24, 100x30, 120x40, 160x45, 200x50,
// 240x60), for the drill and for partial configurations (health only; Postgres and Redis
// only; Kubernetes only). Sizes after the first are reached by resizing the tmux window (as
// tmux does when a smaller client attaches): the console re-lays out at once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { killAll, startDemo } from '../demo/tmux-drill.js';
import { startHealthServer, type HealthServer } from '../helpers/http-health.js';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis.js';
import { Tmux, warroomCmd } from '../helpers/tmux.js';

let t: Tmux | undefined;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  t?.kill();
  t = undefined;
  killAll();
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});
afterAll(() => killAll());

const lines = (s: string) => s.split('\n');
/** Every line within the width, the screen within the height: no leftovers of another size. */
function fits(s: string, cols: number, rows: number) {
  const ls = lines(s.replace(/\n$/, ''));
  expect(ls.length).toBeLessThanOrEqual(rows);
  for (const l of ls) expect([...l].length).toBeLessThanOrEqual(cols);
}

async function startWith(cols: number, rows: number, yaml: string): Promise<Tmux> {
  t = await Tmux.start({ cols, rows });
  const cfg = join(t.home, 'warroom.yaml');
  writeFileSync(cfg, yaml);
  t.run(`${warroomCmd(`--config ${cfg}`)}; echo "exit=$?"`);
  return t;
}

describe('layout at the sizes responders have, without a key press', () => {
  it('the drill: 120x40 shows the failing pods, rollout, DOWN endpoint, error logs and detections; then every size', async () => {
    const tm = await startDemo('', {}, { cols: 120, rows: 40 });
    t = tm;
    const at120 = (x: string) =>
      /backen\S*\s+0\/1 (CrashLoopBackOff|Error)/.test(x) &&
      /backend\s+\d\/3 .*(updated|stalled|unavailable|progress)/.test(x) &&
      x.includes('✖ DOWN') &&
      // The logs pane leads with the newest errors while errors flow: the crash by what it says.
      /▼ newest errors first · \d+ in the last minute/.test(x) &&
      /✖ \S+\s+uncaught exception, exiting · TypeError: Cannot read/.test(x) &&
      x.includes('Detected:');
    const s = await tm.waitFor(at120, {
      what: 'crash-looping pod, backend rollout, DOWN endpoint, error log line, detection at 120x40',
      timeoutMs: 40_000,
    });
    fits(s, 120, 40);
    // The panes without a problem are not dropped: the status board lists them (Postgres may
    // say ▲ when one of the drill's app sessions sits idle in transaction at that moment).
    expect(s).toMatch(/PG [●▲] \d+\/97/);
    expect(s).toMatch(/Redis ● \d+%/);

    // The note dialog is an overlay at the bottom, sized to its content: the pods pane stays
    // in view above it and keeps updating (the pods' ages tick) while the responder types.
    tm.send('n');
    const note = 'Note — Enter adds it to the timeline';
    const podRow = (x: string) =>
      x
        .split('\n')
        .find((l) => /fronte\S*\s+1\/1 Running/.test(l))
        ?.split('║')[1];
    // The dialog's rows, from its top border to its bottom one.
    const dialogRows = (x: string) => {
      const ls = x.split('\n');
      const top = ls.findIndex((l) => l.includes(note)) - 1;
      const bottom = ls.findIndex((l, i) => i > top && l.startsWith('╚'));
      return top < 0 || bottom < 0 ? Infinity : bottom - top + 1;
    };
    // Its frame, its title, the field, a blank row and the review hint: six rows at 120 columns.
    const withNote = await tm.waitFor(
      (x) => x.includes(note) && x.includes('▶1 Pods') && !!podRow(x) && dialogRows(x) === 6,
      { what: 'the note dialog over the live panes, sized to its content' },
    );
    const ls = withNote.split('\n');
    expect(ls.findIndex((l) => l.includes(note))).toBeGreaterThan(
      ls.findIndex((l) => /backen\S*\s+0\/1/.test(l)),
    );
    expect(withNote).toContain('✖ DOWN');
    expect(withNote).toContain('Detected:');
    const before = podRow(withNote);
    await tm.waitFor((x) => x.includes(note) && podRow(x) !== undefined && podRow(x) !== before, {
      what: 'the pods pane updating under the note dialog',
    });
    tm.send('Escape');
    await tm.waitFor((x) => !x.includes(note), { what: 'note dialog closed' });

    // 80x24: the status board (every pane, its state and count) above the focused pane.
    tm.resize(80, 24);
    let x = await tm.waitFor(
      (y) =>
        /Pods ✖ 3 failing/.test(y) &&
        /Health ✖ 1 DOWN/.test(y) &&
        /PG [●▲] \d+\/97/.test(y) &&
        /Logs ✖ \d+\/min/.test(y),
      { what: 'status board at 80x24' },
    );
    expect(x).toMatch(/Timeline ✖ \d+ detections?/);
    expect(x).toContain('▶1 Pods');
    fits(x, 80, 24);

    // 100x30: still the board, the focused pane's failing pods under it.
    tm.resize(100, 30);
    x = await tm.waitFor((y) => /Health ✖ 1 DOWN/.test(y) && /CrashLoopBackOff|Error/.test(y), {
      what: 'board at 100x30',
    });
    fits(x, 100, 30);

    // 160x45 and up: the grid; every configured pane a box or on the board.
    for (const [cols, rows] of [
      [160, 45],
      [200, 50],
      [240, 60],
    ] as const) {
      tm.resize(cols, rows);
      x = await tm.waitFor(
        (y) =>
          y.includes('✖ DOWN') &&
          /CrashLoopBackOff|Error/.test(y) &&
          y.includes('Detected:') &&
          y.includes('TypeError: Cannot read') &&
          /backend\s+\d\/3/.test(y) &&
          // From 200x50 every configured pane is a box or, when the panes with problems need the
          // rows (the drill's ingress routes, RDS and CloudFront lines), a line of the status board.
          (cols < 200 ||
            ['7 Postgres|7 PG [●▲]', '8 Redis|8 Redis [●▲]', '6 Chain'].every((re) =>
              new RegExp(re).test(y),
            )),
        { what: `grid at ${cols}x${rows}` },
      );
      fits(x, cols, rows);
    }
  }, 120_000);

  it('health only, 120x40: the health pane with every endpoint, the rest folded into one line', async () => {
    const h: HealthServer = await startHealthServer('healthy');
    cleanups.push(() => h.close());
    const eps = Array.from(
      { length: 12 },
      (_, i) =>
        `    - { name: svc-${String(i).padStart(2, '0')}, url: "${i === 3 ? 'http://127.0.0.1:9/health' : h.url}", intervalMs: 500 }`,
    );
    const tm = await startWith(120, 40, ['health:', '  endpoints:', ...eps, ''].join('\n'));
    const s = await tm.waitFor(
      (x) => x.includes('▶5 Health') && x.includes('✖ 1 of 12 endpoints DOWN') && x.includes('svc-11'),
      { what: 'health pane focused with all 12 endpoints' },
    );
    for (let i = 0; i < 12; i++) expect(s).toContain(`svc-${String(i).padStart(2, '0')}`);
    expect(s).toMatch(
      /not configured: pods, deployments, events, top, chain, postgres, redis, logs — \? or warroom doctor says how/,
    );
    expect(s).not.toContain('Pods is not configured');
    fits(s, 120, 40);
    tm.send('q');
    await tm.waitForText('exit=0');
  }, 60_000);

  it('Postgres and Redis only, 220x60 and 120x40: three sessions blocked behind one, the tree inline', async () => {
    const db: TestDb = await createTestDb('warroom_layout');
    const redis: PrivateRedis = await startPrivateRedis();
    const clients: pg.Client[] = [];
    cleanups.push(
      () => db.drop(),
      () => redis.stop(),
      () => Promise.allSettled(clients.map((c) => c.end())),
    );
    const session = async (app: string) => {
      const c = new pg.Client({ connectionString: db.url, application_name: app });
      await c.connect();
      clients.push(c);
      return c;
    };
    const setup = await session('setup');
    await setup.query(
      'CREATE TABLE accounts (id int primary key, v int); INSERT INTO accounts VALUES (1, 0)',
    );
    const holder = await session('holder-app');
    await holder.query('BEGIN; UPDATE accounts SET v = 1 WHERE id = 1');
    for (let i = 0; i < 3; i++) {
      const w = await session(`waiter-${i}`);
      void w.query('UPDATE accounts SET v = 2 WHERE id = 1').catch(() => undefined);
    }
    const tm = await startWith(
      220,
      60,
      ['postgres:', `  url: "${db.url}"`, '  intervalMs: 500', 'redis:', `  url: ${redis.url}/0`, ''].join(
        '\n',
      ),
    );
    const tree = (x: string) =>
      x.includes('▸ blocking tree (3 blocked)') &&
      (x.match(/└ \d+/g) ?? []).length >= 3 &&
      x.includes('8 Redis');
    // One capture can catch a frame half drawn (tmux reads while ink writes): wait for a whole
    // screen that has the tree and the folded line together, then check the rest on it.
    let s = await tm.waitFor(
      (x) => tree(x) && /not configured: pods, deployments, events, top, health, chain, logs/.test(x),
      { what: 'the blocking tree inline and the folded line at 220x60', timeoutMs: 20_000 },
    );
    expect(s).not.toMatch(/is not configured\./);
    fits(s, 220, 60);
    tm.resize(120, 40);
    s = await tm.waitFor(tree, { what: 'the blocking tree inline at 120x40' });
    fits(s, 120, 40);
    tm.send('q');
    await tm.waitForText('exit=0');
  }, 60_000);

  it('Kubernetes only, 120x40 and 80x24: failing pods and the rollouts, no boxes for the rest', async () => {
    const sim: KubeSim = await startKubeSim({ tickMs: 100 });
    cleanups.push(() => sim.close());
    sim.cluster.setFaultRule((pod: { metadata: { name: string } }) =>
      pod.metadata.name.startsWith('backend') ? 'CrashLoopBackOff' : null,
    );
    t = await Tmux.start({ cols: 120, rows: 40 });
    const kc = sim.writeKubeconfig(join(t.home, 'kubeconfig'), { context: 'sim-prod' });
    const cfg = join(t.home, 'warroom.yaml');
    writeFileSync(cfg, `kubernetes:\n  kubeconfig: ${kc}\n`);
    t.run(`${warroomCmd(`--config ${cfg}`)}; echo "exit=$?"`);
    const tm = t;
    let s = await tm.waitFor(
      (x) =>
        /pods · 3 failing/.test(x) &&
        x.includes('CrashLoopBackOff') &&
        /5 deployments/.test(x) &&
        x.includes('ROLLOUT') &&
        x.includes('Events'),
      { what: 'pods and deployments at 120x40', timeoutMs: 30_000 },
    );
    expect(s).toMatch(/not configured: .*postgres, redis/);
    expect(s).not.toContain('Postgres is not configured');
    fits(s, 120, 40);
    tm.resize(80, 24);
    s = await tm.waitFor(
      (x) => /Pods ✖ 3 failing/.test(x) && /Deploy \S+ /.test(x) && x.includes('CrashLoopBackOff'),
      {
        what: 'status board at 80x24',
      },
    );
    fits(s, 80, 24);
    tm.send('q');
    await tm.waitForText('exit=0');
  }, 60_000);

  it('tmux resizing 200x50 → 120x40 → 80x24 and back: re-laid out at once, as a fresh start, no leftovers', async () => {
    const h: HealthServer = await startHealthServer('healthy');
    const redis: PrivateRedis = await startPrivateRedis();
    cleanups.push(
      () => h.close(),
      () => redis.stop(),
    );
    const eps = Array.from(
      { length: 6 },
      (_, i) =>
        `    - { name: svc-${i}, url: "${i === 2 ? 'http://127.0.0.1:9/health' : h.url}", intervalMs: 500 }`,
    );
    const yaml = ['health:', '  endpoints:', ...eps, 'redis:', `  url: ${redis.url}/0`, ''].join('\n');
    // The frame's skeleton: every border where it is, nothing else (live figures vary).
    const skeleton = (x: string) =>
      x
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => l.replace(/[^─│┌┐└┘╔╗╚╝═║]/g, ' ').trimEnd())
        .join('\n');
    const live = (x: string) => x.includes('✖ 1 of 6 endpoints DOWN') || /Health ✖ 1 DOWN/.test(x);
    // Both sources answered (a pane still connecting wants fewer rows): Redis's head line in
    // its box, or its entry on the status board.
    const settled = (x: string) =>
      live(x) &&
      (x.includes('master · v') || /8 Redis ● /.test(x)) &&
      !x.includes('connecting') &&
      x.split('\n')[0]!.includes('warroom');
    const sizes = [
      [200, 50],
      [120, 40],
      [80, 24],
    ] as const;

    // A fresh start at each size (the console started in a window of that size).
    const fresh = new Map<string, string>();
    const tm = await startWith(200, 50, yaml);
    for (const [cols, rows] of sizes) {
      if (cols !== 200) {
        tm.resize(cols, rows);
        await tm.waitFor((x) => /\$\s*$/.test(x), { what: 'shell at the new size' });
        tm.run(`${warroomCmd(`--config ${join(tm.home, 'warroom.yaml')}`)}; echo "exit=$?"`);
      }
      // Settled: two screens in a row with the same frame (the first sources answer at their pace).
      let prev = '';
      const s = await tm.waitFor(
        (x) => {
          const ok = settled(x) && skeleton(x) === prev;
          prev = settled(x) ? skeleton(x) : '';
          return ok;
        },
        { what: `fresh start at ${cols}x${rows}`, timeoutMs: 20_000 },
      );
      fits(s, cols, rows);
      fresh.set(`${cols}x${rows}`, skeleton(s));
      tm.send('q');
      await tm.waitForText('exit=0');
      tm.run('clear');
    }
    expect(new Set(fresh.values()).size).toBe(3);

    // One console, resized as tmux does when a smaller client attaches and leaves.
    tm.resize(200, 50);
    await tm.waitFor((x) => /\$\s*$/.test(x), { what: 'shell at 200x50' });
    tm.run(`${warroomCmd(`--config ${join(tm.home, 'warroom.yaml')}`)}; echo "exit=$?"`);
    for (const [cols, rows] of [...sizes, [120, 40], [200, 50]] as const) {
      tm.resize(cols, rows);
      const want = fresh.get(`${cols}x${rows}`)!;
      const s = await tm.waitFor((x) => settled(x) && skeleton(x) === want, {
        what: `after resizing to ${cols}x${rows}: the frame of a fresh start at that size`,
        timeoutMs: 20_000,
      });
      fits(s, cols, rows);
      // Nothing of the previous frame: the last row is the footer, the first the header, and no
      // row is a remnant of another width (a border that ends anywhere but at the edge).
      const ls = s.replace(/\n+$/, '').split('\n');
      expect(ls[0]).toContain('warroom');
      expect(ls.at(-1)).toContain('? help');
      for (const l of ls) if (/[│║┐┘╗╝]$/.test(l)) expect([...l].length).toBe(cols);
    }
    tm.send('q');
    await tm.waitForText('exit=0');
  }, 120_000);
});
