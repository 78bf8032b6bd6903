// The one redaction helper. Every path that displays, logs or exports text that might carry
// a secret (connection URLs, error messages from clients, commands, journal exports) goes
// through redact(): first every secret registered by value (src/util/secrets.ts, filled when
// the configuration is loaded), then the patterns below as a second net.
// Tested in test/unit/redact.test.ts and test/unit/secrets.test.ts.
import { maskSecrets } from './secrets.js';

const MASK = '***';

/** Query-string keys whose values are secrets. */
const SECRET_PARAMS =
  /([?&;](?:password|passwd|pwd|token|access_token|api[_-]?key|apikey|secret|sig|signature|x-amz-signature|x-amz-security-token|auth|key)=)[^&;#\s'"]+/gi;
/** userinfo in any scheme://user:pass@host URL. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@'"]*):([^@\s/'"]*)@/gi;
/** Header-like and key=value secrets. */
const HEADER_SECRETS =
  /\b(authorization|proxy-authorization|x-api-key|x-auth-token)(\s*[:=]\s*)(bearer\s+|basic\s+)?[^\s,'"]+/gi;
const KV_SECRETS =
  /\b(password|passwd|pgpassword|secret|token|api[_-]?key|aws_secret_access_key|aws_session_token|client[_-]?secret)(\s*[=:]\s*)(?:"[^"]*"|'[^']*'|(?!\*\*\*)[^\s'",;&#]+)/gi;
/** Bearer tokens and JWT-looking strings anywhere. */
const BEARER = /\b(bearer\s+)[a-z0-9._~+/=-]{8,}/gi;
const JWT = /\beyJ[a-zA-Z0-9_-]{5,}\.[a-zA-Z0-9_-]{5,}\.[a-zA-Z0-9_-]{5,}/g;
/** Path segments that are API keys of well-known RPC providers (infura /v3/KEY, alchemy /v2/KEY). */
const RPC_PATH_KEY = /(\/v[23]\/)[a-zA-Z0-9_-]{16,}/g;

/**
 * Every pattern below needs one of these words: text without any (most log lines) skips the
 * eight passes. Keep it in step with the patterns.
 */
const HINT = /pass|pwd|token|secret|key|auth|bearer|sig|eyj|:\/\/|\/v[23]\//i;

export function redact(text: string): string {
  if (!text) return text;
  const masked = maskSecrets(text);
  if (!HINT.test(masked)) return masked;
  return masked
    .replace(URL_USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:${MASK}@`)
    .replace(SECRET_PARAMS, `$1${MASK}`)
    .replace(
      HEADER_SECRETS,
      (_m, name: string, sep: string, kind: string | undefined) => `${name}${sep}${kind ?? ''}${MASK}`,
    )
    .replace(BEARER, `$1${MASK}`)
    .replace(KV_SECRETS, (_m, name: string, sep: string) => `${name}${sep}${MASK}`)
    .replace(JWT, MASK)
    .replace(RPC_PATH_KEY, `$1${MASK}`);
}

/** A URL for display: credentials and secret query parameters masked. Never throws. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  return redact(url);
}

/** Deep-redacts every string in a JSON-like value (for exports and logs). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] =
        /^(password|token|secret|authorization|apiKey|secretAccessKey|sessionToken)$/i.test(k) &&
        typeof v === 'string'
          ? MASK
          : redactDeep(v);
    }
    return out as T;
  }
  return value;
}

/** An error in words, redacted, one line, no stack. */
export function errorText(err: unknown): string {
  let msg: string;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    msg = err.message || String(code ?? err.name);
    if (typeof code === 'string' && code && !msg.includes(code)) msg = `${msg} (${code})`;
    if (!msg && err instanceof AggregateError && err.errors.length) msg = errorText(err.errors[0]);
  } else {
    msg = String(err);
  }
  return redact(msg.replace(/\s*\n\s*/g, ' ').trim()) || 'unknown error';
}
