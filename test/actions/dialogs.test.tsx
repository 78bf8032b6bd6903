// The palette and the confirm dialog in the real App (ink-testing-library) with a fake
// operation: `:` opens the palette, fuzzy search, Enter alone / y / a wrong name never run it,
// the exact name does; destructive needs the context too; Escape cancels; the target is the
// one captured at the key press; read-only lists but refuses, saying why.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { createAppStore, setSlice, type AppStore } from '../../src/store/store.js';
import { setSelection } from '../../src/store/selection.js';
import { configSchema } from '../../src/config/schema.js';
import { defineOperation, type Operation, type Risk } from '../../src/ops/operation.js';
import { setRecorder } from '../../src/ops/record.js';
import { KEY, press, waitForFrame } from '../helpers/frame.js';
import { waitFor } from '../helpers/wait.js';
import { MemRecorder, registerOp } from './helpers.js';

let ran: string[];
let rec: MemRecorder;
let added: Operation[] = [];
let removals: (() => void)[] = [];
const add = (op: Operation, scope: string, key: string) => {
  added.push(op);
  removals.push(registerOp(op, scope, key));
};

function fake(id: string, risk: Risk): Operation {
  return defineOperation({
    id,
    title: `Fake ${id} thing`,
    backend: 'kubernetes',
    risk,
    params: [],
    appliesTo: (sel) =>
      sel.kind === 'endpoint' && sel.id
        ? {
            backend: 'kubernetes',
            context: 'kind-prod',
            namespace: 'web',
            kind: 'deployment',
            name: sel.id,
            confirmName: sel.id,
          }
        : undefined,
    async plan(target, params) {
      return {
        op: id,
        target,
        params,
        risk,
        impact: [`restarts ${target.name}`],
        blastRadius: risk === 'destructive' ? 'everything goes' : undefined,
        command: `kubectl --context kind-prod -n web do ${target.name}`,
        dryRun: { ok: true, text: 'server dry run passed' },
      };
    },
    async run(plan) {
      ran.push(`${id}:${plan.target.name}`);
      return { ok: true, detail: `did ${plan.target.name}` };
    },
  });
}

function setup(config: Record<string, unknown> = {}) {
  const store: AppStore = createAppStore('health');
  setSlice(store, 'config', () => configSchema.parse(config));
  setSelection(store, 'health', 'backend');
  setRecorder(store, rec);
  const inst = render(<App store={store} onQuit={() => undefined} size={{ columns: 120, rows: 36 }} />);
  return { store, inst };
}

beforeEach(() => {
  ran = [];
  rec = new MemRecorder();
  added = [];
  removals = [];
  add(fake('fake.restart', 'disruptive'), 'health', 'R');
  add(fake('fake.wipe', 'destructive'), 'health', 'W');
});
afterEach(() => {
  for (const remove of removals) remove();
});

