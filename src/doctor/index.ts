// `warroom doctor`: before the incident, can the console reach, authenticate, read what the
// panes need, and perform the configured actions? A table of every check, what is missing and
// how to fix it; non-zero exit when a required check fails. Secrets redacted, untrusted text
// (server errors) sanitised.
import type { Config } from '../config/schema.js';
import { pad } from '../util/format.js';
import { errorText } from '../util/redact.js';
import { sanitize } from '../util/sanitize.js';
import { checkChain } from './chain.js';
import { checkCloudWatch } from './cloudwatch.js';
import { checkStateFiles } from './files.js';
import { checkHealthEndpoints } from './health.js';
import { checkKubernetes } from './kubernetes.js';
import { checkPostgres } from './postgres.js';
import { checkRds } from './rds.js';
import { checkRedis } from './redis.js';
import { checkShared } from './shared.js';
import type { CheckResult } from './types.js';

type Runner = (config: Config, push: (r: Omit<CheckResult, 'backend'>) => void) => Promise<void>;

const BACKENDS: { name: string; configured: (c: Config) => boolean; hint: string; run: Runner }[] = [
  { name: 'kubernetes', configured: (c) => !!c.kubernetes, hint: 'kubernetes.context', run: checkKubernetes },
  {
    name: 'postgres',
    configured: (c) => !!c.postgres?.url,
    hint: 'postgres.url or DATABASE_URL',
    run: checkPostgres,
  },
  { name: 'rds', configured: (c) => !!c.postgres?.rds, hint: 'postgres.rds.instance', run: checkRds },
  { name: 'redis', configured: (c) => !!c.redis?.url, hint: 'redis.url or REDIS_URL', run: checkRedis },
  {
    name: 'chain',
    configured: (c) => (c.chain?.endpoints.length ?? 0) > 0,
    hint: 'chain.endpoints or ETH_RPC_URL',
    run: checkChain,
  },
  {
    name: 'cloudwatch',
    configured: (c) => (c.cloudwatch?.logGroups.length ?? 0) > 0,
    hint: 'cloudwatch.logGroups',
    run: checkCloudWatch,
  },
  {
    name: 'health',
    configured: (c) => (c.health?.endpoints.length ?? 0) > 0,
    hint: 'health.endpoints',
    run: checkHealthEndpoints,
  },
  {
    name: 'shared journal',
    configured: (c) => !!c.incident?.shared?.url,
    hint: 'incident.shared.url or WARROOM_SHARED_URL',
    run: checkShared,
  },
  { name: 'files', configured: () => true, hint: '', run: checkStateFiles },
];

export async function runDoctor(config: Config, timeoutMs = 15_000): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  await Promise.all(
    BACKENDS.map(async (b) => {
      if (!b.configured(config)) {
        results.push({
          backend: b.name,
          check: 'configured',
          level: 'skip',
          detail: `not configured (${b.hint})`,
          required: false,
        });
        return;
      }
      const mine: CheckResult[] = [];
      const push = (r: Omit<CheckResult, 'backend'>) =>
        mine.push({
          ...r,
          check: sanitize(r.check, 300),
          detail: sanitize(r.detail, 1000),
          ...(r.fix ? { fix: sanitize(r.fix, 500) } : {}),
          backend: b.name,
        });
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          b.run(config, push),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } catch (err) {
        mine.push({
          backend: b.name,
          check: 'checks',
          level: 'fail',
          detail: errorText(err),
          required: true,
        });
      } finally {
        clearTimeout(timer);
      }
      results.push(...mine);
    }),
  );
  const order = BACKENDS.map((b) => b.name);
  return results.sort((a, b) => order.indexOf(a.backend) - order.indexOf(b.backend));
}

const SYMBOL = { ok: '✔ ok', warn: '▲ warn', fail: '✖ FAIL', skip: '· skip' } as const;

export function doctorTable(results: CheckResult[], width = 160): string {
  const w = { backend: 11, check: 46, level: 7 };
  const rest = Math.max(30, width - w.backend - w.check - w.level - 3);
  const lines = [`${pad('BACKEND', w.backend)} ${pad('CHECK', w.check)} ${pad('RESULT', w.level)} DETAIL`];
  for (const r of results) {
    lines.push(
      `${pad(r.backend, w.backend)} ${pad(r.check, w.check)} ${pad(SYMBOL[r.level], w.level)} ${pad(r.detail, rest).trimEnd()}`,
    );
    if (r.fix && r.level !== 'ok')
      lines.push(`${' '.repeat(w.backend + w.check + w.level + 3)}fix: ${r.fix}`);
  }
  const failed = results.filter((r) => r.level === 'fail' && r.required).length;
  const warned = results.filter((r) => r.level === 'warn' || (r.level === 'fail' && !r.required)).length;
  lines.push(
    '',
    failed
      ? `✖ ${failed} required check(s) failed, ${warned} warning(s)`
      : `✔ all required checks passed, ${warned} warning(s)`,
  );
  return lines.join('\n') + '\n';
}
