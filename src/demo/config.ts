// The console's configuration for the drill: every backend pointed at the drill's simulators
// and servers, timings at scenario speed (detections, idle-in-transaction threshold).
import type { Config } from '../config/schema.js';
import { INGRESS_NAMESPACE } from '../sim/kube/ingress-nginx.js';

export const LOG_GROUP = '/aws/eks/prod/application';
export const DISTRIBUTION = 'E2DEMODIST001';
/** The drill's RDS instance (the RDS simulator) and the S3 bucket behind the distribution. */
export const RDS_INSTANCE = 'prod-postgres';
export const BUCKET = 'linkdao-frontend';
export const BLOCK_SECONDS = 2;
export const CONTEXT = 'warroom-demo';

export interface DemoConfigInput {
  speed: number;
  kubeconfig: string;
  namespace: string;
  deployments: string[];
  cloudwatch: string;
  cloudfront: string;
  /** The RDS simulator's endpoint. */
  rds: string;
  /** The S3 origin's index.html (path-style, as `curl https://BUCKET.s3.amazonaws.com/index.html`). */
  s3Index: string;
  chains: { primary: string; fallback: string };
  api: string;
  pgUrl?: string;
  redis?: { url: string; prefix: string };
}

const HEALTH = ['', '/database', '/redis', '/blockchain'];

/** The web3-marketplace runbook's `npm run` scripts, as palette actions. */
export const RUNBOOK_COMMANDS = (
  [
    ['Contracts status', 'contracts:status', 'read-only'],
    ['Dependencies health', 'health:dependencies', 'read-only'],
    ['Business metrics', 'metrics:business', 'read-only'],
    ['Restart the DB pool', 'db:pool:restart', 'mutating'],
  ] as const
).map(([what, script, risk]) => ({
  label: `${what} (npm run ${script})`,
  argv: ['npm', 'run', script],
  risk,
}));

export function demoConfig(i: DemoConfigInput): Config {
  return {
    kubernetes: {
      kubeconfig: i.kubeconfig,
      context: CONTEXT,
      // The ingress controller's namespace is watched too (its pods, its deployment to restart).
      namespaces: [i.namespace, INGRESS_NAMESPACE],
      deployments: i.deployments,
      production: false,
      readOnly: false,
      logs: { maxStreams: 50, tailLines: 50 },
    },
    cloudwatch: {
      region: 'us-east-1',
      endpoint: i.cloudwatch,
      logGroups: [LOG_GROUP],
      requestsPerSecond: 4,
    },
    chain: {
      endpoints: [
        { name: 'primary', url: i.chains.primary },
        { name: 'fallback', url: i.chains.fallback },
      ],
      chainId: 1337,
      blockTimeSeconds: BLOCK_SECONDS,
      stallMultiple: 3,
      intervalMs: 2000,
      timeoutMs: 3000,
    },
    health: {
      endpoints: [
        ...HEALTH.map((p) => ({
          kind: 'http' as const,
          name: `api /health${p}`,
          url: `${i.api}/health${p}`,
          expect: { status: 200 },
          timeoutMs: 3000,
          intervalMs: 2000,
        })),
        // The runbook's "test direct S3 access": the distribution's origin, fetched directly.
        {
          kind: 'http' as const,
          name: 's3 origin',
          url: i.s3Index,
          expect: { status: 200 },
          timeoutMs: 3000,
          intervalMs: 2000,
          showPath: true,
        },
      ],
    },
    // Detections on the drill's timeline at scenario speed (defaults at speed 1).
    incident: {
      naming: 'SEV',
      thresholds: { raiseAfterSeconds: 10 / i.speed, clearAfterSeconds: 30 / i.speed },
      // An action's effect: judged once its signals hold 20 s, at the latest after 5 minutes.
      effectSettleSeconds: 20 / i.speed,
      effectDeadlineSeconds: 300 / i.speed,
    },
    actions: {
      readOnly: false,
      cdn: { distributionId: DISTRIBUTION, endpoint: i.cloudfront, region: 'us-east-1' },
      // The runbook's commands in the backend's pods (`kubectl exec deployment/backend -- …`).
      commands: RUNBOOK_COMMANDS.map((c) => ({
        ...c,
        argv: [...c.argv],
        deployment: 'backend',
        namespace: i.namespace,
        timeoutSeconds: 60,
      })),
    },
    // PostgreSQL when the drill reaches one; the RDS instance (the simulator) in any case.
    postgres: {
      ...(i.pgUrl ? { url: i.pgUrl } : {}),
      intervalMs: 2000,
      statementTimeoutMs: 1500,
      longQuerySeconds: 30,
      idleInTransactionSeconds: Math.max(1, Math.round(10 / i.speed)),
      rds: { instance: RDS_INSTANCE, region: 'us-east-1', endpoint: i.rds, intervalMs: 3000 },
    },
    ...(i.redis
      ? { redis: { url: i.redis.url, cluster: false, intervalMs: 2000, keyPrefix: i.redis.prefix } }
      : {}),
  };
}
