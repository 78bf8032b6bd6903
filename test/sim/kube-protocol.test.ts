// The simulator's wire protocol, checked with plain HTTP: discovery, lists with selectors and
// limit/continue, watches (flushed headers, resourceVersion resume, 410, bookmarks, selector
// transitions, timeouts, no leaks), the PATCH flavours and Status errors, dryRun, pod logs, and
// the controller's rollout bookkeeping and faults.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rolloutState } from '../../src/data/kubernetes/status.js';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { waitFor } from '../helpers/wait.js';

const NS = 'web3-marketplace';
const FROZEN = { tickMs: 3_600_000 };

async function get(
  sim: KubeSim,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; type: string | null }> {
  const r = await fetch(sim.url + path, { headers });
  const text = await r.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* plain text */
  }
  return { status: r.status, body, type: r.headers.get('content-type') };
}

async function send(sim: KubeSim, method: string, path: string, body: unknown, type = 'application/json') {
  const r = await fetch(sim.url + path, {
    method,
    headers: { 'Content-Type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

/** Opens a watch and collects its events until stopped. */
async function watch(sim: KubeSim, path: string) {
  const ac = new AbortController();
  const res = await fetch(sim.url + path, { signal: ac.signal });
  const events: any[] = [];
  let ended = false;
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const done = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
        }
      }
    } catch {
      /* aborted or cut */
    }
    ended = true;
  })();
  return { res, events, ended: () => ended, stop: () => ac.abort(), done };
}

