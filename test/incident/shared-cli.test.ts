// The scripts on the shared journal, as processes with their own homes (two bastions) and the
// real PostgreSQL: `warroom declare` on one, `warroom incidents` and `warroom note --incident`
// on the other, `warroom sync` back on the first; offline, the same scripts queue locally and
// say so on stderr, and `warroom sync` pushes the queue once the database answers.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalPath, loadJournal } from '../../src/incident/journal.js';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const ROOT = resolve(__dirname, '../..');
let db: TestDb;
let proxy: TcpProxy;
const homes: string[] = [];

interface Bastion {
  home: string;
  state: string;
  run(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }>;
}

function bastion(handle: string, url: () => string, viaEnv = false): Bastion {
  const home = mkdtempSync(join(tmpdir(), 'warroom-shared-cli-'));
  homes.push(home);
  const cfg = join(home, 'warroom.yaml');
  writeFileSync(cfg, `incident: { handle: ${handle}${viaEnv ? '' : `, shared: { url: '${url()}' }`} }\n`);
  return {
    home,
    state: join(home, 'state', 'warroom'),
    run: (...args) =>
      new Promise((done) => {
        const p = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            '-e',
            `import('./src/cli.ts').then((m) => m.main(${JSON.stringify(['--config', cfg, ...args])}))`,
          ],
          {
            cwd: ROOT,
            env: {
              ...process.env,
              HOME: home,
              XDG_STATE_HOME: join(home, 'state'),
              ...(viaEnv ? { WARROOM_SHARED_URL: url() } : {}),
            },
          },
        );
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        p.on('exit', (status) => done({ status, stdout, stderr }));
      }),
  };
}

beforeAll(async () => {
  db = await createTestDb('warroom_test_shared_cli');
  proxy = await startTcpProxy(5432);
});
afterAll(async () => {
  await proxy.close();
  await db.drop();
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

// Five or six processes per test, each a second or more to start on a loaded machine.
describe('scripts on the shared journal', { timeout: 120_000 }, () => {
  it('declare on one bastion, list and note on another, sync back', async () => {
    const a = bastion('alice@bastion-1', () => db.url);
    const b = bastion('bob@laptop', () => db.url, true); // WARROOM_SHARED_URL
    const d = await a.run('declare', '--title', 'Checkout fails', '--severity', 'P1', '--impact', 'EU users');
    expect(d.stderr).toBe('');
    const id = d.stdout.trim();
    expect(id).toMatch(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{6}$/);

    const list = await b.run('incidents');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+shared\\s+open`));
    expect(list.stdout).toContain('Checkout fails');

    const n = await b.run('note', '--incident', id, 'rolled back the payment service');
    expect(n.stderr).toBe('');
    expect(n.status).toBe(0);

    const s = await a.run('sync');
    expect(s.status).toBe(0);
    expect(s.stdout).toContain(`${id}: pushed 0, pulled 1`);
    const evs = loadJournal(journalPath(a.state, id)).events;
    expect(evs.map((e) => e.kind)).toEqual(['declared', 'note']);
    expect(evs[1]).toMatchObject({ actor: 'bob@laptop', text: 'rolled back the payment service' });

    const again = await a.run('incidents');
    expect(again.stdout).toMatch(new RegExp(`${id}\\s+here\\+shared`));
  });

  it('offline: queued locally and said on stderr; sync pushes the queue when the database is back', async () => {
    const c = bastion('carol@bastion-3', () => db.urlVia(proxy.port));
    await proxy.down();
    const d = await c.run('declare', '--title', 'Cache down', '--severity', 'SEV3');
    expect(d.status).toBe(0);
    const id = d.stdout.trim();
    expect(d.stderr).toContain(
      `${id}: shared journal offline (connection refused): queued locally, 1 event waiting`,
    );
    const n = await c.run('note', 'still investigating');
    expect(n.stdout.startsWith(`${id} `)).toBe(true);
    expect(n.stderr).toContain('2 events waiting');
    const failed = await c.run('sync');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('connection refused');
    await proxy.up();
    const s = await c.run('sync');
    expect(s.stderr).toBe('');
    expect(s.stdout).toContain(`${id}: pushed 2, pulled 0`);
  });
});
