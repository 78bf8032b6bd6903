// Small shared helpers: the seeded PRNG (from ../rng.ts), Kubernetes-style name suffixes and hashes, timestamps.
import type { Rng } from '../rng.js';

export { mulberry32, type Rng } from '../rng.js';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function suffix(rng: Rng, n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUMS[Math.floor(rng() * ALPHANUMS.length)];
  return s;
}

/** JSON with object keys sorted, so equal objects encode equally whatever their key order. */
export function stableStringify(value: unknown, dropNulls = false): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .filter((k) => !dropNulls || v[k] !== null)
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/** FNV-1a over a string, rendered with the pod-template-hash alphabet (like the real hash). */
export function templateHash(value: unknown): string {
  const s = stableStringify(value, true);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  let x = h;
  for (let i = 0; i < 10; i++) {
    out += ALPHANUMS[x % ALPHANUMS.length];
    x = Math.floor(x / ALPHANUMS.length) ^ (Math.imul(h, i + 7) >>> 0);
    x >>>= 0;
  }
  return out;
}

export function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

/** RFC 3339 with second precision, as metadata timestamps are serialised. */
export function isoSeconds(d: Date | number = Date.now()): string {
  return new Date(d).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** RFC 3339 with nanoseconds, as kubelet prefixes log lines with timestamps=true. */
export function isoNano(ms: number, extraNanos = 0): string {
  const base = new Date(ms).toISOString(); // 2026-01-01T00:00:00.123Z
  const nanos = String(extraNanos % 1_000_000).padStart(6, '0');
  return base.replace(/Z$/, `${nanos}Z`);
}

export function parseQuantityCpuMillis(q: string | undefined): number | undefined {
  if (!q) return undefined;
  if (q.endsWith('m')) return Number(q.slice(0, -1));
  if (q.endsWith('n')) return Number(q.slice(0, -1)) / 1e6;
  if (q.endsWith('u')) return Number(q.slice(0, -1)) / 1e3;
  return Number(q) * 1000;
}

const MEM: Record<string, number> = {
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

export function parseQuantityBytes(q: string | undefined): number | undefined {
  if (!q) return undefined;
  const m = q.match(/^([0-9.]+)([A-Za-z]*)$/);
  if (!m) return undefined;
  return Number(m[1]) * (MEM[m[2]!] ?? 1);
}

/** kubectl-style short age: 5s, 3m, 2m30s, 4h, 3d. */
export function age(fromIso: string | undefined, now = Date.now()): string {
  if (!fromIso) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  return `${d}d`;
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}