describe('discovery and lists', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim(FROZEN);
  });
  afterAll(() => sim?.close());

  it('serves /version, classic and aggregated discovery', async () => {
    expect((await get(sim, '/version')).body.gitVersion).toBe('v1.32.4');
    expect((await get(sim, '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await get(sim, '/apis')).body;
    expect(groups.groups.map((g: any) => g.name)).toEqual([
      'apps',
      'discovery.k8s.io',
      'networking.k8s.io',
      'metrics.k8s.io',
      'authorization.k8s.io',
    ]);
    const agg = await get(sim, '/apis', {
      Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
    });
    expect(agg.type).toContain('as=APIGroupDiscoveryList');
    const apps = agg.body.items.find((i: any) => i.metadata.name === 'apps');
    const deploy = apps.versions[0].resources.find((r: any) => r.resource === 'deployments');
    expect(deploy.subresources.map((s: any) => s.subresource)).toContain('scale');
    const core = (await get(sim, '/api/v1')).body.resources.map((r: any) => r.name);
    expect(core).toEqual(
      expect.arrayContaining(['pods', 'pods/log', 'nodes', 'events', 'configmaps', 'namespaces']),
    );
    sim.setMetricsAvailable(false);
    expect((await get(sim, '/apis')).body.groups.map((g: any) => g.name)).not.toContain('metrics.k8s.io');
    expect((await get(sim, '/apis/metrics.k8s.io/v1beta1/pods')).status).toBe(404);
    sim.setMetricsAvailable(true);
    expect((await get(sim, '/apis/metrics.k8s.io/v1beta1/pods')).body.items.length).toBeGreaterThan(0);
  });

  it('lists with label and field selectors, and pages with limit/continue', async () => {
    const all = (await get(sim, '/api/v1/pods')).body;
    expect(all.kind).toBe('PodList');
    expect(Number(all.metadata.resourceVersion)).toBeGreaterThan(0);
    const backend = (await get(sim, `/api/v1/namespaces/${NS}/pods?labelSelector=app%3Dbackend`)).body.items;
    expect(backend).toHaveLength(3);
    const notBackend = (
      await get(
        sim,
        `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent('app notin (backend),app')}`,
      )
    ).body.items;
    expect(notBackend.map((p: any) => p.metadata.labels.app).sort()).toEqual([
      'frontend',
      'frontend',
      'worker',
      'worker',
    ]);
    const name = backend[0].metadata.name;
    const one = (
      await get(
        sim,
        `/api/v1/pods?fieldSelector=${encodeURIComponent(`metadata.name=${name},status.phase=Running`)}`,
      )
    ).body.items;
    expect(one.map((p: any) => p.metadata.name)).toEqual([name]);
    const seen: string[] = [];
    let cont = '';
    let pages = 0;
    do {
      const page = (await get(sim, `/api/v1/pods?limit=4${cont ? `&continue=${cont}` : ''}`)).body;
      seen.push(...page.items.map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`));
      cont = page.metadata.continue ?? '';
      if (cont) expect(page.metadata.remainingItemCount).toBeGreaterThan(0);
      pages++;
    } while (cont);
    expect(pages).toBe(Math.ceil(all.items.length / 4));
    expect(seen).toEqual(all.items.map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`));
  });

  it('answers Tables for kubectl', async () => {
    const t = (
      await get(sim, `/apis/apps/v1/namespaces/${NS}/deployments`, {
        Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      })
    ).body;
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(t.rows.find((r: any) => r.cells[0] === 'backend').cells.slice(1, 4)).toEqual(['3/3', 3, 3]);
    expect(t.rows[0].object.kind).toBe('PartialObjectMetadata');
  });

  it('answers errors as Status objects with the right codes', async () => {
    const nf = await get(sim, `/api/v1/namespaces/${NS}/pods/nope`);
    expect(nf.status).toBe(404);
    expect(nf.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'pods "nope" not found',
      details: { name: 'nope', kind: 'pods' },
    });
    const dep = (await get(sim, `/apis/apps/v1/namespaces/${NS}/deployments/backend`)).body;
    const dup = await send(sim, 'POST', `/apis/apps/v1/namespaces/${NS}/deployments`, {
      ...dep,
      metadata: { name: 'backend' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.reason).toBe('AlreadyExists');
    const stale = await send(sim, 'PUT', `/apis/apps/v1/namespaces/${NS}/deployments/backend`, {
      ...dep,
      metadata: { ...dep.metadata, resourceVersion: '1' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    const bad = await send(
      sim,
      'PATCH',
      `/apis/apps/v1/namespaces/${NS}/deployments/backend`,
      { spec: { replicas: -1 } },
      'application/merge-patch+json',
    );
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ reason: 'Invalid', details: { causes: [{ field: 'spec.replicas' }] } });
    const t415 = await send(
      sim,
      'PATCH',
      `/apis/apps/v1/namespaces/${NS}/deployments/backend`,
      'spec: {}',
      'text/plain',
    );
    expect(t415.status).toBe(415);
    expect(t415.body.reason).toBe('UnsupportedMediaType');
    sim.deny('get', 'deployments', NS);
    const f = await get(sim, `/apis/apps/v1/namespaces/${NS}/deployments/backend`);
    expect(f.status).toBe(403);
    expect(f.body).toMatchObject({
      reason: 'Forbidden',
      details: { name: 'backend', group: 'apps', kind: 'deployments' },
    });
    expect((await get(sim, `/apis/apps/v1/namespaces/default/deployments`)).status).toBe(200);
    sim.allowAll();
  });
});

describe('patches and dry runs', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim(FROZEN);
  });
  afterAll(() => sim?.close());
  const path = `/apis/apps/v1/namespaces/${NS}/deployments/worker`;

  it('JSON patch, merge patch and strategic merge patch (containers and env merged by name)', async () => {
    const j = await send(
      sim,
      'PATCH',
      path,
      [{ op: 'replace', path: '/spec/replicas', value: 4 }],
      'application/json-patch+json',
    );
    expect(j.status).toBe(200);
    expect(j.body.spec.replicas).toBe(4);
    expect(j.body.metadata.generation).toBe(2);
    const m = await send(
      sim,
      'PATCH',
      path,
      { metadata: { labels: { tier: 'jobs' } } },
      'application/merge-patch+json',
    );
    expect(m.body.metadata.labels).toMatchObject({ app: 'worker', tier: 'jobs' });
    const s = await send(
      sim,
      'PATCH',
      path,
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'worker',
                  env: [
                    { name: 'QUEUE', value: 'refunds' },
                    { name: 'NEW', value: '1' },
                  ],
                },
              ],
            },
          },
        },
      },
      'application/strategic-merge-patch+json',
    );
    const c = s.body.spec.template.spec.containers;
    expect(c).toHaveLength(1);
    expect(c[0].image).toBe('ghcr.io/web3-marketplace/worker:1.8.2');
    expect(c[0].env).toEqual([
      { name: 'QUEUE', value: 'refunds' },
      { name: 'CONCURRENCY', value: '4' },
      { name: 'NEW', value: '1' },
    ]);
    const del = await send(
      sim,
      'PATCH',
      path,
      {
        spec: {
          template: { spec: { containers: [{ name: 'worker', env: [{ name: 'NEW', $patch: 'delete' }] }] } },
        },
      },
      'application/strategic-merge-patch+json',
    );
    expect(del.body.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual([
      'QUEUE',
      'CONCURRENCY',
    ]);
    // A merge patch replaces lists wholesale (no merge by name).
    const mp = await send(
      sim,
      'PATCH',
      path,
      { spec: { template: { spec: { containers: [{ name: 'worker', image: 'w:2' }] } } } },
      'application/merge-patch+json',
    );
    const only = mp.body.spec.template.spec.containers[0];
    expect(only).toMatchObject({ name: 'worker', image: 'w:2' });
    expect(only.env).toBeUndefined();
  });

  it('scale subresource: get, patch, and 422 for a negative count', async () => {
    const s = (await get(sim, `${path}/scale`)).body;
    expect(s).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 4 },
      status: { selector: 'app=worker' },
    });
    const p = await send(
      sim,
      'PATCH',
      `${path}/scale`,
      { spec: { replicas: 1 } },
      'application/merge-patch+json',
    );
    expect(p.body.spec.replicas).toBe(1);
    expect((await get(sim, path)).body.spec.replicas).toBe(1);
    const bad = await send(sim, 'PUT', `${path}/scale`, {
      ...s,
      spec: { replicas: -2 },
      metadata: { name: 'worker', namespace: NS },
    });
    expect(bad.status).toBe(422);
  });

  it('dryRun=All answers like the real write and persists nothing', async () => {
    const before = (await get(sim, path)).body;
    const n = sim.mutations().length;
    const p = await send(
      sim,
      'PATCH',
      `${path}?dryRun=All`,
      { spec: { replicas: 9 } },
      'application/merge-patch+json',
    );
    expect(p.status).toBe(200);
    expect(p.body.spec.replicas).toBe(9);
    const c = await send(sim, 'POST', `/api/v1/namespaces/${NS}/configmaps?dryRun=All`, {
      metadata: { name: 'x' },
      data: { a: '1' },
    });
    expect(c.status).toBe(201);
    const victim = sim.cluster.listPods(NS).find((x) => !x.metadata.deletionTimestamp)!.metadata.name;
    const d = await fetch(`${sim.url}/api/v1/namespaces/${NS}/pods/${victim}?dryRun=All`, {
      method: 'DELETE',
    });
    expect(d.status).toBe(200);
    const after = (await get(sim, path)).body;
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect((await get(sim, `/api/v1/namespaces/${NS}/configmaps/x`)).status).toBe(404);
    expect(
      sim.cluster.listPods(NS).find((x) => x.metadata.name === victim)!.metadata.deletionTimestamp,
    ).toBeUndefined();
    expect(sim.mutations().length).toBe(n);
    expect(sim.requests.filter((r) => r.dryRun)).toHaveLength(3);
  });

  it('self subject access reviews answer from the deny rules', async () => {
    sim.deny('patch', 'deployments', NS);
    const review = (verb: string, ns: string) =>
      send(sim, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb, group: 'apps', resource: 'deployments', namespace: ns } },
      });
    expect((await review('patch', NS)).body.status.allowed).toBe(false);
    expect((await review('get', NS)).body.status.allowed).toBe(true);
    expect((await review('patch', 'default')).body.status.allowed).toBe(true);
    sim.allowAll();
  });
});

