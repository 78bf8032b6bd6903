// The process-wide secret registry. When the configuration is loaded (src/config/secrets.ts),
// every value that can carry a credential is registered here BY VALUE, and redact() masks every
// registered value wherever it appears (client error messages included), before its patterns
// run as a second net. Also: how an endpoint URL is displayed (scheme://host[:port] only).
// Tested in test/unit/secrets.test.ts.

const MASK = '***';
/** Shorter values are not registered (they would mask ordinary text); patterns still cover them. */
const MIN_LENGTH = 4;

const secrets = new Set<string>();
let pattern: RegExp | undefined;
let longest = 0;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Registers a secret value, with the spellings clients echo back (percent-encoded and decoded). */
export function registerSecret(value: string | undefined | null): void {
  if (!value) return;
  const before = secrets.size;
  for (const v of new Set([value, safeDecode(value), encodeURIComponent(value)])) {
    const t = v.trim();
    if (t.length >= MIN_LENGTH) secrets.add(t);
  }
  if (secrets.size !== before) {
    const all = [...secrets].sort((a, b) => b.length - a.length);
    longest = all[0]?.length ?? 0;
    pattern = new RegExp(all.map(escapeRe).join('|'), 'g');
  }
}

/** Forgets every registered secret (tests only). */
export function clearSecrets(): void {
  secrets.clear();
  pattern = undefined;
  longest = 0;
}

/** The length of the longest registered secret (how far a cut must look ahead). */
/** The registered values, to register them again in a worker thread (its own module state). */
export function registeredSecrets(): string[] {
  return [...secrets];
}

export function longestSecret(): number {
  return longest;
}

/** Replaces every registered secret in text with ***. */
export function maskSecrets(text: string): string {
  if (!pattern || !text) return text;
  pattern.lastIndex = 0;
  return text.replace(pattern, MASK);
}

/**
 * Path segments and query values known to be harmless, so never registered: empty, a number
 * (a port, a chain ID, a version), `v` + a number, or a lowercase word made of letters and
 * `-`/`_`/`.` (`health`, `readyz`, `eth`, `polygon-mainnet`) of at most 24 characters. Anything
 * else (any digit or capital mixed in, anything longer) counts as a secret.
 */
export function isHarmlessPart(part: string): boolean {
  if (!part) return true;
  if (/^\d{1,10}$/.test(part) || /^v\d{1,3}$/i.test(part)) return true;
  return part.length <= 24 && /^[a-z]+(?:[-_.][a-z]+)*$/.test(part);
}

/** Query keys whose value is always a secret, whatever it looks like. */
const SECRET_KEY = /pass|pwd|token|secret|key|auth|sig|credential|session|jwt|bearer|cookie|private|access/i;

/**
 * Schemes whose username slot is an identity (a role, an ACL user) and whose path is a database
 * name or index, rather than a token: shown (psql, redis-cli need them), never registered.
 */
const DATABASE_SCHEMES = new Set(['postgres:', 'postgresql:', 'redis:', 'rediss:']);

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Registers what a URL can carry: the password (and its basic-auth header form), the username
 * and every path segment that is not harmless (except for database URLs: role and database
 * name), every query value that is not harmless or sits under a secret-sounding key, and the
 * fragment. An unparsable URL is registered whole.
 */
export function registerUrlSecrets(url: string | undefined): void {
  if (!url) return;
  const u = parse(url);
  if (!u) {
    if (/[:@/?]/.test(url)) registerSecret(url);
    return;
  }
  const user = safeDecode(u.username);
  const pass = safeDecode(u.password);
  if (pass) {
    registerSecret(u.password);
    registerSecret(pass);
    registerSecret(Buffer.from(`${user}:${pass}`).toString('base64'));
  }
  const database = DATABASE_SCHEMES.has(u.protocol);
  if (user && !database) {
    registerSecret(u.username);
    registerSecret(user);
  }
  for (const seg of database ? [] : u.pathname.split('/')) {
    if (!isHarmlessPart(safeDecode(seg))) registerSecret(seg);
  }
  for (const [k, v] of u.searchParams) {
    if (SECRET_KEY.test(k) || !isHarmlessPart(v)) registerSecret(v);
  }
  const hash = u.hash.replace(/^#/, '');
  if (!isHarmlessPart(safeDecode(hash))) registerSecret(hash);
}

/** Registers a header value (and the credential after a `Bearer`/`Basic`/`Token` word). */
export function registerHeaderValue(value: string | undefined): void {
  if (!value) return;
  registerSecret(value);
  const m = /^\s*(?:bearer|basic|token|digest)\s+(.+)$/i.exec(value);
  if (m) {
    registerSecret(m[1]);
    if (/^basic/i.test(value)) {
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      registerSecret(decoded);
      registerSecret(decoded.slice(decoded.indexOf(':') + 1));
    }
  }
}

/**
 * An endpoint URL for display: `scheme://host[:port]`, no userinfo, no path or query, unless
 * showPath is set (then the path and query follow, with every registered secret masked).
 * Never throws; an unparsable URL shows as `(unparsable URL)`.
 */
export function displayUrl(url: string | undefined, showPath = false): string {
  if (!url) return '';
  const u = parse(url);
  if (!u) return url === 'libpq-env' ? 'libpq environment (PGHOST…)' : '(unparsable URL)';
  const origin = `${u.protocol}//${u.host}`;
  if (!showPath) return origin;
  const rest = `${u.pathname === '/' ? '' : u.pathname}${u.search}`;
  return maskSecrets(`${origin}${rest}`);
}
