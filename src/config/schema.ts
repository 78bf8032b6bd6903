// The configuration schema: one optional section per backend, validated with zod.
// Every key is documented in warroom.example.yaml; keep the two in step.
import { z } from 'zod';

const url = z.string().min(1);
const ms = z.number().int().positive();
const seconds = z.number().positive();

export const healthEndpointSchema = z
  .object({
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

export const chainEndpointSchema = z
  .object({
    name: z.string().min(1),
    url,
    /** Display the URL's path and query (secrets still masked); off: scheme://host[:port] only. */
    showPath: z.boolean().optional(),
  })
  .strict();

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
        /** Detections on the timeline (defaults in src/incident/detect.ts DEFAULT_THRESHOLDS). */
        thresholds: z
          .object({
            raiseAfterSeconds: z.number().nonnegative(),
            clearAfterSeconds: z.number().nonnegative(),
            pgConnectionsHigh: z.number().positive().max(1),
            pgConnectionsLow: z.number().positive().max(1),
            pgBlockedSeconds: z.number().positive(),
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
      })
      .strict()
      .optional(),
    ui: z
      .object({
        fps: z.number().int().min(1).max(60).default(20),
        /** The header clock with seconds (it then repaints every second; default: minutes). */
        clockSeconds: z.boolean().default(false),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type HealthEndpoint = z.infer<typeof healthEndpointSchema>;
export type ChainEndpoint = z.infer<typeof chainEndpointSchema>;
