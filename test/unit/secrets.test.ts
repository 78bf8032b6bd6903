import { afterEach, describe, expect, it } from 'vitest';
import { registerConfigSecrets } from '../../src/config/secrets.js';
import { configSchema } from '../../src/config/schema.js';
import { errorText, redact, redactDeep } from '../../src/util/redact.js';
import {
  clearSecrets,
  displayUrl,
  isHarmlessPart,
  registerHeaderValue,
  registerUrlSecrets,
} from '../../src/util/secrets.js';

afterEach(() => clearSecrets());

describe('secret registry', () => {
  it('masks every URL shape the patterns do not know, by value, wherever it appears', () => {
    registerUrlSecrets('https://black-cool-river.quiknode.pro/3fa85f6457174562b3fc2c963f66afa6/');
    registerUrlSecrets(
      'https://rpc.ankr.com/eth/9b1f0c2d4e6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4b6c8d0e2f4a6b8c',
    );
    registerUrlSecrets('https://api.example.com/health?apikey=Zx81kQ&region=eu');
    const err = 'request failed: https://black-cool-river.quiknode.pro/3fa85f6457174562b3fc2c963f66afa6/ 401';
    expect(errorText(new Error(err))).toBe('request failed: https://black-cool-river.quiknode.pro/***/ 401');
    expect(redact('GET /eth/9b1f0c2d4e6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4b6c8d0e2f4a6b8c')).toBe(
      'GET /eth/***',
    );
    expect(redact('key Zx81kQ echoed')).toBe('key *** echoed');
    // Harmless parts stay readable everywhere.
    expect(redact('eth health region eu')).toBe('eth health region eu');
  });
  it('registers passwords with their percent-encoded, decoded and basic-auth spellings', () => {
    registerUrlSecrets('https://monitor:p%40ss-W0rd@health.internal/ready');
    expect(redact('p@ss-W0rd and p%40ss-W0rd')).toBe('*** and ***');
    const basic = Buffer.from('monitor:p@ss-W0rd').toString('base64');
    expect(redact(`Authorization: Basic ${basic}`)).not.toContain(basic);
    expect(redact(`sent ${basic}`)).toBe('sent ***');
  });
  it('keeps the role and database of postgres and redis URLs but masks an http user (a token)', () => {
    registerUrlSecrets('postgres://monitor:Hunter2x@db:5432/warroom_demo_55e09c');
    registerUrlSecrets('https://Proj3ctIdAbc@rpc.example.com');
    expect(redact('role monitor, Hunter2x, db warroom_demo_55e09c')).toBe(
      'role monitor, ***, db warroom_demo_55e09c',
    );
    expect(redact('project Proj3ctIdAbc')).toBe('project ***');
  });
  it('registers header values and the credential after Bearer', () => {
    registerHeaderValue('Bearer tok-ABC123xyz');
    expect(redact('got tok-ABC123xyz back')).toBe('got *** back');
  });
  it('decides what is harmless conservatively', () => {
    for (const p of ['', 'health', 'readyz', 'eth', 'v3', '5432', 'polygon-mainnet'])
      expect(isHarmlessPart(p)).toBe(true);
    for (const p of ['abc123', 'AbCdEf', 'a'.repeat(25), 'x.y=z']) expect(isHarmlessPart(p)).toBe(false);
  });
  it('redacts deeply with registered values', () => {
    registerUrlSecrets('redis://ops:RedisPa55@cache:6379');
    expect(redactDeep({ a: ['x RedisPa55 y'] })).toEqual({ a: ['x *** y'] });
  });
  it('registers everything in a configuration and its environment fallbacks', () => {
    const config = configSchema.parse({
      health: {
        endpoints: [
          {
            name: 'api',
            url: 'https://u:HealthPw9@api/health',
            headers: { authorization: 'Bearer Tkn99abc' },
          },
        ],
      },
      chain: { endpoints: [{ name: 'main', url: 'https://mainnet.infura.io/v3/InfuraKey0001' }] },
      incident: { shared: { url: 'postgres://warroom:SharedPw7@ops-db/warroom' } },
    });
    registerConfigSecrets(config, {
      PGPASSWORD: 'PgEnvPw1',
      ETH_RPC_URL: 'https://x.io/v2/AlchemyK3y',
      AWS_SECRET_ACCESS_KEY: 'AwsS3cret',
      WARROOM_SHARED_URL: 'postgres://warroom:SharedEnvPw8@ops-db/warroom',
    });
    expect(
      redact('HealthPw9 Tkn99abc InfuraKey0001 PgEnvPw1 AlchemyK3y AwsS3cret SharedPw7 SharedEnvPw8'),
    ).toBe('*** *** *** *** *** *** *** ***');
  });
});

describe('displayUrl', () => {
  it('shows scheme://host[:port] only, unless showPath (then registered secrets are masked)', () => {
    const url = 'https://user:pw12@rpc.ankr.com:8443/eth/KeyKey1234?x=1';
    registerUrlSecrets(url);
    expect(displayUrl(url)).toBe('https://rpc.ankr.com:8443');
    expect(displayUrl(url, true)).toBe('https://rpc.ankr.com:8443/eth/***?x=1');
    expect(displayUrl('postgres://monitor:pw@db.internal:5432/app')).toBe('postgres://db.internal:5432');
    expect(displayUrl('not a url')).toBe('(unparsable URL)');
  });
});
