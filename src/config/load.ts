// Finding, reading and validating the configuration, then applying each ecosystem's own
// environment conventions as fallbacks. Errors are ConfigError with a message in words
// (file, key path, what was expected) and never a stack trace.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { configSchema, type Config } from './schema.js';
import { registerConfigSecrets } from './secrets.js';

export class ConfigError extends Error {}

export interface CliOverrides {
  config?: string;
  context?: string;
  namespace?: string;
  readOnly?: boolean;
}

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or undefined when none was found (everything from the environment). */
  file?: string;
}

export function configCandidates(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string[] {
  const xdg = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return [env.WARROOM_CONFIG, join(cwd, 'warroom.yaml'), join(xdg, 'warroom', 'config.yaml')].filter(
    (p): p is string => !!p,
  );
}

export function findConfigFile(
  explicit: string | undefined,
  env = process.env,
  cwd = process.cwd(),
): string | undefined {
  if (explicit) {
    const p = resolve(cwd, explicit);
    if (!existsSync(p)) throw new ConfigError(`config file not found: ${p}`);
    return p;
  }
  if (env.WARROOM_CONFIG) {
    const p = resolve(cwd, env.WARROOM_CONFIG);
    if (!existsSync(p)) throw new ConfigError(`config file not found: ${p} (from $WARROOM_CONFIG)`);
    return p;
  }
  return configCandidates(env, cwd).find((p) => existsSync(p));
}

export function parseConfigText(text: string, file: string): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true }) ?? {};
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` line ${err.linePos[0].line}` : '';
    const first = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ConfigError(`invalid config ${file}:${where}: ${first}`);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`invalid config ${file}: expected a mapping of sections at the top level`);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.length ? issue.path.join('.') : '(top level)';
    let msg = issue.message;
    if (issue.code === 'unrecognized_keys') msg = `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    throw new ConfigError(`invalid config ${file}: ${path}: ${msg}`);
  }
  return result.data;
}

/** Fallbacks from the environment: KUBECONFIG is read by the Kubernetes client itself. */
export function applyEnvFallbacks(config: Config, env: NodeJS.ProcessEnv = process.env): Config {
  const c: Config = structuredClone(config);
  if (!c.postgres?.url) {
    const fromEnv =
      env.DATABASE_URL || (env.PGHOST || env.PGDATABASE || env.PGSERVICE ? 'libpq-env' : undefined);
    if (fromEnv)
      c.postgres = { ...configSchema.shape.postgres.unwrap().parse({}), ...c.postgres, url: fromEnv };
  }
  if (!c.redis?.url && env.REDIS_URL) {
    c.redis = { ...configSchema.shape.redis.unwrap().parse({}), ...c.redis, url: env.REDIS_URL };
  }
  if ((!c.chain || c.chain.endpoints.length === 0) && env.ETH_RPC_URL) {
    c.chain = {
      ...configSchema.shape.chain.unwrap().parse({}),
      ...c.chain,
      endpoints: [{ name: 'rpc', url: env.ETH_RPC_URL }],
    };
  }
  if (!c.incident?.shared?.url && env.WARROOM_SHARED_URL) {
    c.incident = {
      ...configSchema.shape.incident.unwrap().parse({}),
      ...c.incident,
      shared: { pollMs: 2000, ...c.incident?.shared, url: env.WARROOM_SHARED_URL },
    };
  }
  if (c.cloudwatch && !c.cloudwatch.region) c.cloudwatch.region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  return c;
}

export function loadConfig(opts: CliOverrides = {}, env = process.env, cwd = process.cwd()): LoadedConfig {
  const file = findConfigFile(opts.config, env, cwd);
  let config: Config;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read config ${file}: ${(err as Error).message}`);
    }
    config = parseConfigText(text, file);
  } else {
    config = configSchema.parse({});
  }
  config = applyEnvFallbacks(config, env);
  registerConfigSecrets(config, env);
  if (opts.context || opts.namespace) {
    const k = config.kubernetes ?? configSchema.shape.kubernetes.unwrap().parse({});
    if (opts.context) k.context = opts.context;
    if (opts.namespace) k.namespaces = [opts.namespace];
    config.kubernetes = k;
  }
  if (opts.readOnly) config.actions = { ...(config.actions ?? { readOnly: true }), readOnly: true };
  return { config, file };
}
