import { describe, expect, it } from 'vitest';
import { errorText, redact, redactDeep, redactUrl } from '../../src/util/redact.js';

describe('redact', () => {
  it('masks passwords in URLs of any scheme', () => {
    expect(redactUrl('postgres://monitor:s3cr3t@db.internal:5432/app')).toBe(
      'postgres://monitor:***@db.internal:5432/app',
    );
    expect(redactUrl('rediss://default:hunter2@cache:6379')).toBe('rediss://default:***@cache:6379');
    expect(redact('connect to redis://:onlypass@h:1 failed')).toBe('connect to redis://:***@h:1 failed');
  });
  it('masks tokens in query strings and RPC keys in paths', () => {
    expect(redact('https://x/health?token=abc123&x=1')).toBe('https://x/health?token=***&x=1');
    expect(redact('https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef')).toBe(
      'https://mainnet.infura.io/v3/***',
    );
    expect(redact('https://eth-mainnet.g.alchemy.com/v2/AbCdEfGhIjKlMnOpQrSt')).toBe(
      'https://eth-mainnet.g.alchemy.com/v2/***',
    );
  });
  it('masks Authorization headers, bearer tokens, JWTs and key=value secrets', () => {
    expect(redact('Authorization: Bearer abcdefghijklmnop')).toBe('Authorization: Bearer ***');
    expect(redact('sent bearer abcdefghijklmnopqrstu to api')).toBe('sent bearer *** to api');
    expect(redact('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sflKxwRJSMeKKF2QT4fwpM')).not.toContain('eyJ');
    expect(redact('PGPASSWORD=hunter2 psql')).toBe('PGPASSWORD=*** psql');
    expect(redact('password: "x y"')).not.toContain('x y"');
  });
  it('leaves ordinary text alone', () => {
    const s = 'kubectl --context prod -n web rollout undo deployment/backend --to-revision=41';
    expect(redact(s)).toBe(s);
    expect(redact('postgres://db.internal:5432/app')).toBe('postgres://db.internal:5432/app');
  });
  it('redacts deeply, including secret-named fields', () => {
    const out = redactDeep({ url: 'postgres://a:b@h/db', nested: [{ token: 'abc' }], password: 'pw', n: 3 });
    expect(out).toEqual({ url: 'postgres://a:***@h/db', nested: [{ token: '***' }], password: '***', n: 3 });
  });
  it('errorText is one redacted line with the code', () => {
    const e = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432\n    at foo'), {
      code: 'ECONNREFUSED',
    });
    expect(errorText(e)).toBe('connect ECONNREFUSED 127.0.0.1:5432 at foo');
    expect(errorText(new Error('password authentication failed for postgres://u:p@h/db'))).toContain(
      'u:***@',
    );
    expect(errorText('plain')).toBe('plain');
  });
});