describe('action dialogs', () => {
  it('palette: fuzzy search, Enter alone and y never run; the exact name does', async () => {
    const { store, inst } = setup();
    await waitForFrame(inst, (f) => f.includes('Health'));
    await press(inst.stdin, ':');
    await waitForFrame(inst, (f) => f.includes('Actions for health: backend'));
    await press(inst.stdin, ...'restart');
    await waitForFrame(
      inst,
      (f) => f.includes('Fake fake.restart thing') && !f.includes('Fake fake.wipe thing'),
    );
    await press(inst.stdin, KEY.enter);
    const f = await waitForFrame(inst, (x) => x.includes('Confirm: Fake fake.restart thing'));
    expect(f).toContain('kubectl --context kind-prod -n web do backend');
    expect(f).toContain('server dry run passed');
    expect(f).toContain('restarts backend');
    await press(inst.stdin, KEY.enter);
    await waitForFrame(inst, (x) => x.includes('type backend exactly'));
    await press(inst.stdin, 'y', KEY.enter);
    await waitForFrame(inst, (x) => x.includes('type backend exactly'));
    expect(ran).toEqual([]);
    await press(inst.stdin, KEY.backspace, ...'backend');
    await press(inst.stdin, KEY.enter);
    await waitForFrame(inst, (x) => x.includes('did backend'));
    expect(ran).toEqual(['fake.restart:backend']);
    expect(rec.records.map((r) => r.outcome)).toEqual(['succeeded']);
    expect(store.getState().ui.modal).toBeUndefined();
    inst.unmount();
  });

  it('a direct key captures the target at the key press; Escape cancels', async () => {
    const { store, inst } = setup();
    await waitForFrame(inst, (f) => f.includes('Health'));
    await press(inst.stdin, 'R');
    await waitForFrame(inst, (x) => x.includes('Confirm: Fake fake.restart thing'));
    // the selection moves while the dialog is open: the action still targets 'backend'
    setSelection(store, 'health', 'frontend');
    await press(inst.stdin, ...'backend', KEY.enter);
    await waitForFrame(inst, (x) => x.includes('did backend'));
    expect(ran).toEqual(['fake.restart:backend']);
    await press(inst.stdin, 'R');
    await waitForFrame(inst, (x) => x.includes('Type the name frontend'));
    await press(inst.stdin, KEY.escape);
    await waitForFrame(inst, (x) => x.includes('cancelled: nothing changed'));
    expect(ran).toEqual(['fake.restart:backend']);
    expect(rec.records.map((r) => r.outcome)).toEqual(['succeeded', 'cancelled']);
    inst.unmount();
  });

  it('destructive: the blast radius and the context name are required', async () => {
    const { inst } = setup();
    await waitForFrame(inst, (f) => f.includes('Health'));
    await press(inst.stdin, 'W');
    const f = await waitForFrame(inst, (x) => x.includes('Confirm: Fake fake.wipe thing'));
    expect(f).toContain('Blast radius: everything goes');
    expect(f).toContain('and the context kind-prod');
    await press(inst.stdin, ...'backend', KEY.enter);
    await press(inst.stdin, ...'kind-pro', KEY.enter);
    await waitForFrame(inst, (x) => x.includes('type the context kind-prod exactly'));
    expect(ran).toEqual([]);
    await press(inst.stdin, 'd', KEY.enter);
    await waitForFrame(inst, (x) => x.includes('did backend'));
    expect(ran).toEqual(['fake.wipe:backend']);
    inst.unmount();
  });

  it('read-only: the palette says so; running refuses with the reason, nothing runs', async () => {
    const { inst } = setup({ actions: { readOnly: true } });
    await waitForFrame(inst, (f) => f.includes('Health'));
    await press(inst.stdin, KEY.ctrlP);
    const f = await waitForFrame(inst, (x) => x.includes('Actions for health'));
    expect(f).toContain('unavailable: read-only mode');
    await press(inst.stdin, KEY.enter);
    await waitForFrame(inst, (x) => x.includes('refused: read-only mode'));
    await waitFor(
      () => rec.records.length,
      (n) => n === 1,
    );
    expect(rec.records[0]!.outcome).toBe('refused');
    expect(ran).toEqual([]);
    inst.unmount();
  });
  it('read-only: an action with a form refuses when opened, before the form; the footer marks it', async () => {
    const withForm = defineOperation({
      ...fake('fake.scale', 'disruptive'),
      params: [{ name: 'n', label: 'Replicas', kind: 'int', initial: () => '3' }],
      command: (t, p) => `kubectl --context kind-prod -n web scale deployment/${t.name} --replicas=${p.n}`,
    });
    add(withForm, 'health', 'X');
    const { store, inst } = setup({ actions: { readOnly: true, cdn: { distributionId: 'E2TESTDIST' } } });
    // The footer lists the pane's real action keys (the keymap is built from the registry) on
    // the backends the config has (CloudFront here).
    await waitForFrame(inst, (x) => x.includes('Health') && /V ✖ refused: cloudfront/.test(x));
    const modals: (string | undefined)[] = [];
    const off = store.subscribe((s) => modals.push(s.ui.modal));
    await press(inst.stdin, 'X');
    await waitForFrame(inst, (x) => x.includes('refused: read-only mode'));
    off();
    expect(modals).not.toContain('action-params');
    await waitFor(
      () => rec.records.length,
      (n) => n === 1,
    );
    expect(rec.records[0]!.outcome).toBe('refused');
    // The journal says what would have run, with the form's defaults.
    expect(rec.records[0]!.command).toBe(
      'kubectl --context kind-prod -n web scale deployment/backend --replicas=3',
    );
    expect(ran).toEqual([]);
    inst.unmount();
  });
  it("the palette searches every action, the focused pane's first; another pane's action asks for its target", async () => {
    // An action of the deployments pane, acting on a deployment ('ns/name' ids, as that pane's rows).
    const rollback = defineOperation({
      ...fake('fake.rollback', 'disruptive'),
      on: 'deployment',
      title: 'Fake rollback somewhere else',
      appliesTo: (sel) =>
        sel.kind === 'deployment' && sel.id
          ? {
              backend: 'kubernetes',
              context: 'kind-prod',
              namespace: sel.id.split('/')[0],
              kind: 'deployment',
              name: sel.id.split('/')[1]!,
              confirmName: sel.id.split('/')[1]!,
            }
          : undefined,
    });
    add(rollback, 'deployments', 'B');
    const { store, inst } = setup();
    const dep = (ns: string, name: string) => ({ metadata: { namespace: ns, name } });
    store.setState((s) => ({
      sources: {
        ...s.sources,
        'k8s.deployments': {
          status: 'ok',
          data: { deployments: [dep('web', 'worker'), dep('web', 'api')], replicaSets: [] },
          since: Date.now(),
          failures: 0,
          staleAfterMs: 60_000,
        },
      },
    }));
    await waitForFrame(inst, (f) => f.includes('Health'));
    await press(inst.stdin, ':');
    let f = await waitForFrame(inst, (x) => x.includes('Actions for health: backend'));
    // Focused first: the health pane's own actions come before the other pane's.
    const rows = f.split('\n').filter((l) => l.includes('Fake '));
    expect(rows.at(-1)).toContain('Fake rollback somewhere else  — deployments: asks for the target');
    expect(f).toMatch(/actions \(2 here\)/);
    await press(inst.stdin, ...'rollback');
    f = await waitForFrame(inst, (x) =>
      x.split('\n').some((l) => l.includes('›') && l.includes('Fake rollback')),
    );
    expect(f).not.toContain('no action matches');
    await press(inst.stdin, KEY.enter);
    f = await waitForFrame(inst, (x) => x.includes('Target for: Fake rollback somewhere else'));
    expect(f).toContain('deployment web/api');
    expect(f).toContain('deployment web/worker');
    await press(inst.stdin, ...'work');
    await waitForFrame(inst, (x) => x.includes('1 of 2 from deployments'));
    await press(inst.stdin, KEY.enter);
    await waitForFrame(
      inst,
      (x) => x.includes('Confirm: Fake rollback somewhere else') && x.includes('Type the name worker'),
    );
    await press(inst.stdin, ...'worker');
    await press(inst.stdin, KEY.enter);
    await waitForFrame(inst, (x) => x.includes('did worker'));
    expect(ran).toEqual(['fake.rollback:worker']);
    inst.unmount();
  });

  it('recently used actions come first; production contexts need the context and show the blast radius', async () => {
    const { store, inst } = setup({ kubernetes: { production: true } });
    // make the ops production-aware like the Kubernetes ones
    for (const op of added) {
      const orig = op.appliesTo;
      op.appliesTo = (sel, env) => {
        const t = orig(sel, env);
        return t ? { ...t, production: !!env.config.kubernetes?.production } : t;
      };
    }
    await waitForFrame(inst, (f) => f.includes('Health'));
    await press(inst.stdin, 'R');
    const f = await waitForFrame(inst, (x) => x.includes('Confirm: Fake fake.restart thing'));
    expect(f).toContain('PRODUCTION context');
    expect(f).toContain('Blast radius: production context kind-prod: restarts backend');
    expect(f).toContain('and the context kind-prod');
    await press(inst.stdin, KEY.escape);
    await waitForFrame(inst, (x) => x.includes('cancelled: nothing changed'));
    await press(inst.stdin, 'W');
    await waitForFrame(inst, (x) => x.includes('Confirm: Fake fake.wipe thing'));
    await press(inst.stdin, KEY.escape);
    await waitForFrame(inst, (x) => !x.includes('Confirm:') && x.includes('Fake fake.wipe thing: cancelled'));
    await press(inst.stdin, ':');
    const p = await waitForFrame(inst, (x) => x.includes('Actions for health'));
    const rows = p.split('\n').filter((l) => l.includes('Fake fake.'));
    expect(rows[0]).toContain('fake.wipe');
    expect(rows[1]).toContain('fake.restart');
    expect(store.getState().ui.modal).toBe('palette');
    inst.unmount();
  });
});
