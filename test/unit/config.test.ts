import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  applyEnvFallbacks,
  findConfigFile,
  loadConfig,
  parseConfigText,
} from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { DEFAULT_THRESHOLDS } from '../../src/incident/detect.js';

const dir = () => mkdtempSync(join(tmpdir(), 'warroom-cfg-'));

describe('config', () => {
  it('parses the shape from the issue', () => {
    const c = parseConfigText(
      `kubernetes: { context: prod, namespaces: [web3-marketplace], deployments: [backend, frontend] }
postgres:   { url: postgres://monitor@db.internal:5432/app }
redis:      { url: rediss://cache.internal:6379 }
chain:      { endpoints: [{ name: infura, url: https://mainnet.infura.io/v3/KEY }], chainId: 1 }
cloudwatch: { region: eu-west-1, logGroups: [/aws/eks/prod/application] }
health:     { endpoints: [{ name: api, url: https://api.example.com/health, expect: { status: 200, json: { status: healthy } } }] }
incident:   { handle: alice }
actions:    { readOnly: false }`,
      'x.yaml',
    );
    expect(c.kubernetes?.context).toBe('prod');
    expect(c.health?.endpoints[0]).toMatchObject({ kind: 'http', expect: { json: { status: 'healthy' } } });
    expect(c.health?.endpoints[0]?.timeoutMs).toBe(3000);
    expect(c.chain?.endpoints[0]?.name).toBe('infura');
  });
  it('the shipped example validates', () => {
    expect(() =>
      parseConfigText(readFileSync('warroom.example.yaml', 'utf8'), 'warroom.example.yaml'),
    ).not.toThrow();
  });
  it('every detection threshold can be set in configuration (none exists only in code)', () => {
    const thresholds = JSON.stringify(DEFAULT_THRESHOLDS);
    const c = parseConfigText(`incident: { thresholds: ${thresholds} }`, 'x.yaml');
    expect(c.incident?.thresholds).toEqual(DEFAULT_THRESHOLDS);
  });
  it('names the file, the key path and what was expected', () => {
    expect(() => parseConfigText('postgres: { url: 5 }', '/etc/w.yaml')).toThrow(
      /\/etc\/w\.yaml: postgres\.url: .*expected string/i,
    );
    expect(() => parseConfigText('health: { endpoints: [{ name: a }] }', 'f.yaml')).toThrow(
      /health\.endpoints\.0\.url/,
    );
    expect(() => parseConfigText('redis: { urll: x }', 'f.yaml')).toThrow(/redis: unknown key 'urll'/);
  });
  it('reports YAML syntax errors with a line, never a stack', () => {
    try {
      parseConfigText('health:\n  endpoints: [\n', 'bad.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toMatch(/^invalid config bad\.yaml/);
      expect((e as Error).message).not.toContain('\n');
    }
    expect(() => parseConfigText('- a\n- b', 'list.yaml')).toThrow(/mapping/);
  });
  it('finds the file in order: --config, $WARROOM_CONFIG, ./warroom.yaml, XDG', () => {
    const d = dir();
    const xdg = join(d, 'xdg');
    const env = { XDG_CONFIG_HOME: xdg, HOME: d } as NodeJS.ProcessEnv;
    expect(findConfigFile(undefined, env, d)).toBeUndefined();
    mkdirSync(join(xdg, 'warroom'), { recursive: true });
    writeFileSync(join(xdg, 'warroom', 'config.yaml'), '{}');
    expect(findConfigFile(undefined, env, d)).toBe(join(xdg, 'warroom', 'config.yaml'));
    writeFileSync(join(d, 'warroom.yaml'), '{}');
    expect(findConfigFile(undefined, env, d)).toBe(join(d, 'warroom.yaml'));
    writeFileSync(join(d, 'env.yaml'), '{}');
    expect(findConfigFile(undefined, { ...env, WARROOM_CONFIG: join(d, 'env.yaml') }, d)).toBe(
      join(d, 'env.yaml'),
    );
    writeFileSync(join(d, 'flag.yaml'), '{}');
    expect(findConfigFile('flag.yaml', { ...env, WARROOM_CONFIG: join(d, 'env.yaml') }, d)).toBe(
      join(d, 'flag.yaml'),
    );
    expect(() => findConfigFile('missing.yaml', env, d)).toThrow(/not found/);
  });
  it('applies ecosystem fallbacks', () => {
    const base = configSchema.parse({});
    const c = applyEnvFallbacks(base, {
      DATABASE_URL: 'postgres://x@h/db',
      REDIS_URL: 'redis://h:1',
      ETH_RPC_URL: 'http://n:8545',
      WARROOM_SHARED_URL: 'postgres://ops@ops-db/warroom',
    } as NodeJS.ProcessEnv);
    expect(c.incident?.shared).toEqual({ url: 'postgres://ops@ops-db/warroom', pollMs: 2000 });
    expect(c.postgres?.url).toBe('postgres://x@h/db');
    expect(c.postgres?.intervalMs).toBe(2000);
    expect(c.redis?.url).toBe('redis://h:1');
    expect(c.chain?.endpoints).toEqual([{ name: 'rpc', url: 'http://n:8545' }]);
    const withFile = applyEnvFallbacks(configSchema.parse({ redis: { url: 'redis://file:1' } }), {
      REDIS_URL: 'redis://env:1',
    } as NodeJS.ProcessEnv);
    expect(withFile.redis?.url).toBe('redis://file:1');
    const sharedFile = applyEnvFallbacks(
      configSchema.parse({ incident: { handle: 'al', shared: { url: 'postgres://file/w' } } }),
      { WARROOM_SHARED_URL: 'postgres://env/w' } as NodeJS.ProcessEnv,
    );
    expect(sharedFile.incident?.shared?.url).toBe('postgres://file/w');
  });
  it('command-line overrides win', () => {
    const d = dir();
    writeFileSync(join(d, 'c.yaml'), 'kubernetes: { context: staging, namespaces: [a, b] }\n');
    const { config } = loadConfig(
      { config: join(d, 'c.yaml'), context: 'prod', namespace: 'web', readOnly: true },
      { HOME: d } as NodeJS.ProcessEnv,
      d,
    );
    expect(config.kubernetes?.context).toBe('prod');
    expect(config.kubernetes?.namespaces).toEqual(['web']);
    expect(config.actions?.readOnly).toBe(true);
  });
});
