// The configuration schema: one optional section per backend, validated with zod.
// Every key is documented in warroom.example.yaml; keep the two in step.
import { z } from 'zod';

const url = z.string().min(1);
const ms = z.number().int().positive();
const seconds = z.number().positive();
/** The panes by name (src/panes/registry.ts; test/unit/layout-config.test.ts keeps them equal). */
export const PANE_NAMES = [
  'pods',
  'deployments',
  'events',
  'top',
  'health',
  'chain',
  'postgres',
  'redis',
  'timeline',
  'logs',
] as const;

const httpCheckSchema = z
  .object({
    kind: z.literal('http'),
    name: z.string().min(1),
    url,
    expect: z
      .object({
        status: z.number().int().min(100).max(599).default(200),
        json: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      })
      .strict()
      .default({ status: 200 }),
    timeoutMs: ms.default(3000),
    intervalMs: ms.default(5000),
    /** Request headers (e.g. Authorization); every value is registered as a secret. */
    headers: z.record(z.string(), z.string()).optional(),
    /** Display the URL's path and query (secrets still masked); off: scheme://host[:port] only. */
    showPath: z.boolean().optional(),
  })
  .strict();

/** The runbooks' `nslookup api.example.com`: the name resolves (to the expected addresses). */
const dnsCheckSchema = z
  .object({
    kind: z.literal('dns'),
    name: z.string().min(1),
    host: z.string().min(1),
    /** Ask these DNS servers (`ip` or `ip:port`) directly; default: the system's resolver. */
    servers: z.array(z.string().min(1)).optional(),
    expect: z
      .object({ addresses: z.array(z.string().min(1)).optional() })
      .strict()
      .default({}),
    timeoutMs: ms.default(3000),
    intervalMs: ms.default(5000),
  })
  .strict();

/**
 * The runbooks' `curl -s …/metrics | grep error_rate`: one sample of a Prometheus text
 * exposition, read from a URL or from a pod through the API server's proxy (no port-forward).
 */
const metricsCheckSchema = z
  .object({
    kind: z.literal('metrics'),
    name: z.string().min(1),
    url: url.optional(),
    pod: z
      .object({
        namespace: z.string().min(1).optional(),
        /** A pod by name, or the first ready pod of a deployment. */
        name: z.string().min(1).optional(),
        deployment: z.string().min(1).optional(),
        port: z.number().int().min(1).max(65535),
        path: z.string().startsWith('/').default('/metrics'),
      })
      .strict()
      .refine((p) => !!p.name !== !!p.deployment, 'give either name or deployment')
      .optional(),
    expect: z
      .object({
        /** A sample: name and, optionally, labels, as Prometheus prints it: error_rate{service="backend"}. */
        metric: z.string().min(1),
        below: z.number().optional(),
        above: z.number().optional(),
      })
      .strict(),
    timeoutMs: ms.default(3000),
    intervalMs: ms.default(5000),
    headers: z.record(z.string(), z.string()).optional(),
    showPath: z.boolean().optional(),
  })
  .strict()
  .refine((m) => !!m.url !== !!m.pod, { message: 'give either url or pod', path: ['url'] });

/** One health check; `kind` defaults to `http`. */
export const healthEndpointSchema = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) && !('kind' in v) ? { kind: 'http', ...v } : v),
  z.discriminatedUnion('kind', [httpCheckSchema, dnsCheckSchema, metricsCheckSchema]),
);

export const chainEndpointSchema = z
  .object({
    name: z.string().min(1),
    url,
    /** Display the URL's path and query (secrets still masked); off: scheme://host[:port] only. */
    showPath: z.boolean().optional(),
  })
  .strict();

/** One runbook command: where it runs (a deployment's pod, or a pod), its argv and its risk. */
export const commandSchema = z
  .object({
    label: z.string().min(1),
    deployment: z.string().min(1).optional(),
    pod: z.string().min(1).optional(),
    /** Default: the first of kubernetes.namespaces, else `default`. */
    namespace: z.string().min(1).optional(),
    /** Default: the pod's `kubectl.kubernetes.io/default-container`, else its first container. */
    container: z.string().min(1).optional(),
    argv: z.array(z.string()).min(1),
    /** read-only commands run at once; mutating ones are confirmed like every action. */
    risk: z.enum(['read-only', 'mutating']),
    /** Stop following the output after this long (the command may go on in the pod). */
    timeoutSeconds: z.number().positive().default(300),
  })
  .strict()
  .refine((c) => (c.deployment === undefined) !== (c.pod === undefined), {
    message: 'give either deployment or pod (one of them)',
  });

