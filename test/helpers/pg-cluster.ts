// A private PostgreSQL 15 cluster of the test's own (initdb + pg_ctl in a temp dir, on a free
// port), for what must never be done to the shared server: tiny max_connections, password
// auth, preloading pg_stat_statements, stopping and starting the server. As root, the server
// runs as the `postgres` OS user (initdb refuses root).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './redis.js';

const BIN = process.env.WARROOM_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgClusterOptions {
  maxConnections?: number;
  superuserReserved?: number;
  /** postgresql.conf settings, e.g. { shared_preload_libraries: 'pg_stat_statements' }. */
  settings?: Record<string, string | number>;
  /** Superuser password; TCP connections then need it (scram-sha-256). */
  password?: string;
}

export interface PgCluster {
  port: number;
  dir: string;
  /** URL for a user (default the superuser `postgres` with its password) and database. */
  url(user?: string, password?: string, db?: string): string;
  /** Runs SQL as the superuser (a short-lived connection). */
  sql(text: string, db?: string): Promise<Record<string, unknown>[]>;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  destroy(): Promise<void>;
}

function asPg(): { uid?: number; gid?: number; run: (cmd: string, args: string[]) => string } {
  const root = process.getuid?.() === 0;
  if (!root) return { run: (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe' }) };
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return {
    uid,
    gid,
    run: (cmd, args) =>
      execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8', stdio: 'pipe' }),
  };
}

export async function startPgCluster(o: PgClusterOptions = {}): Promise<PgCluster> {
  const u = asPg();
  const dir = mkdtempSync(join(tmpdir(), 'warroom-pg-'));
  chmodSync(dir, 0o700);
  if (u.uid !== undefined) chownSync(dir, u.uid, u.gid!);
  const data = join(dir, 'data');
  const pw = o.password ?? 'warroom-test-pw';
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${pw}\n`);
  if (u.uid !== undefined) chownSync(pwfile, u.uid, u.gid!);
  u.run(join(BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    `--pwfile=${pwfile}`,
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const port = await freePort();
  const conf: Record<string, string | number> = {
    port,
    listen_addresses: "'127.0.0.1'",
    unix_socket_directories: `'${dir}'`,
    max_connections: o.maxConnections ?? 20,
    superuser_reserved_connections: o.superuserReserved ?? 3,
    fsync: 'off',
    shared_buffers: "'16MB'",
    logging_collector: 'off',
    ...Object.fromEntries(
      Object.entries(o.settings ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v : `'${v}'`]),
    ),
  };
  const lines = Object.entries(conf).map(([k, v]) => `${k} = ${v}`);
  execFileSync('sh', ['-c', `cat >> '${join(data, 'postgresql.conf')}'`], { input: `${lines.join('\n')}\n` });
  const log = join(dir, 'server.log');
  const start = () => {
    u.run(join(BIN, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '30', 'start']);
  };
  const stop = (mode: 'fast' | 'immediate' = 'fast') => {
    try {
      u.run(join(BIN, 'pg_ctl'), ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
    } catch {
      // not running
    }
  };
  start();
  const url = (user = 'postgres', password = pw, db = 'postgres') =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  return {
    port,
    dir,
    url,
    async sql(text, db = 'postgres') {
      const c = new pg.Client({ connectionString: url('postgres', pw, db) });
      await c.connect();
      try {
        return (await c.query(text)).rows as Record<string, unknown>[];
      } finally {
        await c.end();
      }
    },
    stop,
    start,
    async destroy() {
      stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
