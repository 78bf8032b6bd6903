// The Kubernetes panes as components in the App (ink-testing-library), fed literal snapshots:
// the pods title and rows, Enter → describe, Esc back, openPodDetail from elsewhere (as the
// logs pane does), a pod that disappears while described, and the top pane without metrics.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Pod, PodsData, MetricsData, NodesData } from '../../src/data/kubernetes/types.js';
import { openPodDetail } from '../../src/panes/pods/index.js';
import { getSelection } from '../../src/store/selection.js';
import { createAppStore, type AppStore, type SourceState } from '../../src/store/store.js';
import { renderApp } from '../helpers/app.js';
import { KEY, press, waitForFrame } from '../helpers/frame.js';

let inst: ReturnType<typeof render> | undefined;
afterEach(() => {
  inst?.unmount();
  inst = undefined;
});

const now = new Date().toISOString();
const pod = (name: string, waiting?: string): Pod =>
  ({
    metadata: { name, namespace: 'prod', uid: name, creationTimestamp: now },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'app:1' }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        waiting
          ? { name: 'app', ready: false, restartCount: 3, state: { waiting: { reason: waiting } } }
          : { name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: now } } },
      ],
    },
  }) as unknown as Pod;

function ok<T>(data: T): SourceState {
  return { status: 'ok', data, fetchedAt: Date.now(), since: Date.now(), failures: 0, staleAfterMs: 60_000 };
}

function mount(store: AppStore) {
  inst = renderApp(store, 100, 40);
  return inst;
}

describe('kubernetes panes in the App', () => {
  it('pods: totals, failing first, Enter describes, Esc goes back', async () => {
    const store = createAppStore('pods');
    store.setState({
      sources: {
        'k8s.pods': ok<PodsData>({ pods: [pod('a-ok'), pod('b-crash', 'CrashLoopBackOff'), pod('c-ok')] }),
      },
    });
    const i = mount(store);
    const f = await waitForFrame(i, (x) => x.includes('3 pods · 1 failing'));
    expect(f.indexOf('b-crash')).toBeLessThan(f.indexOf('a-ok'));
    await press(i.stdin, KEY.enter);
    await waitForFrame(i, (x) => x.includes('describe pod') && x.includes('Waiting (CrashLoopBackOff)'));
    expect(store.getState().ui.zoomed).toBe(false); // Enter was the pane's, not zoom
    await press(i.stdin, KEY.escape);
    await waitForFrame(i, (x) => x.includes('3 pods · 1 failing') && !x.includes('describe pod'));
    expect(getSelection(store, 'pods')).toBe('prod/b-crash');
  });

  it('openPodDetail from another pane focuses pods and shows the pod; a deleted pod says so', async () => {
    const store = createAppStore('logs');
    store.setState({
      sources: { 'k8s.pods': ok<PodsData>({ pods: [pod('a-ok'), pod('b-crash', 'ImagePullBackOff')] }) },
    });
    const i = mount(store);
    await waitForFrame(i, (x) => x.includes('▶0 Logs'));
    openPodDetail(store, 'prod', 'a-ok');
    await waitForFrame(
      i,
      (x) => x.includes('▶1 Pods') && x.includes('prod/a-ok') && x.includes('Running since'),
    );
    // Action keys act on the described pod, not on the row the list had selected (b-crash, failing first).
    expect(getSelection(store, 'pods')).toBe('prod/a-ok');
    store.setState((s) => ({
      sources: { ...s.sources, 'k8s.pods': ok<PodsData>({ pods: [pod('b-crash', 'ImagePullBackOff')] }) },
    }));
    await waitForFrame(i, (x) => x.includes('pod prod/a-ok no longer exists') && x.includes('Running since'));
  });

  it('top: without metrics-server the pane says so; o shows the nodes', async () => {
    const store = createAppStore('top');
    store.setState({
      sources: {
        'k8s.metrics': ok<MetricsData>({
          available: false,
          reason: 'metrics API (metrics.k8s.io) not available: metrics-server is not installed',
          pods: [],
          nodes: [],
          at: 0,
        }),
        'k8s.nodes': ok<NodesData>({
          nodes: [
            { metadata: { name: 'node-1' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
          ] as never,
        }),
        'k8s.pods': ok<PodsData>({ pods: [pod('a-ok')] }),
      },
    });
    const i = mount(store);
    await waitForFrame(i, (x) => x.includes('metrics-server is not installed'));
    await press(i.stdin, 'o');
    await waitForFrame(i, (x) => x.includes('1 nodes not Ready') && /node-1 +NotReady/.test(x));
  });
});
