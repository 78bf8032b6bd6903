// The shape of `warroom snapshot --json`: one envelope, one entry per source. Published as JSON
// Schema in docs/snapshot.schema.json (generated from this by scripts/snapshot-schema.ts).
import { z } from 'zod';

export const snapshotSourceSchema = z.object({
  status: z.enum(['ok', 'stale', 'error', 'connecting', 'unconfigured']),
  error: z.string().optional(),
  hint: z.string().optional(),
  /** Age of the data in milliseconds when the snapshot was taken. */
  ageMs: z.number().nonnegative().optional(),
  data: z.unknown().optional(),
});

export const snapshotSchema = z.object({
  warroom: z.string(),
  takenAt: z.string(),
  context: z.string().optional(),
  namespace: z.string().optional(),
  sources: z.record(z.string(), snapshotSourceSchema),
});

export type Snapshot = z.infer<typeof snapshotSchema>;
