// A database of the test's own on the real PostgreSQL server, dropped afterwards.
// Point tests elsewhere with WARROOM_TEST_PG_URL (a URL to a server where the user may CREATE DATABASE).
import pg from 'pg';
import { randomBytes } from 'node:crypto';

export const PG_ADMIN_URL = process.env.WARROOM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb {
  name: string;
  url: string;
  /** URL of the same database through another host:port (e.g. a TCP proxy). */
  urlVia(port: number): string;
  drop(): Promise<void>;
}

export async function createTestDb(prefix = 'warroom_test'): Promise<TestDb> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    urlVia(port: number) {
      const v = new URL(u.toString());
      v.hostname = '127.0.0.1';
      v.port = String(port);
      return v.toString();
    },
    async drop() {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      );
      await a.query(`DROP DATABASE IF EXISTS ${name}`);
      await a.end();
    },
  };
}
