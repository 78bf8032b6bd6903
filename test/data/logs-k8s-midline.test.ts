// A log stream cut in the middle of a line: the partial line is not shown; the follower resumes
// from the last complete line's timestamp (sinceTime, second precision) and the API sends the
// boundary line again, which is dropped, then the cut line whole. Served by a tiny HTTP server
// that cuts the first log response mid-line (something the simulator never does on its own).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { k8sLogsSource } from '../../src/data/logs/k8s.js';
import { LogsHub } from '../../src/data/logs/hub.js';
import { createAppStore, createBatcher } from '../../src/store/store.js';
import { SourceHub } from '../../src/data/source.js';
import { waitFor } from '../helpers/wait.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('resumes a stream cut mid-line without losing or repeating a line', async () => {
  const T1 = '2026-11-23T10:00:00.1Z';
  const T2 = '2026-11-23T10:00:00.2Z';
  const logQueries: URLSearchParams[] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    const json = (o: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o));
    if (u.pathname === '/api/v1/namespaces/shop/pods' && u.searchParams.get('watch')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      open.add(res);
      return;
    }
    if (u.pathname === '/api/v1/namespaces/shop/pods')
      return json({
        kind: 'PodList',
        metadata: { resourceVersion: '5' },
        items: [
          {
            metadata: { name: 'api-1', namespace: 'shop', uid: 'u1', labels: { app: 'api' } },
            spec: { containers: [{ name: 'api' }] },
            status: {
              containerStatuses: [
                { name: 'api', containerID: 'c1', restartCount: 0, state: { running: {} } },
              ],
            },
          },
        ],
      });
    if (u.pathname === '/api/v1/namespaces/shop/pods/api-1/log') {
      logQueries.push(u.searchParams);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.flushHeaders();
      if (logQueries.length === 1) {
        res.write(`${T1} ERROR line one\n${T2} ERROR li`);
        setTimeout(() => res.socket?.destroy(), 50);
      } else {
        res.write(`${T1} ERROR line one\n${T2} ERROR line two\n`);
        open.add(res);
      }
      return;
    }
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ kind: 'Status', code: 404, message: 'not found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const o of open) o.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'warroom-midline-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:${(server.address() as AddressInfo).port}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: shop}}]
current-context: x
`,
  );
  const store = createAppStore();
  const hub = new SourceHub(createBatcher(store, 20));
  const logs = new LogsHub({}, 50);
  hub.add(
    k8sLogsSource(
      {
        kubeconfig,
        selectors: ['app=api'],
        production: false,
        readOnly: false,
        logs: { maxStreams: 10, tailLines: 50 },
      },
      logs,
      { backoffCapMs: 200 },
    ),
    20_000,
  );
  cleanups.push(async () => {
    await hub.stopAll();
    logs.stop();
  });
  const texts = () =>
    logs.pipeline.tail({ errorsOnly: false, limit: 100, skip: 0 }).entries.map((e) => e.text);
  await waitFor(texts, (t) => t.includes('ERROR line two'), { what: 'the cut line, whole' });
  expect(texts()).toEqual(['ERROR line one', 'ERROR line two']);
  expect(logQueries[0]!.get('tailLines')).toBe('50');
  expect(logQueries[0]!.get('follow')).toBe('true');
  expect(logQueries[0]!.get('timestamps')).toBe('true');
  expect(logQueries[1]!.get('sinceTime')).toBe('2026-11-23T10:00:00Z');
  expect(logQueries[1]!.get('tailLines')).toBeNull();
});