describe('watches', () => {
  let sim: KubeSim;
  afterEach(async () => {
    await sim?.close();
  });

  it('flush headers at once, stream ADDED/MODIFIED/DELETED and resume from a resourceVersion', async () => {
    sim = await startKubeSim(FROZEN);
    const list = (await get(sim, `/apis/apps/v1/namespaces/${NS}/deployments`)).body;
    const rv = list.metadata.resourceVersion;
    // Headers arrive before any event (no event is due from the current resourceVersion).
    const w = await watch(sim, `/apis/apps/v1/namespaces/${NS}/deployments?watch=true&resourceVersion=${rv}`);
    expect(w.res.status).toBe(200);
    expect(w.events).toHaveLength(0);
    sim.cluster.createDeployment(NS, 'api', { replicas: 1, image: 'api:1' });
    await waitFor(
      () => w.events.map((e) => e.type),
      (t) => t.includes('ADDED') && t.includes('MODIFIED'),
      { what: 'ADDED then MODIFIED' },
    );
    expect(w.events[0]).toMatchObject({
      type: 'ADDED',
      object: { kind: 'Deployment', metadata: { name: 'api' } },
    });
    await fetch(`${sim.url}/apis/apps/v1/namespaces/${NS}/deployments/api`, { method: 'DELETE' });
    await waitFor(
      () => w.events.at(-1)?.type,
      (t) => t === 'DELETED',
      { what: 'DELETED' },
    );
    w.stop();
    // Resuming from the first list's resourceVersion replays the same events.
    const again = await watch(
      sim,
      `/apis/apps/v1/namespaces/${NS}/deployments?watch=1&resourceVersion=${rv}`,
    );
    await waitFor(
      () => again.events.length,
      (n) => n >= w.events.length,
      { what: 'replay' },
    );
    expect(again.events.map((e) => e.type)).toEqual(w.events.map((e) => e.type));
    again.stop();
    // Without a resourceVersion a watch starts with the current objects.
    const fresh = await watch(sim, `/api/v1/namespaces/${NS}/pods?watch=true&labelSelector=app%3Dbackend`);
    await waitFor(
      () => fresh.events.length,
      (n) => n === 3,
      { what: '3 ADDED' },
    );
    fresh.stop();
  });

  it('410 Expired after compaction, as an ERROR event for watches and a Status for lists', async () => {
    sim = await startKubeSim(FROZEN);
    const rv = (await get(sim, '/api/v1/pods')).body.metadata.resourceVersion;
    sim.cluster.deletePod(NS, sim.cluster.listPods(NS)[0]!.metadata.name);
    sim.compactHistory();
    const w = await watch(sim, `/api/v1/pods?watch=true&resourceVersion=${rv}`);
    await w.done;
    expect(w.events).toEqual([
      { type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }) },
    ]);
    const l = await get(sim, `/api/v1/pods?resourceVersion=${rv}&resourceVersionMatch=Exact`);
    expect(l.status).toBe(410);
    expect(l.body.reason).toBe('Expired');
    const page = (await get(sim, '/api/v1/pods?limit=2')).body;
    sim.compactHistory();
    const next = await get(sim, `/api/v1/pods?limit=2&continue=${page.metadata.continue}`);
    expect(next.status).toBe(410);
  });

  it('selector transitions, bookmarks and timeoutSeconds', async () => {
    sim = await startKubeSim({ ...FROZEN, bookmarkMs: 50 });
    const pod = sim.cluster.listPods(NS).find((p) => p.metadata.labels.app === 'backend')!;
    const rv = (await get(sim, '/api/v1/pods')).body.metadata.resourceVersion;
    const w = await watch(
      sim,
      `/api/v1/namespaces/${NS}/pods?watch=true&resourceVersion=${rv}&labelSelector=app%3Dbackend&allowWatchBookmarks=true&timeoutSeconds=2`,
    );
    await send(
      sim,
      'PATCH',
      `/api/v1/namespaces/${NS}/pods/${pod.metadata.name}`,
      { metadata: { labels: { app: 'debug' } } },
      'application/merge-patch+json',
    );
    await waitFor(
      () => w.events.filter((e) => e.type !== 'BOOKMARK'),
      (e) => e.length === 1,
      { what: 'DELETED for a pod leaving the selector' },
    );
    expect(w.events.find((e) => e.type !== 'BOOKMARK')).toMatchObject({
      type: 'DELETED',
      object: { metadata: { name: pod.metadata.name } },
    });
    await waitFor(
      () => w.events.filter((e) => e.type === 'BOOKMARK').length,
      (n) => n > 0,
      { what: 'a bookmark' },
    );
    expect(w.events.find((e) => e.type === 'BOOKMARK').object).toMatchObject({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { resourceVersion: expect.any(String) },
    });
    await w.done;
    expect(w.ended()).toBe(true);
  });

  it('dropWatches cuts every stream; closed watches do not leak', async () => {
    sim = await startKubeSim(FROZEN);
    const ws = await Promise.all(Array.from({ length: 20 }, () => watch(sim, '/api/v1/pods?watch=true')));
    expect(sim.openStreams()).toBe(20);
    expect(sim.cluster.store.watcherCount()).toBe(20);
    for (const w of ws.slice(0, 10)) w.stop();
    await waitFor(
      () => sim.cluster.store.watcherCount(),
      (n) => n === 10,
      { what: '10 watchers left' },
    );
    sim.dropWatches();
    await Promise.all(ws.map((w) => w.done));
    await waitFor(
      () => sim.cluster.store.watcherCount(),
      (n) => n === 0,
      { what: 'no watchers' },
    );
    expect(sim.openStreams()).toBe(0);
  });
});

