// A real local HTTP server whose /health answer can be switched: healthy, 500, slow, garbage,
// degraded JSON, or gone (closed) and back on the same port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type HealthMode = 'healthy' | 'error500' | 'slow' | 'garbage' | 'degraded';

export interface HealthServer {
  url: string;
  port: number;
  mode: HealthMode;
  hits: number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startHealthServer(
  initial: HealthMode = 'healthy',
  slowMs = 2000,
): Promise<HealthServer> {
  const sockets = new Set<import('node:net').Socket>();
  const state = { mode: initial, hits: 0 };
  const handler: http.RequestListener = (req, res) => {
    state.hits++;
    const answer = () => {
      switch (state.mode) {
        case 'healthy':
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ status: 'healthy', timestamp: new Date().toISOString() }));
          break;
        case 'degraded':
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ status: 'degraded' }));
          break;
        case 'error500':
          res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
          break;
        case 'garbage':
          res.writeHead(200, { 'content-type': 'application/json' }).end('\x00\xff<html>not json\x1b[2J');
          break;
        case 'slow':
          setTimeout(() => !res.destroyed && res.writeHead(200).end('{"status":"healthy"}'), slowMs);
          break;
      }
    };
    answer();
  };
  let server = http.createServer(handler);
  const track = (s: http.Server) =>
    s.on('connection', (c) => {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
    });
  track(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const closeServer = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return {
    url: `http://127.0.0.1:${port}/health`,
    port,
    get mode() {
      return state.mode;
    },
    set mode(m: HealthMode) {
      state.mode = m;
    },
    get hits() {
      return state.hits;
    },
    down: closeServer,
    up: async () => {
      server = http.createServer(handler);
      track(server);
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    },
    close: closeServer,
  };
}
