// The Kubernetes sources against the API simulator (a real HTTP server speaking the API) with
// the real @kubernetes/client-node: list + watch, faults appearing live, dropped watches,
// 410 Gone, unreachable server, 401, 403 on one resource, missing metrics, namespace scope,
// exec credential plugins.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { KubeHttp, loadKube } from '../../src/data/kubernetes/client.js';
import { DEFAULT_TUNING } from '../../src/data/kubernetes/cache.js';
import {
  DEFAULT_OPTIONS,
  kubeSources,
  type KubeSourceOptions,
  type WatchSource,
} from '../../src/data/kubernetes/sources.js';
import { startKube } from '../../src/data/kubernetes/start.js';
import { podStatus } from '../../src/data/kubernetes/status.js';
import type { DeploymentsData, EventsData, MetricsData, PodsData } from '../../src/data/kubernetes/types.js';
import { SourceHub } from '../../src/data/source.js';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { createAppStore, createBatcher, getSlice, type AppStore } from '../../src/store/store.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait.js';

const FAST: KubeSourceOptions = {
  ...DEFAULT_OPTIONS,
  tuning: {
    ...DEFAULT_TUNING,
    backoffBaseMs: 50,
    backoffCapMs: 400,
    listTimeoutMs: 3000,
    idleMs: 20_000,
    watchTimeoutS: 60,
  },
  heartbeatMs: 200,
  publishMs: 10,
  metricsIntervalMs: 200,
  metricsTimeoutMs: 2000,
};

let sim: KubeSim | undefined;
let proxy: TcpProxy | undefined;
let hub: SourceHub | undefined;
let dir: string | undefined;
afterEach(async () => {
  await hub?.stopAll();
  await proxy?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  hub = undefined;
  proxy = undefined;
  sim = undefined;
  dir = undefined;
});

function tmp(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'warroom-kube-'));
  return dir;
}

function run(kubeconfig: string, namespaces?: string[], opts = FAST) {
  const store = createAppStore();
  hub = new SourceHub(createBatcher(store, 5));
  const http = new KubeHttp(loadKube({ kubeconfig }));
  const { watches, metrics } = kubeSources(http, { namespaces }, opts);
  for (const w of watches) hub.add(w, 30_000);
  hub.add(metrics, 30_000);
  return { store, http, watches };
}

const src = <T>(store: AppStore, id: string) =>
  store.getState().sources[id] as { status: string; data?: T; error?: string } | undefined;