describe('pod logs', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim(FROZEN);
    sim.cluster.setLogGenerator(null);
  });
  afterAll(() => sim?.close());

  it('tailLines, sinceSeconds, timestamps, follow, and errors for bad containers', async () => {
    const pod = sim.cluster.listPods(NS).find((p) => p.metadata.labels.app === 'backend')!.metadata.name;
    const base = `/api/v1/namespaces/${NS}/pods/${pod}/log`;
    sim.cluster.appendLog(NS, pod, 'backend', 'old line', new Date(Date.now() - 3600_000));
    for (let i = 1; i <= 5; i++) sim.cluster.appendLog(NS, pod, 'backend', `line ${i}`);
    expect((await get(sim, `${base}?tailLines=2`)).body).toBe('line 4\nline 5\n');
    expect((await get(sim, `${base}?sinceSeconds=60`)).body).not.toContain('old line');
    expect((await get(sim, base)).body).toContain('old line');
    const ts = (await get(sim, `${base}?tailLines=1&timestamps=true`)).body as string;
    expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line 5\n$/);
    const recent = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const sinceTime = (await get(sim, `${base}?sinceTime=${encodeURIComponent(recent)}`)).body;
    expect(sinceTime).toBe('line 1\nline 2\nline 3\nline 4\nline 5\n');
    const bad = await get(sim, `${base}?container=nope`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe(`container nope is not valid for pod ${pod}`);
    expect((await get(sim, `${base}?previous=true`)).status).toBe(400);

    const ac = new AbortController();
    const res = await fetch(`${sim.url}${base}?follow=true&tailLines=0`, { signal: ac.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    const pump = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += new TextDecoder().decode(value);
        }
      } catch {
        /* aborted */
      }
    })();
    sim.cluster.appendLog(NS, pod, 'backend', 'streamed 1');
    await waitFor(
      () => text,
      (t) => t === 'streamed 1\n',
      { what: 'streamed line' },
    );
    ac.abort();
    await pump;
    await waitFor(
      () => sim.openStreams(),
      (n) => n === 0,
      { what: 'follow closed' },
    );
  });
});

