// Actions from the palette land in the open incident's journal (through the recorder port the
// runner uses), with their exact command and outcome, redacted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRecord, TeeRecorder, JsonlRecorder } from '../../src/ops/record.js';
import { IncidentController } from '../../src/incident/controller.js';
import { DEFAULT_THRESHOLDS } from '../../src/incident/detect.js';
import { loadJournal } from '../../src/incident/journal.js';
import { DEFAULT_CADENCE } from '../../src/incident/model.js';
import { IncidentRecorder } from '../../src/incident/recorder.js';
import { exportMarkdown } from '../../src/incident/export.js';
import { createAppStore } from '../../src/store/store.js';

let dir: string | undefined;
let c: IncidentController | undefined;
afterEach(() => {
  c?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  c = dir = undefined;
});

const record = (outcome: 'succeeded' | 'failed') =>
  makeRecord({
    actor: { user: 'alice', host: 'laptop' },
    operation: 'postgres.terminate-backend',
    risk: 'destructive',
    target: { backend: 'postgres', context: 'app@db', kind: 'backend', name: '4242' },
    params: {},
    command: `psql 'postgres://app:s3cret@db/app' -c 'SELECT pg_terminate_backend(4242)'`,
    outcome,
    detail: outcome === 'succeeded' ? 'terminated pid 4242' : 'permission denied',
  });

describe('incident action recorder', () => {
  it('appends every action, with command and outcome, to the open incident only', async () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-rec-'));
    c = new IncidentController(createAppStore(), {
      state: dir,
      actor: 'alice',
      naming: 'SEV',
      cadence: DEFAULT_CADENCE,
      thresholds: DEFAULT_THRESHOLDS,
    });
    const rec = new TeeRecorder([new JsonlRecorder(join(dir, 'actions.jsonl')), new IncidentRecorder(c)]);
    await rec.append(record('succeeded')); // no incident yet: only the action log
    c.declare({ title: 'DB stuck', severity: 'SEV2', impact: 'slow checkout', startedAt: Date.now() });
    await rec.append(record('succeeded'));
    await rec.append(record('failed'));
    const actions = loadJournal(c.journal!.path).events.filter((e) => e.kind === 'action');
    expect(actions).toHaveLength(2);
    expect(actions[0]).toMatchObject({
      action: 'postgres.terminate-backend',
      target: 'backend 4242 @ app@db',
      outcome: 'ok',
      detail: 'terminated pid 4242',
    });
    expect(actions[1]).toMatchObject({ outcome: 'failed' });
    const md = exportMarkdown(c.state!);
    expect(md).toContain('SELECT pg_terminate_backend(4242)');
    expect(md).not.toContain('s3cret');
  });
});
