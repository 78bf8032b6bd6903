// CloudFront invalidation of paths (CreateInvalidation). CloudFront has no dry run: the
// preview reads the distribution (GetDistribution) so a wrong id or missing permission shows
// before anyone confirms, and names the invalidations already in progress.
import { randomUUID } from 'node:crypto';
import { defineOperation, shq } from '../../../ops/operation.js';
import { errorText, redact } from '../../../util/redact.js';
import { awsErrorText, cdnConfig, cloudFront } from '../client.js';

const id = 'cdn.invalidate';

function parsePaths(v: string): string[] {
  return v.split(/[\s,]+/).filter(Boolean);
}

const command = (distribution: string, paths: string[], endpoint?: string) =>
  redact(
    `aws cloudfront create-invalidation --distribution-id ${shq(distribution)} --paths ${paths.map(shq).join(' ')}${endpoint ? ` --endpoint-url ${shq(endpoint)}` : ''}`,
  );

export const operation = defineOperation({
  id,
  title: 'CloudFront: invalidate paths',
  backend: 'cdn',
  risk: 'disruptive',
  effect: {
    signals: ['cdnInvalidation'],
    // CloudFront's own answer: the invalidation is InProgress until every edge has dropped the paths.
    async probe(ref, plan, env, signal) {
      if (!ref) return { value: 0, ok: false, text: 'invalidation id unknown' };
      const { GetInvalidationCommand } = await import('@aws-sdk/client-cloudfront');
      const client = await cloudFront(env);
      try {
        const r = await client.send(
          new GetInvalidationCommand({ DistributionId: plan.target.name, Id: ref }),
          { abortSignal: signal },
        );
        const status = r.Invalidation?.Status ?? '?';
        return {
          value: status === 'Completed' ? 1 : 0,
          ok: status === 'Completed',
          text: `invalidation ${ref} ${status}`,
        };
      } finally {
        client.destroy();
      }
    },
  },
  keywords: ['cdn', 'cloudfront', 'cache', 'invalidation', 'purge'],
  params: [
    {
      name: 'paths',
      label: 'Paths (space-separated, each starting with /)',
      kind: 'text',
      initial: () => '/*',
      validate: (v) => {
        const paths = parsePaths(String(v));
        if (!paths.length) return 'at least one path';
        const bad = paths.find((p) => !p.startsWith('/'));
        if (bad) return `${bad}: a path starts with /`;
        if (paths.length > 3000) return 'at most 3000 paths';
        return undefined;
      },
    },
  ],
  command: (target, params, env) =>
    command(target.name, parsePaths(String(params.paths ?? '')), cdnConfig(env)?.endpoint),
  appliesTo(_sel, env) {
    const cfg = cdnConfig(env);
    if (!cfg) return undefined;
    return {
      backend: 'cdn',
      context: `cloudfront:${cfg.distributionId}`,
      kind: 'distribution',
      name: cfg.distributionId,
      confirmName: cfg.distributionId,
    };
  },
  async plan(target, params, env, signal) {
    const paths = parsePaths(String(params.paths));
    const cfg = cdnConfig(env)!;
    const { GetDistributionCommand } = await import('@aws-sdk/client-cloudfront');
    const client = await cloudFront(env);
    let status: string;
    try {
      const d = await client.send(new GetDistributionCommand({ Id: target.name }), { abortSignal: signal });
      status = `distribution ${target.name} (${d.Distribution?.DomainName ?? '?'}) is ${d.Distribution?.Status ?? '?'}; ${d.Distribution?.InProgressInvalidationBatches ?? 0} invalidations in progress`;
    } catch (err) {
      throw new Error(awsErrorText(err), { cause: err });
    } finally {
      client.destroy();
    }
    const wildcard = paths.some((p) => p === '/*');
    return {
      op: id,
      target,
      params: { paths: paths.join(' ') },
      risk: 'disruptive',
      impact: [
        `invalidates ${paths.length} path${paths.length === 1 ? '' : 's'}: ${paths.slice(0, 10).join(' ')}${paths.length > 10 ? ' …' : ''}`,
        wildcard
          ? 'every cached object is refetched from the origin (origin load surge)'
          : 'the matching objects are refetched from the origin',
        status,
      ],
      command: command(target.name, paths, cfg.endpoint),
      data: { paths },
    };
  },
  async run(plan, env, signal) {
    const { paths } = plan.data as { paths: string[] };
    const { CreateInvalidationCommand } = await import('@aws-sdk/client-cloudfront');
    const client = await cloudFront(env);
    try {
      const r = await client.send(
        new CreateInvalidationCommand({
          DistributionId: plan.target.name,
          InvalidationBatch: {
            CallerReference: `warroom-${randomUUID()}`,
            Paths: { Quantity: paths.length, Items: paths },
          },
        }),
        { abortSignal: signal },
      );
      return {
        ok: true,
        detail: `invalidation ${r.Invalidation?.Id ?? '?'} created on ${plan.target.name} (${r.Invalidation?.Status ?? '?'})`,
        ...(r.Invalidation?.Id ? { ref: r.Invalidation.Id } : {}),
      };
    } catch (err) {
      return { ok: false, detail: awsErrorText(err) || errorText(err) };
    } finally {
      client.destroy();
    }
  },
});
