// Runbook commands in pods (`actions.commands`) through the one runner against the Kubernetes
// simulator's exec: read-only ones run at once, mutating ones are confirmed with the exact
// command line; the output streams as it comes, the exit code decides the outcome, and the
// output's tail is recorded redacted (a credential the container prints never reaches the
// action log or the incident's journal). Denied pods/exec is said in words.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandOperations, OUTPUT_TAIL_LINES, pickPod } from '../../src/data/kubernetes/ops/run-command.js';
import { actionEvent } from '../../src/incident/recorder.js';
import type { ActionEnv, Operation, OutputChunk } from '../../src/ops/operation.js';
import { JsonlRecorder } from '../../src/ops/record.js';
import { operationsFor } from '../../src/ops/registry.js';
import { runOperation } from '../../src/ops/runner.js';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { envFor, MemRecorder, refuseConfirm, typingConfirm } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

const NS = 'web3-marketplace';
const PASSWORD = 'hunter2-Secret';
const API_KEY = 'sk-test-4f9a8b7c6d5e';
let sim: KubeSim;
let dir: string;
let env: ActionEnv;
let chunks: OutputChunk[];

const COMMANDS = [
  {
    label: 'Contracts status',
    deployment: 'backend',
    argv: ['npm', 'run', 'contracts:status'],
    risk: 'read-only',
  },
  {
    label: 'Restart the DB pool',
    deployment: 'backend',
    argv: ['npm', 'run', 'db:pool:restart'],
    risk: 'mutating',
  },
  { label: 'Missing script', deployment: 'backend', argv: ['npm', 'run', 'nope'], risk: 'read-only' },
  { label: 'Payments env', deployment: 'payments', argv: ['env'], risk: 'read-only' },
  {
    label: 'Backend metrics',
    deployment: 'backend',
    container: 'backend',
    argv: ['curl', '-s', 'http://localhost:3001/metrics'],
    risk: 'read-only',
  },
];

