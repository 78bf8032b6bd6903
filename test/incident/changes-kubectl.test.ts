// What changed, made outside the console with the real kubectl against the Kubernetes
// simulator and read back through the console's own deployments source: `kubectl scale`,
// `kubectl set env` and `kubectl edit configmap` each show in the changes view and become a
// `change` event in the journal (so in the review), naming the field manager from the
// objects' managedFields and never a ConfigMap or env value.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { startBackends } from '../../src/data/backends.js';
import { DEPLOYMENTS_SOURCE, type DeploymentsData } from '../../src/data/kubernetes/types.js';
import { SourceHub } from '../../src/data/source.js';
import { clusterChanges } from '../../src/incident/changes.js';
import { IncidentController } from '../../src/incident/controller.js';
import { DEFAULT_THRESHOLDS } from '../../src/incident/detect.js';
import { exportMarkdown } from '../../src/incident/export.js';
import { DEFAULT_CADENCE, type EventOf } from '../../src/incident/model.js';
import { changeRows } from '../../src/panes/timeline/columns.js';
import { KEYS } from '../../src/sim/kube/objects.js';
import { createAppStore, createBatcher } from '../../src/store/store.js';
import { startKubeEnv, type KubeTestEnv } from '../helpers/kube.js';
import { waitFor } from '../helpers/wait.js';

const NS = 'web3-marketplace';
let kube: KubeTestEnv | undefined;
let hub: SourceHub | undefined;
let c: IncidentController | undefined;
let dir: string | undefined;
afterEach(async () => {
  await c?.close();
  await hub?.stopAll();
  await kube?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  kube = hub = c = dir = undefined;
});

describe('what changed outside the console (real kubectl against the simulator)', () => {
  it('kubectl scale, set env and edit configmap show in the changes view and the review', async () => {
    kube = await startKubeEnv({ ageSeconds: 3600 });
    // A ConfigMap the cluster has had for an hour (created before the incident).
    kube.sim.cluster.store.put(KEYS.configmaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'backend-config',
        namespace: NS,
        creationTimestamp: new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
      data: { LOG_LEVEL: 'info', PRICE_FEED_URL: 'https://feed.internal/v1' },
    });
    const store = createAppStore();
    hub = new SourceHub(createBatcher(store));
    const config = configSchema.parse({ kubernetes: { kubeconfig: kube.kubeconfig, namespaces: [NS] } });
    await startBackends({ config, hub, store });
    dir = mkdtempSync(join(tmpdir(), 'warroom-changes-'));
    c = new IncidentController(store, {
      state: dir,
      actor: 'alice@bastion-1',
      naming: 'SEV',
      cadence: DEFAULT_CADENCE,
      thresholds: DEFAULT_THRESHOLDS,
      tickMs: 100,
    });
    c.declare({
      title: 'Checkout errors',
      severity: 'SEV2',
      impact: 'checkout fails',
      startedAt: Date.now(),
    });
    const deps = () => store.getState().sources[DEPLOYMENTS_SOURCE]?.data as DeploymentsData | undefined;
    await waitFor(deps, (d) => !!d?.configMaps?.length, { what: 'the ConfigMap in the deployments source' });
    // Nothing has changed yet: the generated cluster's own history only.
    expect(clusterChanges(deps()!).filter((x) => x.kind !== 'rollout')).toEqual([]);

    const run = async (args: string[], env?: NodeJS.ProcessEnv) => {
      const r = await kube!.kubectl(args, env ? { env } : undefined);
      expect(r.code, r.stderr).toBe(0);
    };
    await run(['-n', NS, 'scale', 'deployment/worker', '--replicas=4']);
    await run(['-n', NS, 'set', 'env', 'deployment/backend', 'FEATURE_NEW_PRICING=false']);
    // kubectl edit with an editor that changes one key in place.
    await run(['-n', NS, 'edit', 'configmap/backend-config'], {
      KUBE_EDITOR: `sed -i -e 's/LOG_LEVEL: info/LOG_LEVEL: debug/'`,
    });

    const changes = await waitFor(
      () => c!.state!.events.filter((e): e is EventOf<'change'> => e.kind === 'change'),
      (evs) =>
        evs.some((e) => e.change === 'scale') &&
        evs.some((e) => e.change === 'configmap') &&
        evs.some((e) => !e.change && e.deployment === `${NS}/backend` && /FEATURE_NEW_PRICING/.test(e.text)),
      { what: 'the three changes in the journal', timeoutMs: 20_000 },
    );
    const texts = changes.map((e) => e.text);
    expect(texts).toContain(`deployment ${NS}/worker scaled to 4 replicas (by kubectl)`);
    expect(texts).toContain(`configmap ${NS}/backend-config: key LOG_LEVEL set (by kubectl-edit)`);
    // The deployment's change-cause annotation is copied onto the new revision as it was (as
    // the API server does), so it says the previous cause; the manager says who changed it.
    expect(texts).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^deployment ${NS}/backend revision 2: env FEATURE_NEW_PRICING changed( \\("[^"]*"\\))? \\(by kubectl-set\\)$`,
        ),
      ),
    );
    // Never a value.
    expect(JSON.stringify(changes)).not.toMatch(/debug|feed\.internal|=false/);
    // Recorded once each, however often the controller looks again.
    expect(new Set(changes.map((e) => e.key)).size).toBe(changes.length);

    // The changes view: on the time axis with who made them.
    const rows = changeRows(c.state!, clusterChanges(deps()!), []);
    const row = (kind: string) => rows.find((r) => r.cells[1] === kind);
    expect(row('◆ scale')?.cells.slice(2)).toEqual([
      'kubectl',
      `deployment ${NS}/worker scaled to 4 replicas (by kubectl)`,
    ]);
    expect(row('◆ config')?.cells[2]).toBe('kubectl-edit');
    // The review's "What changed".
    const md = exportMarkdown(c.state!);
    expect(md).toContain(`Cluster: configmap ${NS}/backend-config: key LOG_LEVEL set (by kubectl-edit)`);
    expect(md).toContain(`Cluster: deployment ${NS}/worker scaled to 4 replicas (by kubectl)`);
  });
});
