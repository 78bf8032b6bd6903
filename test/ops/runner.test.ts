// The runner with a fake operation: read-only (global and per context), RBAC refusal, typed
// confirmation (name, and context for destructive or production), dry-run rejection, failure
// in words, safe ops at once; and the JSONL recorder (fsynced, redacted, injectable).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defineOperation, type Operation, type Plan } from '../../src/ops/operation.js';
import {
  defaultActionLogPath,
  getRecorder,
  JsonlRecorder,
  makeRecord,
  setRecorder,
} from '../../src/ops/record.js';
import { runOperation } from '../../src/ops/runner.js';
import { createAppStore } from '../../src/store/store.js';
import { envFor, MemRecorder, refuseConfirm, typingConfirm, runOp } from '../actions/helpers.js';

function fakeOp(over: Partial<Operation> & { planOver?: Partial<Plan> } = {}) {
  const ran: unknown[] = [];
  const op = defineOperation({
    id: 'fake.op',
    title: 'Fake op',
    backend: 'kubernetes',
    risk: 'disruptive',
    params: [],
    appliesTo: () => ({
      backend: 'kubernetes',
      context: 'prod',
      namespace: 'web',
      kind: 'deployment',
      name: 'backend',
      confirmName: 'backend',
    }),
    async plan(target, params) {
      return {
        op: 'fake.op',
        target,
        params,
        risk: over.risk ?? 'disruptive',
        impact: ['x'],
        command: 'kubectl do it --token=abc123secret',
        ...over.planOver,
      };
    },
    async run() {
      ran.push(1);
      return { ok: true, detail: 'done' };
    },
    ...over,
  });
  return { op, ran };
}
const target = {
  backend: 'kubernetes' as const,
  context: 'prod',
  namespace: 'web',
  kind: 'deployment',
  name: 'backend',
  confirmName: 'backend',
};

