// CloudWatch Logs: credentials from the default chain, each configured log group exists, and
// FilterLogEvents is allowed on it.
import type { Config } from '../config/schema.js';
import { errorText } from '../util/redact.js';
import type { CheckResult } from './types.js';

type Push = (r: Omit<CheckResult, 'backend'>) => void;

export async function checkCloudWatch(config: Config, push: Push): Promise<void> {
  const cw = config.cloudwatch!;
  const { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand } =
    await import('@aws-sdk/client-cloudwatch-logs');
  const client = new CloudWatchLogsClient({ region: cw.region, endpoint: cw.endpoint, maxAttempts: 1 });
  try {
    for (const group of cw.logGroups) {
      try {
        const d = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group, limit: 5 }));
        const found = d.logGroups?.some((g) => g.logGroupName === group);
        if (!found) {
          push({
            check: `log group ${group}`,
            level: 'fail',
            detail: 'does not exist',
            fix: 'check cloudwatch.logGroups and cloudwatch.region',
            required: true,
          });
          continue;
        }
        await client.send(
          new FilterLogEventsCommand({ logGroupName: group, limit: 1, startTime: Date.now() - 60_000 }),
        );
        push({
          check: `log group ${group}`,
          level: 'ok',
          detail: 'exists; FilterLogEvents allowed',
          required: true,
        });
      } catch (err) {
        const name = (err as { name?: string }).name ?? '';
        const fix = /Credential|Token|Signature|Unrecognized/i.test(name + errorText(err))
          ? 'refresh the AWS credentials (aws sso login, or the instance role)'
          : /AccessDenied/i.test(name)
            ? 'allow logs:DescribeLogGroups and logs:FilterLogEvents'
            : undefined;
        push({
          check: `log group ${group}`,
          level: 'fail',
          detail: `${name ? `${name}: ` : ''}${errorText(err)}`,
          fix,
          required: true,
        });
      }
    }
  } finally {
    client.destroy();
  }
}
