// The drill's own little "API": /health, /health/database, /health/redis and
// /health/blockchain answer like the runbooks' endpoints ({"status": "healthy", ...}) from
// checks over real state (the simulated cluster, the demo database, Redis, the chain), so the
// health pane turns red when a scenario's fault is live and green when the mitigation worked.
import http from 'node:http';
import { listenLocal } from '../sim/listen.js';
import { errorText } from '../util/redact.js';

/** A check returns why it fails (one line), or undefined when healthy. */
export type Check = () => string | undefined | Promise<string | undefined>;

export interface DemoApi {
  url: string;
  /** Adds a check to a group ('api', 'database', 'redis', 'blockchain'); returns the remover. */
  addCheck(group: string, check: Check): () => void;
  /** Runs the checks of one group (or all): the failures. */
  failures(group?: string): Promise<string[]>;
  close(): Promise<void>;
}

const GROUPS = ['api', 'database', 'redis', 'blockchain'];

export async function startDemoApi(): Promise<DemoApi> {
  const checks = new Map<string, Set<Check>>();
  const failures = async (group?: string): Promise<string[]> => {
    const list = group ? [...(checks.get(group) ?? [])] : [...checks.values()].flatMap((s) => [...s]);
    const out = await Promise.all(
      list.map(async (c) => {
        try {
          return await c();
        } catch (err) {
          return errorText(err);
        }
      }),
    );
    return out.filter((x): x is string => !!x);
  };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://demo').pathname.replace(/\/+$/, '');
    const m = /^\/health(?:\/([a-z]+))?$/.exec(path);
    if (!m || (m[1] && !GROUPS.includes(m[1]))) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not found' }));
      return;
    }
    void failures(m[1]).then((f) => {
      const body = {
        status: f.length ? 'unhealthy' : 'healthy',
        timestamp: new Date().toISOString(),
        ...(f.length ? { errors: f } : {}),
      };
      res.writeHead(f.length ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  const listening = await listenLocal(server);
  return {
    url: listening.url,
    addCheck(group, check) {
      let set = checks.get(group);
      if (!set) checks.set(group, (set = new Set()));
      set.add(check);
      return () => set.delete(check);
    },
    failures,
    close: listening.close,
  };
}