describe('runOperation', () => {
  it('runs after the exact name is typed; records redacted', async () => {
    const { op, ran } = fakeOp();
    const rec = new MemRecorder();
    const res = await runOperation({
      op,
      target,
      params: {},
      env: envFor(),
      confirm: typingConfirm(),
      recorder: rec,
    });
    expect(res.outcome).toBe('succeeded');
    expect(ran).toHaveLength(1);
    expect(rec.records[0]!.command).toBe('kubectl do it --token=***');
    expect(rec.records[0]!.at).toMatch(/Z$/);
    expect(rec.records[0]!.actor.user).toBeTruthy();
  });

  it('Enter / y alone, a wrong name or a missing context never run it', async () => {
    for (const typed of [{ name: '' }, { name: 'y' }, { name: 'backen' }]) {
      const { op, ran } = fakeOp();
      const res = await runOp(op, target, {}, envFor(), { confirm: typingConfirm(typed) });
      expect(res.outcome).toBe('cancelled');
      expect(ran).toHaveLength(0);
    }
    const { op, ran } = fakeOp({ risk: 'destructive' });
    const c = typingConfirm({ context: 'wrong' });
    const res = await runOp(op, target, {}, envFor(), { confirm: c });
    expect(c.asked[0]!.requireContext).toBe('prod');
    expect(res.outcome).toBe('cancelled');
    expect(ran).toHaveLength(0);
  });

  it('production contexts require the context name for disruptive actions too', async () => {
    const { op } = fakeOp();
    const c = typingConfirm();
    await runOperation({
      op,
      target: { ...target, production: true },
      params: {},
      env: envFor(),
      confirm: c,
      recorder: new MemRecorder(),
    });
    expect(c.asked[0]!.requireContext).toBe('prod');
    const c2 = typingConfirm();
    await runOp(op, target, {}, envFor(), { confirm: c2 });
    expect(c2.asked[0]!.requireContext).toBeUndefined();
  });

  it('read-only (global and per context) and RBAC refuse before planning', async () => {
    let planned = 0;
    const { op, ran } = fakeOp({
      plan: async (t, p) => {
        planned++;
        return { op: 'fake.op', target: t, params: p, risk: 'disruptive', impact: [], command: '' };
      },
    });
    const rec = new MemRecorder();
    const r1 = await runOperation({
      op,
      target,
      params: {},
      env: envFor({ actions: { readOnly: true } }),
      confirm: typingConfirm(),
      recorder: rec,
    });
    expect(r1.detail).toMatch(/read-only mode/);
    const r2 = await runOperation({
      op,
      target: { ...target, readOnly: true },
      params: {},
      env: envFor(),
      confirm: typingConfirm(),
      recorder: rec,
    });
    expect(r2.detail).toMatch(/context prod is read-only/);
    const denied = {
      ...op,
      permitted: async () => ({ allowed: false, reason: 'RBAC: cannot patch deployments in web' }),
    };
    const r3 = await runOperation({
      op: denied,
      target,
      params: {},
      env: envFor(),
      confirm: typingConfirm(),
      recorder: rec,
    });
    expect(r3.detail).toMatch(/RBAC: cannot patch/);
    expect(rec.records.map((r) => r.outcome)).toEqual(['refused', 'refused', 'refused']);
    expect(planned).toBe(0);
    expect(ran).toHaveLength(0);
  });

  it('a read-only refusal records the command that would have run (still without planning), and the title', async () => {
    let planned = 0;
    const { op } = fakeOp({
      plan: async () => {
        planned++;
        throw new Error('not here');
      },
      command: (t, p) => `kubectl -n ${t.namespace} scale deployment/${t.name} --replicas=${p.replicas}`,
      params: [{ name: 'replicas', label: 'Replicas', kind: 'int' }],
    });
    const rec = new MemRecorder();
    await runOperation({
      op,
      target,
      params: { replicas: '4' },
      env: envFor({ actions: { readOnly: true } }),
      confirm: typingConfirm(),
      recorder: rec,
    });
    expect(rec.records[0]).toMatchObject({
      outcome: 'refused',
      title: 'Fake op',
      command: 'kubectl -n web scale deployment/backend --replicas=4',
    });
    expect(planned).toBe(0);
  });

  it('a rejected dry run and a failing run are reported in words', async () => {
    const { op, ran } = fakeOp({ planOver: { dryRun: { ok: false, text: 'conflict (409)' } } });
    const c = typingConfirm();
    const r = await runOp(op, target, {}, envFor(), { confirm: c });
    expect(r).toMatchObject({ outcome: 'failed' });
    expect(r.detail).toMatch(/dry run rejected it, nothing changed: conflict \(409\)/);
    expect(c.asked).toHaveLength(0);
    expect(ran).toHaveLength(0);
    const { op: op2 } = fakeOp({
      run: async () => {
        throw new Error('boom\n  at stack');
      },
    });
    const r2 = await runOp(op2, target, {}, envFor());
    expect(r2.detail).toBe('failed: boom at stack');
  });

  it('safe operations run at once, even read-only', async () => {
    const { op, ran } = fakeOp({ risk: 'safe' });
    const r = await runOp(op, target, {}, envFor({ actions: { readOnly: true } }), {
      confirm: refuseConfirm,
    });
    expect(r.outcome).toBe('succeeded');
    expect(ran).toHaveLength(1);
  });
});

describe('recorder', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('appends JSON Lines (0600) under $XDG_STATE_HOME/warroom, redacted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-rec-'));
    dirs.push(dir);
    const path = defaultActionLogPath({ XDG_STATE_HOME: dir });
    expect(path).toBe(join(dir, 'warroom', 'actions.jsonl'));
    const r = new JsonlRecorder(path);
    const base = {
      actor: { user: 'u', host: 'h' },
      operation: 'x',
      risk: 'disruptive' as const,
      target: { backend: 'postgres' as const, context: 'db', kind: 'backend', name: '1' },
      params: {},
      outcome: 'succeeded' as const,
    };
    await Promise.all([
      r.append(makeRecord({ ...base, command: 'psql postgres://u:hunter2@h/db', detail: 'one' })),
      r.append(makeRecord({ ...base, command: 'x', detail: 'two password=hunter2' })),
    ]);
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.detail)).toEqual(['one', 'two password=***']);
    expect(readFileSync(path, 'utf8')).not.toContain('hunter2');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('is injectable, per console (store)', async () => {
    const mem = new MemRecorder();
    const store = createAppStore();
    setRecorder(store, mem);
    expect(getRecorder(store)).toBe(mem);
    expect(getRecorder(createAppStore())).toBeInstanceOf(JsonlRecorder);
    const { op } = fakeOp();
    await runOperation({ op, target, params: {}, env: envFor({}, { store }), confirm: refuseConfirm });
    expect(mem.records[0]!.outcome).toBe('cancelled');
  });
});
