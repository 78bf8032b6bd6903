// The CloudFront client for actions, created on first use (the AWS SDK is heavy): region and
// endpoint from `actions.cdn` (the endpoint is how the simulator is reached).
import type { ActionEnv } from '../../ops/operation.js';

export function cdnConfig(env: ActionEnv) {
  return env.config.actions?.cdn;
}

export async function cloudFront(env: ActionEnv) {
  const cfg = cdnConfig(env);
  if (!cfg) throw new Error('CloudFront is not configured (actions.cdn.distributionId)');
  return cloudFrontFor(cfg);
}

/** A client for `actions.cdn` (the distribution's status in the health pane uses it too). */
export async function cloudFrontFor(cfg: NonNullable<ReturnType<typeof cdnConfig>>) {
  const { CloudFrontClient } = await import('@aws-sdk/client-cloudfront');
  return new CloudFrontClient({
    region: cfg.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    maxAttempts: 2,
  });
}

/** An AWS SDK error in words: the service's code and message, or the network failure. */
export function awsErrorText(err: unknown): string {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  if (e?.name === 'AccessDenied' || status === 403) return `access denied (403): ${e.message ?? ''}`.trim();
  if (e?.name === 'NoSuchDistribution') return `no such distribution (404): ${e.message ?? ''}`.trim();
  if (e?.name === 'CredentialsProviderError') return 'no AWS credentials found (AWS_ACCESS_KEY_ID / profile)';
  return `${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(err)}${status ? ` (HTTP ${status})` : ''}`;
}
