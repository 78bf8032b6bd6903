// `warroom doctor` on the shared journal, against the real PostgreSQL: reachable, schema and
// rights, and the warning when the shared journal is the database under incident — also when
// it is reached under another name (through a TCP proxy here), by what the server says.
import pg from 'pg';
import { migrate, SCHEMA_VERSION } from '../../src/incident/shared/schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkShared, whereOf } from '../../src/doctor/shared.js';
import type { CheckResult } from '../../src/doctor/types.js';
import type { Config } from '../../src/config/schema.js';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

let shared: TestDb;
let other: TestDb;
let proxy: TcpProxy;
beforeAll(async () => {
  shared = await createTestDb('warroom_test_doctor_shared');
  other = await createTestDb('warroom_test_doctor_other');
  proxy = await startTcpProxy(5432);
});
afterAll(async () => {
  await proxy.close();
  await shared.drop();
  await other.drop();
});

async function run(config: Config) {
  const out: Omit<CheckResult, 'backend'>[] = [];
  await checkShared(config, (r) => out.push(r));
  return Object.fromEntries(out.map((r) => [r.check, r]));
}
const cfg = (sharedUrl: string, pgUrl?: string) =>
  ({
    incident: { shared: { url: sharedUrl, pollMs: 2000 } },
    ...(pgUrl ? { postgres: { url: pgUrl } } : {}),
  }) as Config;

describe('doctor: shared journal', () => {
  it('the same database as postgres.url: a warning, also under another host:port', async () => {
    const same = await run(cfg(shared.url, shared.url.replace('127.0.0.1', 'localhost')));
    expect(same['a database of its own']).toMatchObject({ level: 'warn' });
    const via = await run(cfg(shared.url, shared.urlVia(proxy.port)));
    expect(via['a database of its own']).toMatchObject({ level: 'warn' });
    expect(via['reach + authenticate']).toMatchObject({ level: 'ok' });
    expect(via['schema warroom']).toMatchObject({ level: 'ok', detail: /not created yet/ });
  });

  it('another database on the same server: ok', async () => {
    const r = await run(cfg(shared.url, other.url));
    expect(r['a database of its own']).toMatchObject({ level: 'ok' });
  });

  it('after a console migrated it: the version and the rights', async () => {
    const c = new pg.Client({ connectionString: shared.url });
    await c.connect();
    await migrate(c);
    await c.end();
    const r = await run(cfg(shared.url));
    expect(r['schema warroom']).toMatchObject({ level: 'ok', detail: `version ${SCHEMA_VERSION}` });
    expect(r['rights (read + append events)']).toMatchObject({ level: 'ok' });
  });

  it('unreachable: a warning, not a failure (consoles work locally)', async () => {
    await proxy.down();
    const r = await run(cfg(shared.urlVia(proxy.port)));
    expect(r['reach + authenticate']).toMatchObject({ level: 'warn', required: false });
    await proxy.up();
  });

  it('whereOf resolves defaults like libpq', () => {
    expect(whereOf('postgres://bob@localhost/app')).toEqual({ host: '127.0.0.1', port: '5432', db: 'app' });
    expect(whereOf('postgres://bob@db:6432')).toEqual({ host: 'db', port: '6432', db: 'bob' });
  });
});