export const configSchema = z
  .object({
    kubernetes: z
      .object({
        kubeconfig: z.string().optional(),
        context: z.string().optional(),
        namespaces: z.array(z.string().min(1)).optional(),
        deployments: z.array(z.string().min(1)).optional(),
        selectors: z.array(z.string().min(1)).optional(),
        production: z.boolean().default(false),
        readOnly: z.boolean().default(false),
        maintenanceManifest: z.string().optional(),
        configMap: z.string().optional(),
        logs: z
          .object({
            maxStreams: z.number().int().positive().default(50),
            tailLines: z.number().int().nonnegative().default(50),
          })
          .strict()
          .default({ maxStreams: 50, tailLines: 50 }),
      })
      .strict()
      .optional(),
    postgres: z
      .object({
        url: url.optional(),
        intervalMs: ms.default(2000),
        statementTimeoutMs: ms.default(1500),
        longQuerySeconds: seconds.default(30),
        idleInTransactionSeconds: seconds.default(30),
        /** The RDS instance behind it (`aws rds describe-db-instances`); credentials: the SDK's chain. */
        rds: z
          .object({
            instance: z.string().min(1),
            region: z.string().optional(),
            endpoint: url.optional(),
            intervalMs: ms.default(15_000),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    redis: z
      .object({
        url: url.optional(),
        cluster: z.boolean().default(false),
        intervalMs: ms.default(2000),
        keyPrefix: z.string().optional(),
      })
      .strict()
      .optional(),
    chain: z
      .object({
        endpoints: z.array(chainEndpointSchema).default([]),
        chainId: z.number().int().positive().optional(),
        blockTimeSeconds: seconds.default(12),
        stallMultiple: seconds.default(3),
        intervalMs: ms.default(3000),
        timeoutMs: ms.default(4000),
      })
      .strict()
      .optional(),
    cloudwatch: z
      .object({
        region: z.string().optional(),
        endpoint: url.optional(),
        logGroups: z.array(z.string().min(1)).default([]),
        filterPattern: z.string().optional(),
        requestsPerSecond: z.number().positive().max(5).default(4),
      })
      .strict()
      .optional(),
    health: z
      .object({
        endpoints: z.array(healthEndpointSchema).default([]),
      })
      .strict()
      .optional(),
    logs: z
      .object({
        errorPatterns: z.array(z.string()).optional(),
        bufferLines: z.number().int().positive().default(20000),
        maxFingerprints: z.number().int().positive().default(2000),
      })
      .strict()
      .optional(),
    incident: z
      .object({
        handle: z.string().optional(),
        naming: z.enum(['SEV', 'P']).default('SEV'),
        cadenceMinutes: z
          .object({
            SEV1: z.number().positive(),
            SEV2: z.number().positive(),
            SEV3: z.number().positive(),
            SEV4: z.number().positive().nullable(),
          })
          .partial()
          .optional(),
        stateDir: z.string().optional(),
        /** The escalation ladder (defaults in src/incident/escalation.ts DEFAULT_ESCALATION). */
        escalation: z
          .object({
            levels: z.array(z.string().min(1)).min(1),
            afterMinutes: z
              .object({
                SEV1: z.array(z.number().positive()),
                SEV2: z.array(z.number().positive()),
                SEV3: z.array(z.number().positive()),
                SEV4: z.array(z.number().positive()),
              })
              .partial()
              .strict(),
          })
          .partial()
          .strict()
          .optional(),
        /** Record the panes' data while an incident is open, for `warroom replay` (default true). */
        recording: z.boolean().optional(),
        /** How long an action's effect is followed at most before it is judged (default 300). */
        effectDeadlineSeconds: z.number().positive().optional(),
        /** How long an action's signals must stay good to count as settled (default 20). */
        effectSettleSeconds: z.number().nonnegative().optional(),
        /** The shared journal: a PostgreSQL database where incidents are replicated (src/incident/shared/). */
        shared: z
          .object({
            url,
            /** Polling interval when notifications do not arrive (PgBouncer in transaction mode). */
            pollMs: ms.default(2000),
          })
          .strict()
          .optional(),
        /** Detections on the timeline (defaults in src/incident/detect.ts DEFAULT_THRESHOLDS). */
        thresholds: z
          .object({
            raiseAfterSeconds: z.number().nonnegative(),
            podRaiseAfterSeconds: z.number().nonnegative(),
            clearAfterSeconds: z.number().nonnegative(),
            pgConnectionsHigh: z.number().positive().max(1),
            pgConnectionsLow: z.number().positive().max(1),
            pgBlockedSeconds: z.number().positive(),
            pgIdleInTransactionSessions: z.number().int().positive(),
            pgPoolIdleShare: z.number().positive().max(1),
            pgPoolMinSessions: z.number().int().positive(),
            redisMemoryHigh: z.number().positive().max(1),
            redisMemoryLow: z.number().positive().max(1),
            errorRateFactor: z.number().positive(),
            errorRateMinPerMinute: z.number().nonnegative(),
            errorRateRecovered: z.number().positive(),
          })
          .partial()
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    actions: z
      .object({
        readOnly: z.boolean().default(false),
        scale: z
          .object({
            min: z.number().int().nonnegative().default(0),
            max: z.number().int().positive().default(50),
          })
          .strict()
          .optional(),
        cdn: z
          .object({
            distributionId: z.string().min(1),
            endpoint: url.optional(),
            region: z.string().optional(),
          })
          .strict()
          .optional(),
        /** Runbook commands run in a pod (`kubectl exec`), each an operation in the palette. */
        commands: z.array(commandSchema).optional(),
      })
      .strict()
      .optional(),
    ui: z
      .object({
        /** Data frames per second at most: source updates are batched into one store update per frame. */
        fps: z.number().int().min(1).max(60).default(20),
        /** Which panes the console shows, in which order, and their share of spare rows. */
        layout: z
          .object({
            panes: z.array(z.enum(PANE_NAMES)).min(1).optional(),
            weights: z.partialRecord(z.enum(PANE_NAMES), z.number().positive().max(10)).optional(),
            /** The mode at start (default: grid from 120x30, the status board below). */
            mode: z.enum(['grid', 'board']).optional(),
          })
          .strict()
          .optional(),
        /** The header clock with seconds (it then repaints every second; default: minutes). */
        clockSeconds: z.boolean().default(false),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type HealthEndpoint = z.infer<typeof healthEndpointSchema>;
export type CommandSpec = z.infer<typeof commandSchema>;
export type HttpCheck = Extract<HealthEndpoint, { kind: 'http' }>;
export type DnsCheck = Extract<HealthEndpoint, { kind: 'dns' }>;
export type MetricsCheck = Extract<HealthEndpoint, { kind: 'metrics' }>;
export type ChainEndpoint = z.infer<typeof chainEndpointSchema>;
