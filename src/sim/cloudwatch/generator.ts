// Realistic log lines for the demo, the simulators and the benchmark: JSON (pino and
// structured), logfmt, plain text with levels, nginx access logs, Java and Python stack traces,
// with a configurable share of errors. Deterministic for a given seed.
import { mulberry32 } from '../rng.js';

export interface GeneratorOptions {
  /** Share of lines that are errors (0..1); default 0.1. */
  errorShare?: number;
  seed?: number;
  /** Share of errors that carry a multi-line stack trace; default 0.1. */
  stackShare?: number;
}

const PATHS = [
  '/api/orders',
  '/api/products',
  '/api/users/me',
  '/health',
  '/api/cart',
  '/api/checkout',
  '/v2/listings',
];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const ERRORS = [
  (r: () => number) =>
    `timeout after ${Math.floor(r() * 30_000)}ms calling payment-gateway for order ${Math.floor(r() * 1e6)}`,
  (r: () => number) => `connect ECONNREFUSED 10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}:5432`,
  (r: () => number) =>
    `insufficient funds for gas * price + value: address 0x${hex(r, 40)} have ${Math.floor(r() * 1e9)} want ${Math.floor(r() * 1e12)}`,
  (r: () => number) => `user "${USERS[Math.floor(r() * USERS.length)]}" not found (request ${uuid(r)})`,
  (r: () => number) =>
    `redis: OOM command not allowed when used memory > 'maxmemory' (key cart:${Math.floor(r() * 1e5)})`,
  () => `nonce too low`,
  (r: () => number) => `upstream responded 502 for ${PATHS[Math.floor(r() * PATHS.length)]}`,
];

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
}
function uuid(r: () => number): string {
  return `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;
}

export class LogGenerator {
  private readonly r: () => number;
  private readonly errorShare: number;
  private readonly stackShare: number;
  private n = 0;
  constructor(o: GeneratorOptions = {}) {
    this.r = mulberry32(o.seed ?? 42);
    this.errorShare = o.errorShare ?? 0.1;
    this.stackShare = o.stackShare ?? 0.1;
  }

  /** The next record: one line, or an error line followed by its stack frames. */
  next(ts = Date.now()): string[] {
    const r = this.r;
    const iso = new Date(ts).toISOString();
    const err = r() < this.errorShare;
    const shape = this.n++ % 4;
    const msg = err
      ? ERRORS[Math.floor(r() * ERRORS.length)]!(r)
      : `handled ${PATHS[Math.floor(r() * PATHS.length)]} in ${Math.floor(r() * 500)}ms`;
    const reqId = uuid(r);
    switch (shape) {
      case 0:
        return [
          JSON.stringify({ level: err ? 50 : 30, time: ts, pid: 1, hostname: 'backend-7d9f', reqId, msg }),
        ];
      case 1:
        return [
          `ts=${iso} level=${err ? 'error' : 'info'} caller=server.go:${Math.floor(r() * 400)} req=${reqId} msg="${msg.replace(/"/g, "'")}"`,
        ];
      case 2: {
        const status = err ? 500 + Math.floor(r() * 4) : r() < 0.9 ? 200 : 404;
        return [
          `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)} - - [${iso}] "GET ${PATHS[Math.floor(r() * PATHS.length)]}?id=${Math.floor(r() * 1e4)} HTTP/1.1" ${status} ${Math.floor(r() * 5000)} "-" "Mozilla/5.0" ${(r() * 2).toFixed(3)}`,
        ];
      }
      default: {
        const head = `${iso} ${err ? 'ERROR' : 'INFO '} [worker-${Math.floor(r() * 8)}] c.l.marketplace.OrderService - ${msg}`;
        if (!err || r() >= this.stackShare) return [head];
        return r() < 0.5
          ? [
              head,
              'java.lang.IllegalStateException: order state machine rejected transition',
              '\tat com.linkdao.marketplace.OrderService.transition(OrderService.java:214)',
              '\tat com.linkdao.marketplace.OrderController.checkout(OrderController.java:88)',
              'Caused by: java.net.SocketTimeoutException: Read timed out',
              '\t... 42 more',
            ]
          : [
              'Traceback (most recent call last):',
              '  File "/app/worker.py", line 41, in handle',
              '    settle(order)',
              `ValueError: ${msg}`,
            ];
      }
    }
  }
}

/**
 * A log generator for the Kubernetes simulator (`sim.cluster.setLogGenerator(…)`): a few
 * realistic lines per call, errors at `errorShare`.
 */
export function podLogGenerator(o: GeneratorOptions & { linesPerCall?: number } = {}) {
  const gen = new LogGenerator(o);
  const n = o.linesPerCall ?? 2;
  return (_pod: unknown, _container: string, now: Date): string[] => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(...gen.next(now.getTime()));
    return out;
  };
}
