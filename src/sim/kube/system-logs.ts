// What the cluster's own pods log, in their real formats: CoreDNS answers queries (its `log`
// plugin), metrics-server scrapes kubelets (klog), the ingress-nginx controller writes nginx
// access lines (the only one that sees HTTP requests, for the hosts it routes), any other
// kube-system pod logs klog lines. Application lines (logs.ts) are for the workloads only.
import type { Rng } from './util.js';

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

/** klog's header: `I1201 17:14:05.123456       1 file.go:123] `. */
function klog(level: 'I' | 'W' | 'E', now: Date, where: string): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const micros = p(now.getUTCMilliseconds() * 1000, 6);
  return `${level}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())} ${p(now.getUTCHours())}:${p(now.getUTCMinutes())}:${p(now.getUTCSeconds())}.${micros}       1 ${where}] `;
}

const DNS_NAMES = [
  'backend.web3-marketplace.svc.cluster.local.',
  'redis.web3-marketplace.svc.cluster.local.',
  'postgres.web3-marketplace.svc.cluster.local.',
  'kubernetes.default.svc.cluster.local.',
  'eth-mainnet.g.alchemy.com.',
];

function coredns(rng: Rng): string[] {
  if (rng() < 0.5) return [];
  const ip = `10.244.0.${Math.floor(rng() * 200) + 2}`;
  const id = Math.floor(rng() * 65535);
  const type = rng() < 0.8 ? 'A' : 'AAAA';
  const name = pick(rng, DNS_NAMES);
  const rcode = name.startsWith('eth-') || rng() < 0.9 ? 'NOERROR' : 'NXDOMAIN';
  const secs = (rng() * 0.002).toFixed(6);
  return [
    `[INFO] ${ip}:${40000 + Math.floor(rng() * 20000)} - ${id} "${type} IN ${name} udp 64 false 512" ${rcode} qr,aa,rd 106 ${secs}s`,
  ];
}

function metricsServer(rng: Rng, now: Date): string[] {
  if (rng() < 0.85) return [];
  return [
    rng() < 0.9
      ? `${klog('I', now, 'server.go:191')}"Scraped nodes" count=3 duration="${Math.floor(rng() * 40) + 10}ms"`
      : `${klog('W', now, 'scraper.go:149')}"Failed to scrape node, timeout to access kubelet" err="context deadline exceeded" node="node-2" timeout="10s"`,
  ];
}

function otherSystem(rng: Rng, now: Date): string[] {
  if (rng() < 0.9) return [];
  return [`${klog('I', now, 'leaderelection.go:281')}"successfully renewed lease"`];
}

const INGRESS_PATHS = ['/api/orders', '/api/listings', '/api/cart', '/health', '/api/users/me', '/'];

/** nginx's access log as ingress-nginx formats it (its default log-format-upstream). */
function ingressNginx(rng: Rng, now: Date): string[] {
  if (rng() < 0.4) return [];
  const path = pick(rng, INGRESS_PATHS);
  const web = path === '/';
  const status = rng() < 0.97 ? 200 : 502;
  const ms = (rng() * 0.12 + 0.002).toFixed(3);
  const month = now.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const p = (n: number) => String(n).padStart(2, '0');
  const when = `${p(now.getUTCDate())}/${month}/${now.getUTCFullYear()}:${p(now.getUTCHours())}:${p(now.getUTCMinutes())}:${p(now.getUTCSeconds())} +0000`;
  const upstream = web ? 'web3-marketplace-frontend-80' : 'web3-marketplace-backend-80';
  return [
    `203.0.113.${Math.floor(rng() * 200) + 20} - - [${when}] "GET ${path} HTTP/2.0" ${status} ${Math.floor(rng() * 4000) + 200} "-" "Mozilla/5.0" 48 ${ms} [${upstream}] [] 10.244.1.${Math.floor(rng() * 50) + 10}:8080 ${Math.floor(rng() * 4000) + 200} ${ms} ${status} ${Math.floor(rng() * 1e15).toString(16)}`,
  ];
}

/** The lines of a system pod, or undefined for a workload's pod. */
export function systemLines(rng: Rng, pod: any, _container: string, now: Date): string[] | undefined {
  const ns = pod?.metadata?.namespace;
  const labels = pod?.metadata?.labels ?? {};
  if (ns === 'ingress-nginx' || labels['app.kubernetes.io/name'] === 'ingress-nginx')
    return ingressNginx(rng, now);
  if (ns !== 'kube-system') return undefined;
  if (labels['k8s-app'] === 'kube-dns') return coredns(rng);
  if (labels['k8s-app'] === 'metrics-server') return metricsServer(rng, now);
  return otherSystem(rng, now);
}
