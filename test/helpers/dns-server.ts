// A real DNS server over UDP on 127.0.0.1 for the DNS health checks: answers A queries for the
// names it is given, NXDOMAIN for the rest, built on dns-packet (the wire format).
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as packet from 'dns-packet';

export interface DnsServer {
  /** `127.0.0.1:PORT`, as `servers` in a dns check takes it. */
  address: string;
  records: Map<string, string[]>;
  close(): Promise<void>;
}

export async function startDnsServer(records: Record<string, string[]>): Promise<DnsServer> {
  const map = new Map(Object.entries(records));
  const socket = createSocket('udp4');
  socket.on('message', (msg, from) => {
    let q: packet.Packet;
    try {
      q = packet.decode(msg);
    } catch {
      return;
    }
    const question = q.questions?.[0];
    if (!question) return;
    const known = map.get(question.name.toLowerCase());
    const answers: packet.Answer[] =
      known && question.type === 'A'
        ? known.map((data) => ({ type: 'A', name: question.name, ttl: 30, class: 'IN', data }))
        : [];
    const reply = packet.encode({
      id: q.id,
      type: 'response',
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (known ? 0 : 3), // rcode 3 = NXDOMAIN
      questions: q.questions,
      answers,
    });
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    records: map,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