const pods = (store: AppStore) => src<PodsData>(store, 'k8s.pods')?.data?.pods ?? [];
const keys = (store: AppStore) => pods(store).map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
const simKeys = (s: KubeSim) =>
  s.cluster
    .listPods()
    .map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`)
    .sort();
const cacheOf = (watches: WatchSource[], id: string) => watches.find((w) => w.id === id)!.caches()[0]!;

describe('kubernetes sources against the simulator', () => {
  it('lists and watches every resource; a crash-looping deployment shows up live with its events', async () => {
    sim = await startKubeSim({ tickMs: 50 });
    const { store } = run(sim.writeKubeconfig(join(tmp(), 'kc')));
    await waitFor(
      () => store.getState().sources,
      (s) =>
        ['k8s.pods', 'k8s.nodes', 'k8s.deployments', 'k8s.events', 'k8s.metrics'].every(
          (id) => s[id]?.status === 'ok',
        ),
      { what: 'all sources ok' },
    );
    expect(keys(store).sort()).toEqual(simKeys(sim));
    const deps = src<DeploymentsData>(store, 'k8s.deployments')!.data!;
    expect(deps.deployments.length).toBeGreaterThan(0);
    expect(deps.replicaSets.length).toBeGreaterThan(0);
    expect(src<MetricsData>(store, 'k8s.metrics')!.data!.available).toBe(true);

    sim.cluster.setFaultRule((pod: any) =>
      pod.metadata.name.startsWith('backend') ? 'CrashLoopBackOff' : null,
    );
    sim.cluster.kick();
    await waitFor(
      () => pods(store),
      (ps) => ps.some((p) => podStatus(p).reason === 'CrashLoopBackOff'),
      { what: 'CrashLoopBackOff pod', timeoutMs: 15_000 },
    );
    await waitFor(
      () => src<EventsData>(store, 'k8s.events')?.data?.events ?? [],
      (es) => es.some((e) => e.type === 'Warning'),
      { what: 'a Warning event', timeoutMs: 15_000 },
    );
  });

  it('a watch dropped mid-stream resumes from its resourceVersion: nothing lost, nothing duplicated', async () => {
    sim = await startKubeSim({ tickMs: 50 });
    const { store, watches } = run(sim.writeKubeconfig(join(tmp(), 'kc')));
    await waitFor(
      () => src(store, 'k8s.pods')?.status,
      (s) => s === 'ok',
      { what: 'pods ok' },
    );
    const cache = cacheOf(watches, 'k8s.pods');
    await waitFor(
      () => sim!.openStreams(),
      (n) => n >= 5,
      { what: 'every watch open' },
    );
    const listsBefore = cache.stats.lists;
    const watchesBefore = cache.stats.watches;
    sim.dropWatches();
    const victim = simKeys(sim)[0]!;
    const [ns, name] = victim.split('/');
    sim.cluster.deletePod(ns!, name!, 0);
    sim.cluster.kick();
    await waitFor(
      () => cache.stats.watches,
      (n) => n > watchesBefore,
      { what: 'watch reopened' },
    );
    await waitFor(
      () => keys(store).sort().join(),
      (k) => k === simKeys(sim!).join() && !k.split(',').includes(victim),
      { what: 'cache equals the cluster', timeoutMs: 15_000 },
    );
    expect(new Set(keys(store)).size).toBe(keys(store).length);
    expect(cache.stats.lists).toBe(listsBefore); // resumed, not relisted
    expect(src(store, 'k8s.pods')!.status).toBe('ok');
  });

  it('410 Gone: relists, and ends equal to the cluster', async () => {
    sim = await startKubeSim({ tickMs: 50 });
    const { store, watches } = run(sim.writeKubeconfig(join(tmp(), 'kc')));
    await waitFor(
      () => src(store, 'k8s.pods')?.status,
      (s) => s === 'ok',
      { what: 'pods ok' },
    );
    const cache = cacheOf(watches, 'k8s.pods');
    // Changes while the watch is down, then history compacted: resuming gets 410.
    proxy = undefined;
    sim.cluster.setFaultRule((pod: any) => (pod.metadata.name.startsWith('worker') ? 'Error' : null));
    sim.cluster.kick();
    sim.compactHistory();
    sim.dropWatches();
    await waitFor(
      () => cache.stats.gone + cache.stats.relists,
      (n) => n > 0,
      { what: 'a relist after 410', timeoutMs: 15_000 },
    );
    await waitFor(
      () => keys(store).sort().join(),
      (k) => k === simKeys(sim!).join(),
      { what: 'cache equals the cluster' },
    );
    expect(new Set(keys(store)).size).toBe(keys(store).length);
    expect(src(store, 'k8s.pods')!.status).toBe('ok');
  });

  it('API server unreachable: an error in words, data kept; recovers when it is back', async () => {
    sim = await startKubeSim({ tickMs: 50 });
    proxy = await startTcpProxy(sim.port);
    const kc = sim.writeKubeconfig(join(tmp(), 'kc'));
    writeFileSync(
      kc,
      (await import('node:fs')).readFileSync(kc, 'utf8').replace(`:${sim.port}`, `:${proxy.port}`),
    );
    const { store } = run(kc);
    await waitFor(
      () => src(store, 'k8s.pods')?.status,
      (s) => s === 'ok',
      { what: 'pods ok' },
    );
    const n = pods(store).length;
    await proxy.down();
    await waitFor(
      () => src(store, 'k8s.pods'),
      (s) => s?.status === 'error',
      { what: 'pods error', timeoutMs: 15_000 },
    );
    const s = src(store, 'k8s.pods')!;
    expect(s.error).toMatch(
      /cannot reach the API server http:\/\/127\.0\.0\.1:\d+: connection (refused|reset|closed by the server)/,
    );
    expect(pods(store).length).toBe(n);
    await proxy.up();
    await waitFor(
      () => src(store, 'k8s.pods')?.status,
      (st) => st === 'ok',
      { what: 'pods ok again', timeoutMs: 15_000 },
    );
  });

  it('an API server that never answers the list: the list times out and is retried', async () => {
    sim = await startKubeSim({ tickMs: 50 });
    proxy = await startTcpProxy(sim.port);
    proxy.hang();
    const kc = sim.writeKubeconfig(join(tmp(), 'kc'));
    writeFileSync(
      kc,
      (await import('node:fs')).readFileSync(kc, 'utf8').replace(`:${sim.port}`, `:${proxy.port}`),
    );
    const { store } = run(kc, undefined, { ...FAST, tuning: { ...FAST.tuning, listTimeoutMs: 300 } });
    await waitFor(
      () => src(store, 'k8s.pods'),
      (s) => s?.status === 'error',
      { what: 'pods error', timeoutMs: 10_000 },
    );
    expect(src(store, 'k8s.pods')!.error).toMatch(/API server|timeout|timed out/i);
    proxy.resume();
    await waitFor(
      () => src(store, 'k8s.pods')?.status,
      (st) => st === 'ok',
      { what: 'pods ok', timeoutMs: 15_000 },
    );
  });

  it('401: says the credentials were refused, never shows the token', async () => {
    sim = await startKubeSim({ tickMs: 50, token: 'right-token' });
    const { store } = run(sim.writeKubeconfig(join(tmp(), 'kc'), { token: 'wrong-secret-token' }));
    await waitFor(
      () => src(store, 'k8s.pods'),
      (s) => s?.status === 'error',
      { what: 'pods error' },
    );
    const err = src(store, 'k8s.pods')!.error!;
    expect(err).toContain('401 Unauthorized');
    expect(err).toContain('list pods');
    expect(JSON.stringify(store.getState().sources)).not.toContain('wrong-secret-token');
  });

  it('403 on one resource names the verb and resource; the other sources work', async () => {
    sim = await startKubeSim({ tickMs: 50 });
    sim.deny('list', 'events');
    sim.deny('list', 'replicasets');
    const { store } = run(sim.writeKubeconfig(join(tmp(), 'kc')));
    await waitFor(
      () => src(store, 'k8s.events'),
      (s) => s?.status === 'error',
      { what: 'events error' },
    );
    expect(src(store, 'k8s.events')!.error).toBe(
      '403 Forbidden: not allowed to list events in all namespaces',
    );
    await waitFor(
      () => src<DeploymentsData>(store, 'k8s.deployments'),
      (s) => s?.status === 'ok' && !!s.data?.replicaSetsError,
      { what: 'deployments ok without history' },
    );
    expect(src<DeploymentsData>(store, 'k8s.deployments')!.data!.replicaSetsError).toBe(
      '403 Forbidden: not allowed to list replicasets.apps in all namespaces',
    );
    expect(src(store, 'k8s.pods')!.status).toBe('ok');
    // Permission granted again: the denied source recovers by itself.
    sim.allowAll();
    await waitFor(
      () => src(store, 'k8s.events')?.status,
      (s) => s === 'ok',
      { what: 'events ok', timeoutMs: 15_000 },
    );
  });

  it('403 on watch only', async () => {
    sim = await startKubeSim({ tickMs: 50 });
    sim.deny('watch', 'pods');
    const { store } = run(sim.writeKubeconfig(join(tmp(), 'kc')));
    await waitFor(
      () => src(store, 'k8s.pods'),
      (s) => s?.status === 'error',
      { what: 'pods error' },
    );
    expect(src(store, 'k8s.pods')!.error).toBe('403 Forbidden: not allowed to watch pods in all namespaces');
  });

  it('metrics API missing: the metrics source says so (not an error); comes back', async () => {
    sim = await startKubeSim({ tickMs: 50, metrics: false });
    const { store } = run(sim.writeKubeconfig(join(tmp(), 'kc')));
    await waitFor(
      () => src<MetricsData>(store, 'k8s.metrics'),
      (s) => s?.status === 'ok' && s.data?.available === false,
      { what: 'metrics unavailable' },
    );
    expect(src<MetricsData>(store, 'k8s.metrics')!.data!.reason).toContain('metrics-server is not installed');
    sim.setMetricsAvailable(true);
    await waitFor(
      () => src<MetricsData>(store, 'k8s.metrics')?.data?.available,
      (a) => a === true,
      { what: 'metrics back' },
    );
  });

  it('namespace scope: only that namespace is listed and watched', async () => {
    sim = await startKubeSim({ tickMs: 50 });
    const { store } = run(sim.writeKubeconfig(join(tmp(), 'kc')), ['web3-marketplace']);
    await waitFor(
      () => src(store, 'k8s.pods')?.status,
      (s) => s === 'ok',
      { what: 'pods ok' },
    );
    expect(pods(store).length).toBeGreaterThan(0);
    expect(pods(store).every((p) => p.metadata?.namespace === 'web3-marketplace')).toBe(true);
    const podReqs = sim.requests.filter((r) => r.resource === 'pods' && !r.group);
    expect(podReqs.every((r) => r.namespace === 'web3-marketplace')).toBe(true);
  });

  it('exec credential plugins (like aws eks get-token) authenticate, and the header gets the context in use', async () => {
    sim = await startKubeSim({ tickMs: 50, token: 'exec-token-123' });
    const d = tmp();
    const plugin = join(d, 'get-token.sh');
    writeFileSync(
      plugin,
      `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"exec-token-123"}}'\n`,
    );
    chmodSync(plugin, 0o755);
    const kc = join(d, 'exec-kc');
    writeFileSync(
      kc,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: other',
        'clusters:',
        `- name: sim\n  cluster:\n    server: ${sim.url}\n    insecure-skip-tls-verify: true`,
        'users:',
        `- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${plugin}\n      interactiveMode: Never`,
        'contexts:',
        '- name: other\n  context:\n    cluster: sim\n    user: nobody',
        '- name: prod-eks\n  context:\n    cluster: sim\n    user: eks',
      ].join('\n'),
    );
    const store = createAppStore();
    hub = new SourceHub(createBatcher(store, 5));
    const config = configSchema.parse({
      kubernetes: { kubeconfig: kc, context: 'prod-eks', namespaces: ['web3-marketplace'] },
    });
    await startKube({ config, hub, store }, FAST);
    expect(getSlice(store, 'meta')).toMatchObject({
      context: 'prod-eks',
      namespace: 'web3-marketplace',
    });
    await waitFor(
      () => src(store, 'k8s.pods')?.status,
      (s) => s === 'ok',
      { what: 'pods ok via exec token' },
    );
  });

  it('an exec credential plugin that fails or hangs: a one-line error, retried', async () => {
    sim = await startKubeSim({ tickMs: 50, token: 't' });
    const d = tmp();
    const failing = join(d, 'fail.sh');
    writeFileSync(failing, `#!/bin/sh\necho 'token expired: run aws sso login' >&2\nexit 1\n`);
    chmodSync(failing, 0o755);
    const hanging = join(d, 'hang.sh');
    writeFileSync(hanging, `#!/bin/sh\nsleep 3\n`);
    chmodSync(hanging, 0o755);
    const kc = (name: string, cmd: string) => {
      const f = join(d, `kc-${name}`);
      writeFileSync(
        f,
        [
          'apiVersion: v1',
          'kind: Config',
          'current-context: c',
          `clusters:\n- name: s\n  cluster:\n    server: ${sim!.url}\n    insecure-skip-tls-verify: true`,
          `users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${cmd}\n      interactiveMode: Never`,
          'contexts:\n- name: c\n  context:\n    cluster: s\n    user: u',
        ].join('\n'),
      );
      return f;
    };
    const a = run(kc('fail', failing));
    await waitFor(
      () => src(a.store, 'k8s.pods'),
      (s) => s?.status === 'error',
      { what: 'pods error (failing plugin)' },
    );
    expect(src(a.store, 'k8s.pods')!.error).toMatch(/^cannot get credentials for context c: /);
    await hub!.stopAll();
    const b = run(kc('hang', hanging), undefined, {
      ...FAST,
      tuning: { ...FAST.tuning, listTimeoutMs: 300 },
    });
    await waitFor(
      () => src(b.store, 'k8s.pods'),
      (s) => s?.status === 'error',
      { what: 'pods error (hanging plugin)' },
    );
    expect(src(b.store, 'k8s.pods')!.error).toMatch(/no credentials in time/);
  });

  it('a context that is not in the kubeconfig: a one-line error naming the contexts', async () => {
    sim = await startKubeSim({ tickMs: 50 });
    const kc = sim.writeKubeconfig(join(tmp(), 'kc'));
    expect(() => loadKube({ kubeconfig: kc, context: 'nope' })).toThrow(
      "context 'nope' is not in the kubeconfig (contexts: warroom-sim)",
    );
    expect(() => loadKube({ kubeconfig: join(tmp(), 'missing') })).toThrow(/cannot read the kubeconfig/);
  });
});
