// A small TCP proxy of our own between a client and a real server, to break the connection
// in controlled ways without touching the shared servers: refuse new connections, cut every
// open one (mid-query), stop answering (hold bytes), or add latency.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  url(scheme: string, rest?: string): string;
  /** Destroys every open connection (the client sees a reset mid-conversation). */
  cut(): void;
  /** Stops forwarding in both directions: connections stay open, nothing answers. */
  hang(): void;
  /** Forwards again after hang(). */
  resume(): void;
  /** Closes the listening socket: new connections are refused, open ones cut. */
  down(): Promise<void>;
  /** Listens again on the same port after down(). */
  up(): Promise<void>;
  /** Adds latency to every chunk from the server. */
  setLatency(ms: number): void;
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let hanging = false;
  let latency = 0;
  const held: (() => void)[] = [];
  const forward = (from: net.Socket, to: net.Socket, delay: () => number) => {
    from.on('data', (chunk) => {
      const send = () => {
        const d = delay();
        if (d) setTimeout(() => !to.destroyed && to.write(chunk), d);
        else if (!to.destroyed) to.write(chunk);
      };
      if (hanging) held.push(send);
      else send();
    });
  };
  const onConn = (client: net.Socket) => {
    const server = net.connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(server);
    forward(client, server, () => 0);
    forward(server, client, () => latency);
    const kill = () => {
      client.destroy();
      server.destroy();
      sockets.delete(client);
      sockets.delete(server);
    };
    client.on('close', kill).on('error', kill);
    server.on('close', kill).on('error', kill);
  };
  let srv = net.createServer(onConn);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  const cut = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  return {
    port,
    url: (scheme, rest = '') => `${scheme}://127.0.0.1:${port}${rest}`,
    cut,
    hang: () => {
      hanging = true;
    },
    resume: () => {
      hanging = false;
      for (const f of held.splice(0)) f();
    },
    down: async () => {
      cut();
      await new Promise<void>((r) => srv.close(() => r()));
    },
    up: async () => {
      srv = net.createServer(onConn);
      await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
    },
    setLatency: (ms) => {
      latency = ms;
    },
    connections: () => sockets.size / 2,
    close: async () => {
      cut();
      await new Promise<void>((r) => (srv.listening ? srv.close(() => r()) : r()));
    },
  };
}
