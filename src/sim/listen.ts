// Starts an HTTP server on 127.0.0.1 (a free port unless given) and closes it for good: open
// keep-alive sockets are destroyed so close() does not wait for clients to hang up.
import type http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Listening {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function listenLocal(server: http.Server, port = 0): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const p = (server.address() as AddressInfo).port;
  return {
    port: p,
    url: `http://127.0.0.1:${p}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