describe('controller', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim(FROZEN);
  });
  afterAll(() => sim?.close());
  const c = () => sim.cluster;

  it('a template change makes a ReplicaSet with the next revision and change-cause; pods follow', () => {
    c().updateDeploymentImage(NS, 'backend', 'ghcr.io/web3-marketplace/backend:1.9.0', 'bump backend');
    for (let i = 0; i < 5; i++) c().tick();
    const rss = c()
      .listReplicaSets(NS)
      .filter((r) => r.metadata.name.startsWith('backend-'));
    const revs = rss.map((r) => [
      r.metadata.annotations['deployment.kubernetes.io/revision'],
      r.spec.replicas,
      r.metadata.annotations['kubernetes.io/change-cause'],
    ]);
    expect(revs.sort()).toEqual([
      ['1', 0, 'deploy backend 1.8.2'],
      ['2', 3, 'bump backend'],
    ]);
    const newRs = rss.find((r) => r.spec.replicas === 3)!;
    expect(newRs.metadata.ownerReferences[0]).toMatchObject({
      kind: 'Deployment',
      name: 'backend',
      controller: true,
    });
    const pods = c()
      .listPods(NS)
      .filter((p) => p.metadata.labels.app === 'backend' && !p.metadata.deletionTimestamp);
    expect(
      pods.every(
        (p) => p.metadata.labels['pod-template-hash'] === newRs.metadata.labels['pod-template-hash'],
      ),
    ).toBe(true);
    const d = c().getDeployment(NS, 'backend');
    expect(d.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 2,
    });
    expect(d.status.conditions.find((x: any) => x.type === 'Progressing').reason).toBe(
      'NewReplicaSetAvailable',
    );
  });

  it('a deleted pod is Terminating for a grace period, then replaced', () => {
    const victim = c()
      .listPods(NS)
      .find((p) => p.metadata.labels.app === 'frontend')!;
    c().deletePod(NS, victim.metadata.name);
    const t = c()
      .listPods(NS)
      .find((p) => p.metadata.name === victim.metadata.name)!;
    expect(t.metadata.deletionTimestamp).toBeTruthy();
    for (let i = 0; i < 4; i++) c().tick();
    const now = c()
      .listPods(NS)
      .filter((p) => p.metadata.labels.app === 'frontend');
    expect(now.some((p) => p.metadata.name === victim.metadata.name)).toBe(false);
    expect(now).toHaveLength(2);
  });

  it('CrashLoopBackOff and OOMKilled look like kubelet output; restarts grow with backoff', () => {
    c().setFaultRule((_p, d) => (d?.metadata.name === 'worker' ? 'OOMKilled' : null));
    const seen = new Set<string>();
    let restarts = 0;
    for (let i = 0; i < 30; i++) {
      c().tick();
      const p = c()
        .listPods(NS)
        .find((x) => x.metadata.labels.app === 'worker')!;
      const cs = p.status.containerStatuses[0];
      seen.add(
        Object.keys(cs.state)[0] + ':' + (cs.state.waiting?.reason ?? cs.state.terminated?.reason ?? ''),
      );
      restarts = cs.restartCount;
      // Crashing pods of an unchanged revision are not a rollout: the controller keeps the
      // rollout recorded complete (as Kubernetes does), and warroom says "complete · n/m available".
      const dep = c().getDeployment(NS, 'worker');
      expect(dep.status.conditions.find((x: any) => x.type === 'Progressing').reason).toBe(
        'NewReplicaSetAvailable',
      );
      expect(rolloutState(dep).phase).toBe('complete');
      if (cs.state.waiting) {
        expect(cs.ready).toBe(false);
        expect(cs.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
        expect(p.status.phase).toBe('Running');
        expect(p.status.conditions.find((x: any) => x.type === 'Ready')).toMatchObject({
          status: 'False',
          reason: 'ContainersNotReady',
        });
      }
    }
    expect([...seen].sort()).toEqual(['running:', 'terminated:OOMKilled', 'waiting:CrashLoopBackOff']);
    // With doubling backoff, 30 ticks give a handful of restarts, not 15.
    expect(restarts).toBeGreaterThanOrEqual(3);
    expect(restarts).toBeLessThan(8);
    const ev = c()
      .store.list('/events')
      .find((e) => e.reason === 'BackOff' && e.involvedObject.name.startsWith('worker-'));
    expect(ev.count).toBeGreaterThan(1);
    c().setFaultRule(null);
    for (let i = 0; i < 40; i++) c().tick();
    const healed = c()
      .listPods(NS)
      .filter((x) => x.metadata.labels.app === 'worker');
    expect(healed.every((p) => p.status.containerStatuses[0].ready)).toBe(true);
  });

  it('a rollout whose pods never become ready exceeds its progress deadline (in ticks)', () => {
    const d = c().createDeployment(NS, 'payments', {
      replicas: 2,
      image: 'pay:1',
      progressDeadlineSeconds: 5,
    });
    for (let i = 0; i < 3; i++) c().tick();
    expect(c().getDeployment(NS, 'payments').status.availableReplicas).toBe(2);
    c().setFaultRule((p) => (p.spec.containers[0].image === 'pay:2' ? 'ImagePullBackOff' : null));
    c().updateDeploymentImage(NS, 'payments', 'pay:2');
    for (let i = 0; i < 3; i++) c().tick();
    const pulling = c()
      .listPods(NS)
      .filter((p) => p.spec.containers[0].image === 'pay:2');
    expect(pulling.length).toBeGreaterThan(0);
    expect(pulling[0]!.status.containerStatuses[0].state.waiting.reason).toMatch(
      /ErrImagePull|ImagePullBackOff/,
    );
    expect(pulling[0]!.status.phase).toBe('Pending');
    let cond: any;
    for (let i = 0; i < 10; i++) {
      c().tick();
      cond = c()
        .getDeployment(NS, 'payments')
        .status.conditions.find((x: any) => x.type === 'Progressing');
      if (cond.reason === 'ProgressDeadlineExceeded') break;
    }
    expect(cond).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    // The old pods keep serving.
    expect(c().getDeployment(NS, 'payments').status.availableReplicas).toBe(2);
    void d;
  });
});

