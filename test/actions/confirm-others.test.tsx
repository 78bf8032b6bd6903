// The confirm dialog when another responder is acting on the same target (the shared
// database's advisory lock, real PostgreSQL): it says who and what in red, typing the name and
// Enter is not enough, a second Enter is; with the shared database unreachable it says it
// could not check and confirms as usual.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { createAppStore, setSlice } from '../../src/store/store.js';
import { setSelection } from '../../src/store/selection.js';
import { configSchema } from '../../src/config/schema.js';
import { defineOperation, type Operation } from '../../src/ops/operation.js';
import { setRecorder } from '../../src/ops/record.js';
import { checkActing } from '../../src/ops/inflight/lock.js';
import { KEY, press, waitForFrame } from '../helpers/frame.js';
import { createTestDb, type TestDb } from '../helpers/pg.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { MemRecorder, registerOp } from './helpers.js';

const TARGET = {
  backend: 'kubernetes' as const,
  context: 'kind-prod',
  namespace: 'web',
  kind: 'deployment',
  name: 'backend',
  confirmName: 'backend',
};
let ran: string[] = [];
const op: Operation = defineOperation({
  id: 'fake.restart',
  title: 'Fake restart',
  backend: 'kubernetes',
  risk: 'disruptive',
  params: [],
  appliesTo: (sel) => (sel.kind === 'endpoint' && sel.id ? TARGET : undefined),
  async plan(target, params) {
    return { op: 'fake.restart', target, params, risk: 'disruptive', impact: ['restarts'], command: 'true' };
  },
  async run(plan) {
    ran.push(plan.target.name);
    return { ok: true, detail: `did ${plan.target.name}` };
  },
});

let db: TestDb;
let removeOp: () => void;
beforeAll(async () => {
  db = await createTestDb('warroom_test_confirm_others');
  removeOp = registerOp(op, 'health', 'R');
});
afterAll(async () => {
  removeOp();
  await db.drop();
});
afterEach(() => {
  ran = [];
});

function setup(url: string) {
  const store = createAppStore('health');
  setRecorder(store, new MemRecorder());
  setSlice(store, 'config', () =>
    configSchema.parse({ incident: { handle: 'bob@laptop', shared: { url } } }),
  );
  setSelection(store, 'health', 'backend');
  return render(<App store={store} onQuit={() => undefined} size={{ columns: 120, rows: 36 }} />);
}

describe('confirming while someone else acts on the target', () => {
  it('names who is acting and needs Enter once more', async () => {
    const alice = await checkActing({
      url: db.url,
      target: TARGET,
      actor: 'alice@bastion-1',
      what: 'rollout undo backend',
    });
    expect(alice.state).toBe('free');
    if (alice.state !== 'free') return;
    await alice.lease.running();
    const inst = setup(db.url);
    try {
      await waitForFrame(inst, (f) => f.includes('Health'));
      await press(inst.stdin, 'R');
      const f = await waitForFrame(inst, (x) => x.includes('Confirm: Fake restart'));
      expect(f).toContain('▲ Acting now: alice@bastion-1: rollout undo backend (running)');
      await press(inst.stdin, ...'backend', KEY.enter);
      await waitForFrame(inst, (x) => x.includes('acting on backend now: Enter again to act anyway'));
      expect(ran).toEqual([]);
      await press(inst.stdin, KEY.enter);
      await waitForFrame(inst, (x) => x.includes('did backend'));
      expect(ran).toEqual(['backend']);
    } finally {
      inst.unmount();
      await alice.lease.release();
    }
  });

  it('with the shared database down it says it could not check, and confirms as usual', async () => {
    const proxy = await startTcpProxy(5432);
    await proxy.down();
    const inst = setup(db.urlVia(proxy.port));
    try {
      await waitForFrame(inst, (f) => f.includes('Health'));
      await press(inst.stdin, 'R');
      const f = await waitForFrame(inst, (x) => x.includes('Confirm: Fake restart'), { timeoutMs: 15_000 });
      expect(f).toContain('▲ could not check for other responders acting on it: connection refused');
      await press(inst.stdin, ...'backend', KEY.enter);
      await waitForFrame(inst, (x) => x.includes('did backend'));
      expect(ran).toEqual(['backend']);
    } finally {
      inst.unmount();
      await proxy.close();
    }
  });
});
