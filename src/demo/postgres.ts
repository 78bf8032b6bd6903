// The drill's own PostgreSQL database (warroom_demo_<id>) on a reachable server: created at
// start, dropped (WITH FORCE) on the way out, and the API's database health check on it.
import { errorText, redactUrl } from '../util/redact.js';
import { log } from '../util/log.js';

export interface DemoPostgres {
  /** The demo's own database (warroom_demo_<id>). */
  url: string;
  database: string;
  /** The server's maintenance database (to create and drop the demo database). */
  adminUrl: string;
}

async function adminClient(adminUrl: string) {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1500 });
  admin.on('error', () => undefined);
  return admin;
}

/** Creates the drill's database, or says in one line why PostgreSQL is not part of the drill. */
export async function setupPostgres(
  adminUrl: string,
  id: string,
): Promise<{ pg?: DemoPostgres; hint?: string }> {
  const admin = await adminClient(adminUrl);
  try {
    await admin.connect();
    const database = `warroom_demo_${id}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    return { pg: { url: u.toString(), database, adminUrl } };
  } catch (err) {
    return {
      hint: `a PostgreSQL the drill can reach: start it on 127.0.0.1:5432 or set DATABASE_URL, then run \`warroom demo\` again (${redactUrl(adminUrl)}: ${errorText(err)})`,
    };
  } finally {
    await admin.end().catch(() => undefined);
  }
}

export async function dropPostgres(p: DemoPostgres): Promise<void> {
  const admin = await adminClient(p.adminUrl);
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${p.database}" WITH (FORCE)`);
  } catch (err) {
    log('warn', `demo: could not drop ${p.database}: ${errorText(err)}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** Why the database does not answer SELECT 1 within a second (undefined: it does). */
export async function databaseProblem(url: string): Promise<string | undefined> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000, statement_timeout: 1000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('SELECT 1');
    return undefined;
  } catch (err) {
    return `database: ${errorText(err)}`;
  } finally {
    await c.end().catch(() => undefined);
  }
}
