// What the responder confirms is readable in full (issue 12 item 7): at 80 and 100 columns the
// confirm dialog wraps the equivalent command, the target and the impact, never cuts them; the
// rollout-undo command ends with `--to-revision=1` and the Postgres idle-in-transaction command
// shows its whole `WHERE … interval '10 seconds'`. A long impact list scrolls (PgDn) while the
// command stays.
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { createAppStore, setSlice } from '../../src/store/store.js';
import { setSelection } from '../../src/store/selection.js';
import { configSchema } from '../../src/config/schema.js';
import { defineOperation, type Operation, type Risk } from '../../src/ops/operation.js';
import { setRecorder } from '../../src/ops/record.js';
import { KEY, press, waitForFrame } from '../helpers/frame.js';
import { MemRecorder, registerOp } from './helpers.js';

const PIDS = Array.from({ length: 20 }, (_, i) => 20_843 + i * 7);
const UNDO =
  'kubectl --context kind-prod -n web3-marketplace rollout undo deployment/backend --to-revision=1';
const IDLE = `psql "postgresql://ops@db.internal.example:5432/marketplace?sslmode=require" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid IN (${PIDS.join(', ')}) AND datname = current_database() AND state IN ('idle in transaction', 'idle in transaction (aborted)') AND now() - state_change > interval '10 seconds'"`;

const keyOf = new Map<string, string>();

function fake(id: string, key: string, risk: Risk, command: string, impact: string[]): Operation {
  keyOf.set(id, key);
  return defineOperation({
    id,
    title:
      id === 'fake.undo' ? 'Rollout undo (back to a revision)' : 'Terminate sessions idle in transaction',
    backend: 'kubernetes',
    risk,
    params: [],
    appliesTo: (sel) =>
      sel.kind === 'endpoint' && sel.id
        ? {
            backend: 'kubernetes',
            context: 'kind-prod',
            namespace: 'web3-marketplace',
            kind: 'deployment',
            name: 'backend',
            confirmName: 'backend',
          }
        : undefined,
    async plan(target, params) {
      return { op: id, target, params, risk, impact, command, dryRun: { ok: true, text: 'accepted' } };
    },
    async run() {
      return { ok: true, detail: 'done' };
    },
  });
}

const removals: (() => void)[] = [];
afterEach(() => {
  for (const remove of removals.splice(0)) remove();
});

/** The confirm dialog's lines, from its title to its last line (the live panes stay around it). */
function dialog(frame: string): string[] {
  const lines = frame.split('\n');
  const from = lines.findIndex((l) => l.includes('Confirm:'));
  const to = lines.findIndex((l, i) => i > from && l.includes('Enter confirms'));
  return lines.slice(from, to + 1);
}
function squeezed(frame: string): string {
  return dialog(frame)
    .map((l) => l.replace(/[║│]/g, ''))
    .join('')
    .replace(/\s+/g, '');
}

async function openConfirm(columns: number, rows: number, op: Operation) {
  removals.push(registerOp(op, 'health', keyOf.get(op.id)!));
  const store = createAppStore('health');
  setSlice(store, 'config', () => configSchema.parse({}));
  setRecorder(store, new MemRecorder());
  setSelection(store, 'health', 'backend');
  const inst = render(<App store={store} onQuit={() => undefined} size={{ columns, rows }} />);
  await waitForFrame(inst, (f) => f.includes('Health'));
  await press(inst.stdin, keyOf.get(op.id)!);
  const f = await waitForFrame(inst, (x) => x.includes('Confirm:') && x.includes('Type the name backend'));
  return { inst, f };
}

describe('confirm dialog wraps, never cuts', () => {
  for (const [columns, rows] of [
    [80, 24],
    [100, 30],
  ] as const) {
    it(`rollout undo at ${columns}x${rows}: the whole command, ending --to-revision=1`, async () => {
      const { inst, f } = await openConfirm(
        columns,
        rows,
        fake('fake.undo', 'U', 'disruptive', UNDO, [
          'backend: ghcr.io/web3-marketplace/backend:1.9.0 → backend=ghcr.io/web3-marketplace/backend:1.8.2',
        ]),
      );
      expect(squeezed(f)).toContain(UNDO.replace(/\s+/g, ''));
      expect(f).toContain('--to-revision=1');
      expect(dialog(f).join('\n')).not.toContain('…');
      for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(columns);
      inst.unmount();
    });

    it(`idle in transaction at ${columns}x${rows}: the WHERE clause in full; the pid list scrolls`, async () => {
      const impact = [
        `terminates ${PIDS.length} backends:`,
        ...PIDS.map((p) => `pid ${p} app@marketplace idle in transaction 42s: UPDATE orders SET …`),
      ];
      const { inst, f } = await openConfirm(
        columns,
        rows,
        fake('fake.idle', 'I', 'destructive', IDLE, impact),
      );
      const s = squeezed(f);
      expect(s).toContain(IDLE.replace(/\s+/g, ''));
      expect(f).toContain("interval '10 seconds'");
      expect(f).toContain('and the context kind-prod');
      // The impact list does not fit: it says how much is below, and PgDn shows the last pid.
      expect(f).toMatch(/more below \(of 21 impact lines\)/);
      expect(f).not.toContain(`pid ${PIDS.at(-1)} `);
      for (let i = 0; i < 25; i++) await press(inst.stdin, KEY.pageDown);
      const g = await waitForFrame(inst, (x) => x.includes(`pid ${PIDS.at(-1)} `));
      expect(squeezed(g)).toContain(IDLE.replace(/\s+/g, ''));
      inst.unmount();
    });
  }
});
