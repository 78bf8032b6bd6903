// The runbooks' `nslookup api.example.com` as a health check: the name resolves, within the
// timeout, to the expected addresses when they are given. By default through the system's
// resolver (what the application itself sees, /etc/hosts included); with `servers`, asking those
// DNS servers directly, as nslookup does.
import { promises as dns } from 'node:dns';
import type { DnsCheck } from '../../config/schema.js';
import { errorText } from '../../util/redact.js';
import type { HealthResult } from './check.js';

const CODES: Record<string, string> = {
  ENOTFOUND: 'no such name (NXDOMAIN)',
  ENODATA: 'the name has no address records',
  ESERVFAIL: 'the DNS server failed (SERVFAIL)',
  EREFUSED: 'the DNS server refused the query',
  ECONNREFUSED: 'the DNS server is not reachable',
  ETIMEOUT: 'no answer from the DNS server',
  EAI_AGAIN: 'DNS lookup failed (temporary failure)',
};

async function resolve(ep: DnsCheck): Promise<string[]> {
  if (!ep.servers?.length) {
    const all = await dns.lookup(ep.host, { all: true });
    return all.map((a) => a.address);
  }
  const r = new dns.Resolver({ timeout: ep.timeoutMs, tries: 1 });
  r.setServers(ep.servers);
  const settled = await Promise.allSettled([r.resolve4(ep.host), r.resolve6(ep.host)]);
  const found = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  if (found.length) return found;
  throw (settled[0] as PromiseRejectedResult).reason;
}

function deadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

export async function checkDns(ep: DnsCheck, now: () => number = Date.now): Promise<HealthResult> {
  const started = performance.now();
  const base = { name: ep.name, checkedAt: now() };
  let addresses: string[];
  try {
    addresses = await deadline(resolve(ep), ep.timeoutMs);
  } catch (err) {
    const code = (err as { code?: string }).code;
    return { ...base, up: false, reason: `${ep.host}: ${(code && CODES[code]) || errorText(err)}` };
  }
  const latencyMs = Math.round(performance.now() - started);
  const sorted = [...new Set(addresses)].sort();
  const detail = `${ep.host} → ${sorted.join(', ')}`;
  const want = ep.expect.addresses;
  if (want?.length) {
    const missing = want.filter((a) => !sorted.includes(a));
    if (missing.length)
      return { ...base, up: false, latencyMs, detail, reason: `${detail} (expected ${want.join(', ')})` };
  }
  return { ...base, up: true, latencyMs, detail };
}