describe('generated clusters', () => {
  it('can look days old (ageSeconds) while new objects are new', async () => {
    const sim = await startKubeSim({ ...FROZEN, ageSeconds: 3 * 86_400 });
    try {
      const day = 86_400_000;
      const pod = sim.cluster.listPods(NS)[0]!;
      expect(Date.now() - Date.parse(pod.metadata.creationTimestamp)).toBeGreaterThan(2.9 * day);
      expect(Date.now() - Date.parse(pod.status.startTime)).toBeGreaterThan(2.9 * day);
      const t = (
        await get(sim, `/apis/apps/v1/namespaces/${NS}/deployments`, {
          Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
        })
      ).body;
      expect(t.rows[0].cells[4]).toBe('3d');
      sim.cluster.createDeployment(NS, 'fresh', { replicas: 1, image: 'f:1' });
      expect(
        Date.now() - Date.parse(sim.cluster.getDeployment(NS, 'fresh').metadata.creationTimestamp),
      ).toBeLessThan(60_000);
    } finally {
      await sim.close();
    }
  });
});

describe('authentication', () => {
  it('401 Unauthorized without the bearer token', async () => {
    const sim = await startKubeSim({ ...FROZEN, token: 's3cret', tls: false });
    try {
      const r = await get(sim, '/api/v1/pods');
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
      const ok = await get(sim, '/api/v1/pods', { Authorization: 'Bearer s3cret' });
      expect(ok.status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
