// The health checks against a real local HTTP server.
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { checkHealth } from '../../src/data/health/check.js';
import { healthSource, type HealthData } from '../../src/data/health/source.js';
import { SourceHub } from '../../src/data/source.js';
import { createAppStore, createBatcher } from '../../src/store/store.js';
import { startHealthServer, type HealthServer } from '../helpers/http-health.js';
import { waitFor } from '../helpers/wait.js';

const ep = (url: string, extra: Record<string, unknown> = {}) =>
  configSchema.parse({
    health: {
      endpoints: [
        {
          name: 'api',
          url,
          expect: { status: 200, json: { status: 'healthy' } },
          timeoutMs: 500,
          intervalMs: 50,
          ...extra,
        },
      ],
    },
  }).health!.endpoints[0]!;

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('health check', () => {
  it('healthy: up, status, latency and the body status', async () => {
    server = await startHealthServer('healthy');
    const r = await checkHealth(ep(server.url));
    expect(r).toMatchObject({ up: true, httpStatus: 200, bodyStatus: 'healthy' });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
  });
  it('500: down with the status in words', async () => {
    server = await startHealthServer('error500');
    expect(await checkHealth(ep(server.url))).toMatchObject({
      up: false,
      httpStatus: 500,
      reason: 'HTTP 500 (expected 200)',
    });
  });
  it('a JSON field with the wrong value', async () => {
    server = await startHealthServer('degraded');
    expect(await checkHealth(ep(server.url))).toMatchObject({
      up: false,
      reason: 'status is "degraded" (expected "healthy")',
      bodyStatus: 'degraded',
    });
  });
  it('garbage body: not JSON', async () => {
    server = await startHealthServer('garbage');
    expect(await checkHealth(ep(server.url))).toMatchObject({ up: false, reason: 'body is not JSON' });
  });
  it('slow: times out in words', async () => {
    server = await startHealthServer('slow', 3000);
    const r = await checkHealth(ep(server.url, { timeoutMs: 150 }));
    expect(r).toMatchObject({ up: false, reason: 'no answer within 150 ms' });
  });
  it('gone: connection refused', async () => {
    server = await startHealthServer('healthy');
    await server.down();
    expect(await checkHealth(ep(server.url))).toMatchObject({ up: false, reason: 'connection refused' });
  });
  it('credentials in the URL are sent as Basic auth and never shown', async () => {
    server = await startHealthServer('healthy');
    const url = server.url.replace('http://', 'http://user:s3cret@');
    const r = await checkHealth(ep(url));
    expect(r.up).toBe(true);
    expect(JSON.stringify(r)).not.toContain('s3cret');
  });
});

describe('health source', () => {
  it('tracks state changes and how long each endpoint has been in its state; recovers when the server comes back', async () => {
    server = await startHealthServer('healthy');
    const store = createAppStore();
    const hub = new SourceHub(createBatcher(store, 5));
    hub.add(healthSource([ep(server.url), { ...ep('http://127.0.0.1:9/x'), name: 'dead' }]), 10_000);
    const rows = () => (store.getState().sources.health?.data as HealthData | undefined)?.endpoints ?? [];
    await waitFor(rows, (r) => r.length === 2 && r[0]!.up && !r[1]!.up, { what: 'api up, dead down' });
    expect(rows().map((r) => r.name)).toEqual(['api', 'dead']);
    const upSince = rows()[0]!.stateSince;
    await server.down();
    await waitFor(rows, (r) => r[0]!.up === false, { what: 'api down' });
    expect(rows()[0]!.stateSince).toBeGreaterThan(upSince);
    await server.up();
    await waitFor(rows, (r) => r[0]!.up === true, { what: 'api back up' });
    expect(store.getState().sources.health?.status).toBe('ok');
    await hub.stopAll();
  });
});
