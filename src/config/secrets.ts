// What in a configuration (and its environment fallbacks) can carry a secret, registered by
// value in the process-wide registry (src/util/secrets.ts) as soon as the configuration is
// loaded, so every output path masks it. Tested in test/unit/secrets.test.ts.
import { registerHeaderValue, registerSecret, registerUrlSecrets } from '../util/secrets.js';
import type { Config } from './schema.js';

/** Environment variables holding a URL that can carry credentials or API keys. */
const URL_ENV = ['DATABASE_URL', 'REDIS_URL', 'ETH_RPC_URL', 'WARROOM_SHARED_URL'] as const;
/** Environment variables that are secrets whole. */
const SECRET_ENV = ['PGPASSWORD', 'REDISCLI_AUTH', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

export function registerConfigSecrets(config: Config, env: NodeJS.ProcessEnv = process.env): void {
  for (const k of URL_ENV) registerUrlSecrets(env[k]);
  for (const k of SECRET_ENV) registerSecret(env[k]);
  registerUrlSecrets(config.postgres?.url);
  registerUrlSecrets(config.redis?.url);
  registerUrlSecrets(config.incident?.shared?.url);
  for (const e of config.chain?.endpoints ?? []) registerUrlSecrets(e.url);
  for (const e of config.health?.endpoints ?? []) {
    if (e.kind === 'dns') continue;
    registerUrlSecrets(e.url);
    for (const v of Object.values(e.headers ?? {})) registerHeaderValue(v);
  }
  registerUrlSecrets(config.cloudwatch?.endpoint);
  registerUrlSecrets(config.actions?.cdn?.endpoint);
}
