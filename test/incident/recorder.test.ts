// Actions from the palette land in the open incident's journal (through the recorder port the
// runner uses), with their exact command and outcome, redacted.
import { join } from 'node:path';
import { useIncidents } from '../helpers/incident.js';
import { describe, expect, it } from 'vitest';
import { makeRecord, TeeRecorder, JsonlRecorder } from '../../src/ops/record.js';
import { loadJournal } from '../../src/incident/journal.js';
import { IncidentRecorder } from '../../src/incident/recorder.js';
import { exportMarkdown } from '../../src/incident/export.js';

const incident = useIncidents('rec');

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
    const { c, dir } = incident();
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
