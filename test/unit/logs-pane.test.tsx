// Logs pane inside the shell: errors only by default, every line on `e`, grouped errors and
// per-source rates on `v`, pause with new-line count, `/` regex filter, jump to the pod, and
// untrusted text (escape sequences, control characters, giant lines) neutralised and cut.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { LogsHub } from '../../src/data/logs/hub.js';
import { LOGS_CLOUDWATCH, LOGS_K8S } from '../../src/data/logs/types.js';
import { createAppStore, getSlice } from '../../src/store/store.js';
import { liveSource, renderApp } from '../helpers/app.js';
import { press, waitForFrame } from '../helpers/frame.js';

function setup() {
  const hub = new LogsHub({ bufferLines: 1000 });
  const store = createAppStore('pods');
  const publish = () => {
    const snap = hub.snapshot();
    store.setState((s) => ({
      sources: { ...s.sources, [LOGS_K8S]: liveSource(snap), [LOGS_CLOUDWATCH]: liveSource(snap) },
    }));
  };
  const k8s = (pod: string, text: string) =>
    hub.pipeline.ingest({
      source: `shop/${pod}/app`,
      origin: 'k8s',
      text,
      pod: { namespace: 'shop', name: pod, container: 'app' },
    });
  return { hub, store, publish, k8s };
}

describe('logs pane in the shell', () => {
  let inst: ReturnType<typeof render> | undefined;
  afterEach(() => inst?.unmount());

  it('stream, errors only, all lines, grouped, rates, filter, pause, jump to pod; text made safe', async () => {
    const { hub, store, publish, k8s } = setup();
    k8s('backend-1', 'INFO request ok');
    k8s('backend-1', 'ERROR timeout after 3000ms calling payments');
    k8s('backend-2', 'ERROR timeout after 12ms calling payments');
    k8s('backend-2', '\tat pay.js:10');
    k8s('backend-2', 'ERROR \x1b[2J\x1b[Hscreen wipe attempt \x07\x00');
    hub.pipeline.ingest({
      source: '/aws/eks/prod/application',
      origin: 'cloudwatch',
      text: `ERROR huge ${'y'.repeat(50_000)}`,
    });
    publish();
    inst = renderApp(store);
    await press(inst.stdin, '0', 'z');
    await waitForFrame(inst, (f) => f.includes('timeout after 3000ms') && f.includes('4 errors'));
    let f = inst.lastFrame()!;
    expect(f).not.toContain('INFO request ok');
    expect(f).toContain('at pay.js:10'); // the stack frame stays with its line
    expect(f).not.toContain('\x1b[2J');
    expect(f).toContain('␛');
    expect(f).toContain('backend-2/app');
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(200);
    expect(f.split('\n').length).toBeLessThanOrEqual(50);

    await press(inst.stdin, 'e');
    await waitForFrame(inst, (x) => x.includes('INFO request ok') && x.includes(' ALL '));

    await press(inst.stdin, 'v');
    await waitForFrame(inst, (x) => x.includes('COUNT') && x.includes('GROUPED'));
    f = inst.lastFrame()!;
    const row = f.split('\n').find((l) => l.includes('timeout after 12ms'))!;
    expect(row).toMatch(/\s2 /); // two timeouts, one fingerprint
    await press(inst.stdin, 'v');
    await waitForFrame(inst, (x) => x.includes('ERR/MIN') && x.includes('shop/backend-2/app'));
    await press(inst.stdin, 'v');
    await waitForFrame(inst, (x) => x.includes(' ALL '));

    await press(inst.stdin, '/', 'w', 'i', 'p', 'e');
    await waitForFrame(inst, (x) => x.includes('screen wipe attempt') && !x.includes('INFO request ok'));
    await press(inst.stdin, '\r', '\x1b');
    await waitForFrame(inst, (x) => x.includes('INFO request ok'));

    await press(inst.stdin, ' ');
    await waitForFrame(inst, (x) => x.includes('PAUSED'));
    k8s('backend-3', 'ERROR arrived while paused');
    publish();
    await waitForFrame(inst, (x) => x.includes('+1 new') && !x.includes('arrived while paused'));
    await press(inst.stdin, ' ');
    await waitForFrame(inst, (x) => x.includes('arrived while paused') && !x.includes('PAUSED'));

    await press(inst.stdin, 'o');
    await waitForFrame(inst, () => store.getState().ui.focus === 'pods', { what: 'focus on pods' });
    expect(getSlice(store, 'podDetail')).toEqual({ namespace: 'shop', name: 'backend-3' });
  });

  it('shows issues in one line and what to do when nothing has arrived yet', async () => {
    const { hub, store, publish } = setup();
    hub.setStatus('cloudwatch', { active: 1, issues: ['log group /nope does not exist'] });
    publish();
    inst = renderApp(store, 160, 40);
    await press(inst.stdin, '0', 'z');
    await waitForFrame(
      inst,
      (f) => f.includes('▲ log group /nope does not exist') && f.includes('no errors yet'),
    );
    await press(inst.stdin, 'p');
    await waitForFrame(inst, (f) => f.includes('previous logs: select a line from a Kubernetes pod'));
  });

  it('says how many lines were dropped when ingest fell behind', async () => {
    const { hub, store } = setup();
    const snap = { ...hub.snapshot(), droppedLines: 12_345 };
    store.setState((s) => ({ sources: { ...s.sources, [LOGS_K8S]: liveSource(snap) } }));
    inst = renderApp(store, 160, 40);
    await press(inst.stdin, '0', 'z');
    await waitForFrame(inst, (f) => f.includes('▲ 12,345 lines dropped: ingest fell behind'));
  });
});
