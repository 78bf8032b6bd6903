// The CloudFront distribution of `actions.cdn`, as `aws cloudfront get-distribution` and
// `aws cloudfront list-invalidations` show it: its status (Deployed / InProgress), domain and
// the newest invalidations with their status and paths (ListInvalidations has no paths: the
// newest few are read with GetInvalidation, completed ones once). Shown in the health pane. A
// failed call is the snapshot's `error` with the last good state kept: the health checks' state
// is not marked failing because the CloudFront API is denied or unreachable.
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { Config } from '../../config/schema.js';
import { pollSource, type Source } from '../source.js';
import { awsErrorText, cloudFrontFor } from './client.js';

export const CDN_SOURCE = 'cdn';
const SHOWN = 3;

export interface CdnInvalidation {
  id: string;
  status: string;
  createdAt: number;
  paths?: string[];
}

export interface CdnSnapshot {
  distributionId: string;
  status?: string;
  domainName?: string;
  inProgressInvalidations?: number;
  lastModified?: number;
  /** Newest first. */
  invalidations: CdnInvalidation[];
  readAt?: number;
  error?: string;
}

type CdnConfig = NonNullable<NonNullable<Config['actions']>['cdn']>;

export function cdnStatusSource(cfg: CdnConfig, intervalMs = 10_000): Source {
  let client: CloudFrontClient | undefined;
  const paths = new Map<string, string[]>();
  let last: CdnSnapshot = { distributionId: cfg.distributionId, invalidations: [] };

  const fetch = async (signal: AbortSignal): Promise<CdnSnapshot> => {
    const sdk = await import('@aws-sdk/client-cloudfront');
    client ??= await cloudFrontFor(cfg);
    const c = client;
    const opts = { abortSignal: signal as never };
    const Id = cfg.distributionId;
    try {
      const [d, l] = await Promise.all([
        c.send(new sdk.GetDistributionCommand({ Id }), opts),
        c.send(new sdk.ListInvalidationsCommand({ DistributionId: Id, MaxItems: 20 }), opts),
      ]);
      const newest = [...(l.InvalidationList?.Items ?? [])]
        .sort((a, b) => new Date(b.CreateTime ?? 0).getTime() - new Date(a.CreateTime ?? 0).getTime())
        .slice(0, SHOWN);
      const invalidations: CdnInvalidation[] = await Promise.all(
        newest.map(async (s) => {
          const id = s.Id ?? '?';
          let status = s.Status ?? '?';
          if (!paths.has(id) || status !== 'Completed') {
            const g = await c.send(new sdk.GetInvalidationCommand({ DistributionId: Id, Id: id }), opts);
            paths.set(id, g.Invalidation?.InvalidationBatch?.Paths?.Items ?? []);
            status = g.Invalidation?.Status ?? status;
          }
          return {
            id,
            status,
            createdAt: s.CreateTime ? new Date(s.CreateTime).getTime() : 0,
            paths: paths.get(id),
          };
        }),
      );
      last = {
        distributionId: Id,
        status: d.Distribution?.Status,
        domainName: d.Distribution?.DomainName,
        inProgressInvalidations: d.Distribution?.InProgressInvalidationBatches,
        lastModified: d.Distribution?.LastModifiedTime
          ? new Date(d.Distribution.LastModifiedTime).getTime()
          : undefined,
        invalidations,
        readAt: Date.now(),
      };
    } catch (err) {
      last = { ...last, error: awsErrorText(err) };
    }
    return last;
  };

  return pollSource({
    id: CDN_SOURCE,
    intervalMs,
    timeoutMs: 30_000,
    fetch,
    close: () => {
      client?.destroy();
      client = undefined;
    },
  });
}
