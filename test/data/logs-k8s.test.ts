// The Kubernetes logs follower against the Kubernetes API simulator (real HTTP, real
// @kubernetes/client-node auth and fetch): pods of a deployment followed stern-style, joins and
// leaves, a dropped stream resumed without gaps or duplicates, a crash loop, a pod deleted while
// followed, 403 on pods/log, the stream cap, and `--previous`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { k8sLogsSource, parseK8sTimestamp, type K8sLogsSource } from '../../src/data/logs/k8s.js';
import { LogsHub } from '../../src/data/logs/hub.js';
import { LOGS_K8S, type LogsSnapshot } from '../../src/data/logs/types.js';
import { createAppStore, createBatcher } from '../../src/store/store.js';
import { SourceHub } from '../../src/data/source.js';
import { waitFor } from '../helpers/wait.js';

const NS = 'web3-marketplace';
let sim: KubeSim;
let dir: string;
let kubeconfig: string;
let hub: SourceHub | undefined;
let logs: LogsHub | undefined;
let src: K8sLogsSource | undefined;
let store = createAppStore();

beforeEach(async () => {
  sim = await startKubeSim({ tickMs: 100 });
  sim.cluster.setLogGenerator(null);
  dir = mkdtempSync(join(tmpdir(), 'warroom-logs-k8s-'));
  kubeconfig = sim.writeKubeconfig(join(dir, 'kubeconfig'));
});
afterEach(async () => {
  await hub?.stopAll();
  logs?.stop();
  hub = undefined;
  logs = undefined;
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(
  o: { maxStreams?: number; deployments?: string[]; selectors?: string[]; deniedRetryMs?: number } = {},
) {
  store = createAppStore();
  hub = new SourceHub(createBatcher(store, 20));
  logs = new LogsHub({ bufferLines: 5000 }, 50);
  src = k8sLogsSource(
    {
      kubeconfig,
      namespaces: [NS],
      deployments: o.deployments ?? ['backend'],
      selectors: o.selectors,
      production: false,
      readOnly: false,
      logs: { maxStreams: o.maxStreams ?? 50, tailLines: 50 },
    },
    logs,
    { deniedRetryMs: 'deniedRetryMs' in o ? o.deniedRetryMs : 300, backoffCapMs: 500, idleMs: 10_000 },
  );
  hub.add(src, 20_000);
}
const snap = () => store.getState().sources[LOGS_K8S]?.data as LogsSnapshot | undefined;
/** Waits until the simulator runs three backend pods / the follower has three live streams. */
const threeRunning = (what: string) =>
  waitFor(
    () => running().length,
    (n) => n === 3,
    { what },
  );
const threeStreams = (what: string) =>
  waitFor(
    () => snap()?.k8s?.active ?? 0,
    (n) => n === 3,
    { what },
  );
const state = () => store.getState().sources[LOGS_K8S];
const texts = () =>
  logs!.pipeline.tail({ errorsOnly: false, limit: 100_000, skip: 0 }).entries.map((e) => e.text);
const backendPods = () =>
  sim.cluster
    .listPods(NS)
    .filter(
      (p: { metadata: { name: string; deletionTimestamp?: string } }) =>
        p.metadata.name.startsWith('backend-') && !p.metadata.deletionTimestamp,
    )
    .map((p: { metadata: { name: string }; spec: { containers: { name: string }[] } }) => ({
      name: p.metadata.name,
      container: p.spec.containers[0]!.name,
    }));
const running = () =>
  backendPods().filter((p: { name: string }) => {
    const pod = sim.cluster
      .listPods(NS)
      .find((x: { metadata: { name: string } }) => x.metadata.name === p.name);
    return pod?.status?.containerStatuses?.[0]?.state?.running;
  });

it('parses kubelet timestamps into sortable keys', () => {
  expect(parseK8sTimestamp('2026-11-23T11:14:50.1234Z')).toEqual({
    key: '2026-11-23T11:14:50.123400000Z',
    ms: Date.parse('2026-11-23T11:14:50.123Z'),
  });
  expect(parseK8sTimestamp('2026-11-23T11:14:50Z')!.key).toBe('2026-11-23T11:14:50.000000000Z');
  expect(parseK8sTimestamp('garbage')).toBeUndefined();
});

describe('Kubernetes logs follower', () => {
  it('follows every container of the deployment, and resumes dropped streams without gaps or duplicates', async () => {
    await threeRunning('3 running backend pods');
    const pods = running();
    start();
    await threeStreams('3 streams');
    for (const p of pods) sim.cluster.appendLog(NS, p.name, p.container, `ERROR first from ${p.name}`);
    await waitFor(
      texts,
      (t) => pods.every((p: { name: string }) => t.includes(`ERROR first from ${p.name}`)),
      { what: 'first lines' },
    );
    const e = logs!.pipeline.tail({ errorsOnly: true, limit: 10, skip: 0 }).entries;
    expect(e[0]!.source).toMatch(new RegExp(`^${NS}/backend-[^/]+/[^/]+$`));
    expect(e[0]!.pod?.namespace).toBe(NS);
    // Cut every stream; lines written while disconnected must arrive once.
    for (let round = 0; round < 3; round++) {
      sim.dropWatches();
      for (const p of pods) {
        sim.cluster.appendLog(NS, p.name, p.container, `INFO during drop ${round} ${p.name} a`);
        sim.cluster.appendLog(NS, p.name, p.container, `INFO during drop ${round} ${p.name} b`);
      }
      await waitFor(
        texts,
        (t) => pods.every((p: { name: string }) => t.includes(`INFO during drop ${round} ${p.name} b`)),
        { what: `lines of round ${round}` },
      );
    }
    const t = texts();
    for (const p of pods) {
      expect(t.filter((x) => x === `ERROR first from ${p.name}`)).toHaveLength(1);
      for (let round = 0; round < 3; round++)
        expect(t.filter((x) => x === `INFO during drop ${round} ${p.name} a`)).toHaveLength(1);
    }
    expect(state()?.status).toBe('ok');
  });

  it('drops a deleted pod and joins its replacement', async () => {
    await threeRunning('3 running pods');
    start();
    await threeStreams('3 streams');
    const victim = running()[0]!;
    sim.cluster.deletePod(NS, victim.name);
    const fresh = await waitFor(
      () =>
        running().filter((p: { name: string }) => p.name !== victim.name && !p.name.startsWith(victim.name)),
      (r) => r.length === 3,
      { what: 'replacement pod running', timeoutMs: 20_000 },
    );
    const newcomer = fresh.find((p: { name: string }) => !texts().some((x) => x.includes(p.name)))!;
    await threeStreams('streams back to 3');
    sim.cluster.appendLog(NS, newcomer.name, newcomer.container, `ERROR from the newcomer`);
    await waitFor(texts, (t) => t.includes('ERROR from the newcomer'), { what: 'line from replacement pod' });
  });

  it('follows a restarting container again and fetches its previous logs', async () => {
    await threeRunning('3 running pods');
    start();
    await threeStreams('3 streams');
    const p = running()[0]!;
    sim.cluster.appendLog(NS, p.name, p.container, 'FATAL dying words of instance 1');
    await waitFor(texts, (t) => t.includes('FATAL dying words of instance 1'), { what: 'line before crash' });
    sim.cluster.setFaultRule((pod: { metadata: { name: string } }) =>
      pod.metadata.name === p.name ? 'CrashLoopBackOff' : null,
    );
    const restarted = () =>
      sim.cluster.listPods(NS).find((x: { metadata: { name: string } }) => x.metadata.name === p.name)?.status
        ?.containerStatuses?.[0]?.restartCount ?? 0;
    await waitFor(restarted, (n) => n >= 1, { what: 'a restart', timeoutMs: 20_000 });
    sim.cluster.setFaultRule(null);
    await waitFor(
      () =>
        sim.cluster.listPods(NS).find((x: { metadata: { name: string } }) => x.metadata.name === p.name)
          ?.status?.containerStatuses?.[0]?.state?.running,
      (r) => !!r,
      { what: 'running again', timeoutMs: 30_000 },
    );
    sim.cluster.appendLog(NS, p.name, p.container, 'ERROR from the restarted instance');
    await waitFor(texts, (t) => t.includes('ERROR from the restarted instance'), {
      what: 'line after restart',
      timeoutMs: 15_000,
    });
    expect(texts().filter((x) => x === 'FATAL dying words of instance 1')).toHaveLength(1);
    const prev = await src!.previous({ namespace: NS, name: p.name, container: p.container });
    expect(prev.join('\n')).toContain('FATAL dying words of instance 1');
    const other = running().find((x: { name: string }) => x.name !== p.name)!;
    await expect(
      src!.previous({ namespace: NS, name: other.name, container: other.container }),
    ).rejects.toThrow(/previous terminated container/);
  });

  it('reports 403 on pods/log in one line and recovers when allowed', async () => {
    await threeRunning('3 running pods');
    sim.deny('get', 'pods/log');
    start();
    const st = await waitFor(state, (s) => s?.status === 'error', { what: 'error state' });
    expect(st!.error).toMatch(/403 Forbidden: not allowed to get pods\/log in namespace web3-marketplace/);
    sim.allowAll();
    await waitFor(
      () => state()?.status,
      (s) => s === 'ok',
      { what: 'recovered' },
    );
    await threeStreams('3 streams');
  });

  it('brings every stream back within seconds of RBAC being fixed, with the default retry', async () => {
    await threeRunning('3 running pods');
    sim.deny('get', 'pods/log');
    start({ deniedRetryMs: undefined });
    await waitFor(state, (s) => s?.status === 'error', { what: 'error state' });
    sim.allowAll();
    await threeStreams('3 streams back');
    expect(state()?.status).toBe('ok');
  });

  it('a retry is never skipped when the wall clock steps back', async () => {
    await threeRunning('3 running pods');
    sim.deny('get', 'pods/log');
    start();
    await waitFor(state, (s) => s?.status === 'error', { what: 'error state' });
    // An NTP step of a minute back while the denied streams wait for their retry.
    const real = Date.now.bind(Date);
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => real() - 60_000);
    try {
      sim.allowAll();
      await threeStreams('3 streams back');
    } finally {
      clock.mockRestore();
    }
  });

  it('caps concurrent streams', async () => {
    await threeRunning('3 running pods');
    start({ maxStreams: 2 });
    await waitFor(
      () => snap()?.k8s,
      (k) => k?.active === 2 && k.waiting === 1,
      { what: '2 active, 1 waiting' },
    );
    expect(sim.openStreams()).toBeLessThanOrEqual(2 + 1); // 2 log follows + 1 pod watch
  });

  it('a deployment that does not exist: a clear error', async () => {
    start({ deployments: ['nope'] });
    const st = await waitFor(state, (s) => s?.status === 'error', { what: 'error' });
    expect(st!.error).toMatch(/404|not found|nope/i);
  });
});
