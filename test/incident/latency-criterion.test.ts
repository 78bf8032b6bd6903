// The resolution criterion "p95 latency under 200 ms where a health endpoint measures it",
// against a real local HTTP server: the health source keeps each endpoint's check latencies
// and publishes their p95 over a window; while the endpoint answers slowly the recovery
// checklist fails on it, once it answers fast again (the slow checks out of the window) it
// passes. With no endpoint measuring latency the criterion is not listed.
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { percentile } from '../../src/data/health/latency.js';
import { HEALTH_SOURCE, healthSource, type HealthData } from '../../src/data/health/source.js';
import { SourceHub } from '../../src/data/source.js';
import { recoveryChecklist } from '../../src/incident/adapters.js';
import { DEFAULT_THRESHOLDS } from '../../src/incident/detect.js';
import { createAppStore, createBatcher } from '../../src/store/store.js';
import { startHealthServer, type HealthServer } from '../helpers/http-health.js';
import { waitFor } from '../helpers/wait.js';

let server: HealthServer | undefined;
let hub: SourceHub | undefined;
afterEach(async () => {
  await hub?.stopAll();
  await server?.close();
  hub = server = undefined;
});

const criterion = (st: ReturnType<ReturnType<typeof createAppStore>['getState']>) =>
  recoveryChecklist(st, DEFAULT_THRESHOLDS).find((i) => i.name === 'p95 latency under 200 ms');

describe('p95 latency criterion', () => {
  it('nearest-rank percentile', () => {
    expect(percentile([], 0.95)).toBeUndefined();
    expect(percentile([5], 0.95)).toBe(5);
    expect(percentile([...Array.from({ length: 19 }, () => 10), 900], 0.95)).toBe(10);
    expect(percentile([...Array.from({ length: 18 }, () => 10), 900, 900], 0.95)).toBe(900);
  });

  it('fails while the endpoint answers slowly and passes once it is fast again', async () => {
    server = await startHealthServer('slow', 260);
    const ep = configSchema.parse({
      health: { endpoints: [{ name: 'api /health', url: server.url, timeoutMs: 5000, intervalMs: 50 }] },
    }).health!.endpoints[0]!;
    const store = createAppStore();
    hub = new SourceHub(createBatcher(store));
    hub.add(healthSource([ep], undefined, 1500), 10_000);
    const slow = await waitFor(
      () => store.getState(),
      (st) =>
        ((st.sources[HEALTH_SOURCE]?.data as HealthData | undefined)?.endpoints[0]?.latencySamples ?? 0) >= 2,
      { what: 'two slow checks measured', timeoutMs: 20_000 },
    );
    const row = (slow.sources[HEALTH_SOURCE]!.data as HealthData).endpoints[0]!;
    expect(row.p95Ms).toBeGreaterThanOrEqual(260);
    expect(criterion(slow)).toEqual({
      name: 'p95 latency under 200 ms',
      ok: false,
      detail: `api /health p95 ${row.p95Ms} ms`,
    });
    server.mode = 'healthy';
    const fast = await waitFor(
      () => store.getState(),
      (st) => criterion(st)?.ok === true,
      { what: 'the criterion passing once the slow checks left the window', timeoutMs: 20_000 },
    );
    expect(criterion(fast)?.detail).toMatch(/^api \/health p95 \d+ ms$/);
  });

  it('is not listed when no health endpoint measures latency', () => {
    expect(criterion(createAppStore().getState())).toBeUndefined();
  });
});
