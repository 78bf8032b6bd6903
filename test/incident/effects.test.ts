// An action's effect in the incident: the sink writes an `effect` event naming the action
// event (found by the record id), the timeline shows it under its action, the review's action
// appendix and JSON carry it, and Time to mitigate is the first action measured effective.
import { useIncidents } from '../helpers/incident.js';
import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../src/ops/record.js';
import { IncidentEffectSink } from '../../src/incident/effects.js';
import { exportJson, exportMarkdown } from '../../src/incident/export.js';
import { loadJournal } from '../../src/incident/journal.js';
import { keyTimes, reduce } from '../../src/incident/model.js';
import { IncidentRecorder } from '../../src/incident/recorder.js';
import { timelineRows } from '../../src/panes/timeline/columns.js';
import { sortRows } from '../../src/ui/list.js';

const incident = useIncidents('eff');

describe('effects in the incident', () => {
  it('writes the effect under its action: timeline, review, JSON and Time to mitigate', async () => {
    let t = Date.parse('2026-12-01T10:00:00Z');
    const { c } = incident({ options: () => ({ now: () => t }) });
    c.declare({ title: 'Bad deploy', severity: 'SEV2', impact: 'API 5xx', startedAt: t - 60_000 });
    t += 30_000;
    const rec = makeRecord({
      actor: { user: 'alice', host: 'laptop' },
      operation: 'kubernetes.rollout-undo',
      title: 'Rollout undo',
      risk: 'disruptive',
      target: {
        backend: 'kubernetes',
        context: 'sim',
        namespace: 'shop',
        kind: 'deployment',
        name: 'backend',
      },
      params: { revision: 0 },
      command: 'kubectl rollout undo deployment/backend',
      outcome: 'succeeded',
      detail: 'rolled back to revision 1',
    });
    await new IncidentRecorder(c).append(rec);
    t += 5_000;
    c.note('watching the pods');
    t += 12_000;
    const sink = new IncidentEffectSink(c);
    expect(sink.accepts()).toBe(true);
    sink.write({
      record: rec.id,
      operation: 'kubernetes.rollout-undo',
      target: 'backend',
      verdict: 'effective',
      text: 'rollout-undo backend: rollout 0 of 3 updated available → complete within 12 s',
      afterSeconds: 17,
      settled: true,
      signals: [
        { signal: 'rollout', label: 'rollout', before: '0 of 3', after: 'complete', ok: true, wasOk: false },
      ],
    });
    const events = loadJournal(c.journal!.path).events;
    const action = events.find((e) => e.kind === 'action')!;
    const effect = events.find((e) => e.kind === 'effect')!;
    expect(effect).toMatchObject({ of: action.id, verdict: 'effective', afterSeconds: 17 });

    const s = reduce(events)!;
    // Newest first, the effect sits right under its action although a note came between.
    const rows = sortRows(timelineRows(s, 'all', 'SEV'), 0, true);
    const ids = rows.map((r) => r.id);
    expect(ids.indexOf(effect.id)).toBe(ids.indexOf(action.id) + 1);
    const row = rows.find((r) => r.id === effect.id)!;
    expect(row.cells[1]).toBe('✓ effect');
    expect(row.cells[3]).toBe(
      '└ ✓ effective after 17 s: rollout-undo backend: rollout 0 of 3 updated available → complete within 12 s',
    );

    const md = exportMarkdown(s, { now: t });
    expect(md).toContain(
      '| Time to mitigate | 1 min 30 s | 10:00:30 | Rollout undo: revision=0 (effective) |',
    );
    expect(md).toMatch(/\| Outcome \| Effect \| By \|/);
    expect(md).toContain('| ok: rolled back to revision 1 | ✓ effective after 17 s: rollout-undo backend:');
    const json = JSON.parse(exportJson(s, { now: t })) as {
      actions: { effect: { verdict: string } | null }[];
      keyTimes: { measure: string; seconds: number | null }[];
    };
    expect(json.actions[0]!.effect?.verdict).toBe('effective');
    expect(json.keyTimes.find((k) => k.measure === 'Time to mitigate')?.seconds).toBe(90);
    expect(keyTimes(s).find((k) => k.id === 'detect')?.ms).toBe(60_000);
  });
});