beforeAll(async () => {
  sim = await startKubeSim({ tickMs: 50 });
  // A service whose container prints its credentials when asked for its env.
  sim.cluster.createDeployment(NS, 'payments', {
    replicas: 1,
    image: 'ghcr.io/web3-marketplace/payments:2.0.0',
    env: { DATABASE_URL: `postgres://app:${PASSWORD}@db:5432/shop`, API_KEY },
  });
  dir = mkdtempSync(join(tmpdir(), 'warroom-commands-'));
  const kubeconfig = sim.writeKubeconfig(join(dir, 'kubeconfig'));
  chunks = [];
  env = envFor(
    { kubernetes: { context: 'warroom-sim', namespaces: [NS] }, actions: { commands: COMMANDS } },
    { kubeconfigPath: kubeconfig, output: (c) => chunks.push(c) },
  );
  await waitFor(
    () =>
      sim.cluster
        .listPods(NS)
        .filter((p: any) => p.metadata.labels?.app === 'payments' && p.status?.phase === 'Running').length,
    (n) => n === 1,
    { what: 'the payments pod running' },
  );
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const op = (label: string): Operation => commandOperations(env.config).find((o) => o.title === label)!;

async function go(label: string, confirm = refuseConfirm, recorder = new MemRecorder()) {
  chunks.length = 0;
  const o = op(label);
  const target = o.appliesTo({ kind: 'deployment' }, env)!;
  const res = await runOperation({ op: o, target, params: {}, env, confirm, recorder });
  return { res, rec: (recorder as MemRecorder).records?.[0], out: chunks.map((c) => c.text).join('') };
}

const execs = () => sim.requests.filter((r) => r.subresource === 'exec');

describe('actions.commands through the runner', () => {
  it('are operations in the palette, listed with the deployments pane', () => {
    const ids = operationsFor(env.config).map((o) => o.id);
    expect(ids).toContain('kubernetes.command.contracts-status');
    expect(ids).toContain('kubernetes.command.restart-the-db-pool');
    expect(op('Contracts status').risk).toBe('safe');
    expect(op('Restart the DB pool').risk).toBe('disruptive');
    expect(op('Contracts status').appliesTo({ kind: 'deployment', id: `${NS}/backend` }, env)).toBeDefined();
    expect(op('Contracts status').appliesTo({ kind: 'deployment', id: `${NS}/worker` }, env)).toBeUndefined();
  });

  it('a read-only command runs at once: output streamed, exit 0, tail recorded', async () => {
    const { res, rec, out } = await go('Contracts status');
    expect(res.outcome, res.detail).toBe('succeeded');
    expect(res.detail).toMatch(/^exit code 0 in pod backend-\S+ \(container backend\), 10 lines of output$/);
    expect(out).toContain('> backend@1.8.2 contracts:status');
    expect(out).toMatch(/Marketplace +0x[0-9a-f]{40}/);
    expect(rec!.command).toBe(
      `kubectl --context warroom-sim -n ${NS} exec deployment/backend -- npm run contracts:status`,
    );
    expect(rec!.output).toEqual(out.trimEnd().split('\n').slice(-OUTPUT_TAIL_LINES));
  });

  it('a mutating command is confirmed with its exact command line; refused, nothing runs', async () => {
    const before = execs().length;
    const { res } = await go('Restart the DB pool');
    expect(res.outcome).toBe('cancelled');
    expect(execs().length).toBe(before);
    const c = typingConfirm();
    const ok = await go('Restart the DB pool', c);
    expect(ok.res.outcome, ok.res.detail).toBe('succeeded');
    expect(c.asked[0]!.plan.command).toBe(
      `kubectl --context warroom-sim -n ${NS} exec deployment/backend -- npm run db:pool:restart`,
    );
    expect(c.asked[0]!.requireName).toBe('backend');
    expect(ok.out).toContain('[db-pool] pool healthy');
    expect(execs().length).toBe(before + 1);
  });

  it('a non-zero exit fails with the exit code and the first stderr line', async () => {
    const { res, rec } = await go('Missing script');
    expect(res.outcome).toBe('failed');
    expect(res.detail).toMatch(
      /^failed: exit code 1 in pod backend-\S+ \(container backend\): npm error Missing script: "nope"$/,
    );
    expect(rec!.output![0]).toBe('npm error Missing script: "nope"');
  });

  it('a credential in the output is redacted in the action log and the journal event', async () => {
    const dirLog = mkdtempSync(join(tmpdir(), 'warroom-commands-log-'));
    try {
      const log = new JsonlRecorder(join(dirLog, 'actions.jsonl'));
      chunks.length = 0;
      const o = op('Payments env');
      const target = o.appliesTo({ kind: 'deployment' }, env)!;
      const res = await runOperation({
        op: o,
        target,
        params: {},
        env,
        confirm: refuseConfirm,
        recorder: log,
      });
      expect(res.outcome, res.detail).toBe('succeeded');
      // The live stream is the container's own text (the dialog redacts what it draws).
      expect(chunks.map((c) => c.text).join('')).toContain(PASSWORD);
      const text = readFileSync(join(dirLog, 'actions.jsonl'), 'utf8');
      const rec = JSON.parse(text);
      expect(rec.output).toContain('DATABASE_URL=postgres://app:***@db:5432/shop');
      expect(rec.output).toContain('API_KEY=***');
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(API_KEY);
      const ev = actionEvent(rec);
      expect(ev).toMatchObject({ kind: 'action', outcome: 'ok' });
      expect(JSON.stringify(ev)).not.toContain(PASSWORD);
      expect((ev as { output?: string[] }).output).toContain('API_KEY=***');
    } finally {
      rmSync(dirLog, { recursive: true, force: true });
    }
  });

  it(`keeps the last ${OUTPUT_TAIL_LINES} lines of a long output`, async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `requests_total{path="/p${i}"} ${i}`);
    sim.setPodHttp((r) => (r.port === 3001 ? { status: 200, body: lines.join('\n') + '\n' } : undefined));
    try {
      const { res, rec, out } = await go('Backend metrics');
      expect(res.outcome, res.detail).toBe('succeeded');
      expect(out.split('\n')).toHaveLength(51);
      expect(rec!.output).toEqual(lines.slice(-OUTPUT_TAIL_LINES));
      expect(res.detail).toMatch(/50 lines of output$/);
    } finally {
      sim.setPodHttp(undefined);
    }
  });

  it('denied pods/exec: a read-only command says 403, a mutating one is refused by RBAC', async () => {
    sim.deny('create', 'pods/exec', NS);
    try {
      const ro = await go('Contracts status');
      expect(ro.res.outcome).toBe('failed');
      expect(ro.res.detail).toMatch(
        /^failed: 403 Forbidden: exec into pods is not permitted in web3-marketplace \(RBAC: create pods\/exec\): pods "backend-\S+" is forbidden/,
      );
      const mut = await go('Restart the DB pool', typingConfirm());
      expect(mut.res.outcome).toBe('refused');
      expect(mut.res.detail).toMatch(/RBAC does not allow you to create pods\/exec in web3-marketplace/);
    } finally {
      sim.allowAll();
    }
  });

  it('picks a running, ready pod, the oldest first', () => {
    const pod = (name: string, phase: string, ready: boolean, at: string) => ({
      metadata: { name, creationTimestamp: at },
      status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    const picked = pickPod([
      pod('new', 'Running', true, '2026-12-01T10:00:00Z'),
      pod('pending', 'Pending', false, '2026-11-01T10:00:00Z'),
      pod('old', 'Running', true, '2026-11-30T10:00:00Z'),
      pod('unready', 'Running', false, '2026-10-01T10:00:00Z'),
    ]);
    expect(picked?.metadata.name).toBe('old');
  });
});
