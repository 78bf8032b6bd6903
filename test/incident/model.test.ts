// The incident model, cadence timer, templates and exports (golden files).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportJson, exportMarkdown } from '../../src/incident/export.js';
import {
  DEFAULT_CADENCE,
  humanDuration,
  nextUpdate,
  parseSeverity,
  reduce,
  sevLabel,
  sevName,
  type IncidentEvent,
} from '../../src/incident/model.js';
import { dueText, fillTemplate } from '../../src/incident/templates.js';
import { parseReviewNote } from '../../src/incident/controller.js';
import { parseStart } from '../../src/incident/text.js';
import { ev, runbookIncident, T_START } from './fixture.js';

const GOLDEN = join(__dirname, 'golden');
function golden(name: string, actual: string) {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const min = (m: number) => T_START + m * 60_000;

describe('incident model', () => {
  it('names severities both ways and parses them', () => {
    expect(sevLabel('SEV1')).toBe('SEV 1 - Critical');
    expect(sevLabel('SEV2', 'P')).toBe('P1 - High');
    expect(sevName('SEV4', 'P')).toBe('P3');
    expect(parseSeverity('p0')).toBe('SEV1');
    expect(parseSeverity('sev 3')).toBe('SEV3');
    expect(parseSeverity('5')).toBeUndefined();
  });

  it('reduces the journal: severity, roles, phase, corrections, review, resolution', () => {
    const s = reduce(runbookIncident())!;
    expect(s.severity).toBe('SEV2');
    expect(s.roles).toEqual({ ic: '@john.doe', oncall: '@john.doe', tech: '@jane.smith' });
    expect(s.phase).toBe('resolved');
    expect(s.resolvedAt).toBe(min(45));
    expect(s.activeDetections.size).toBe(0);
    expect(s.corrections.get('e007')?.[0]?.text).toMatch(/^Root cause: the DB pool/);
    expect(s.actionItems).toEqual([
      { text: 'Add connection pool monitoring', owner: '@ops', due: '2024-01-18' },
    ]);
    expect(humanDuration(s.resolvedAt! - s.startedAt)).toBe('45 minutes');
    expect(humanDuration(75 * 60_000)).toBe('1 hour 15 minutes');
  });

  it('cadence: initial update due 5 minutes after declaring, then every N minutes by severity', () => {
    const events: IncidentEvent[] = runbookIncident().slice(0, 1); // declared at +2m, SEV3
    let s = reduce(events)!;
    expect(nextUpdate(s, min(4)).dueAt).toBe(min(7));
    expect(nextUpdate(s, min(8)).overdue).toBe(true);
    expect(dueText(s, min(8), DEFAULT_CADENCE)).toEqual({ text: 'UPDATE OVERDUE 1m', overdue: true });
    events.push(ev(8, { kind: 'update', template: 'initial', text: 'x' }));
    s = reduce(events)!;
    expect(nextUpdate(s, min(9)).dueAt).toBe(min(68)); // SEV3: hourly
    events.push(ev(9, { kind: 'severity', from: 'SEV3', to: 'SEV1' }));
    s = reduce(events)!;
    expect(nextUpdate(s, min(9)).dueAt).toBe(min(23)); // SEV1: every 15 minutes from the last update
    expect(dueText(s, min(13), DEFAULT_CADENCE).text).toBe('next update in 10m');
    events.push(ev(10, { kind: 'severity', from: 'SEV1', to: 'SEV4' }));
    s = reduce(events)!;
    expect(nextUpdate(s, min(500))).toEqual({ dueAt: undefined, overdue: false, cadence: null });
    // configurable
    expect(nextUpdate(reduce(events.slice(0, 2))!, min(9), { ...DEFAULT_CADENCE, SEV3: 20 }).dueAt).toBe(
      min(28),
    );
  });

  it('parses start times and review notes', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseStart('-15m', now)).toBe(now - 15 * 60_000);
    expect(parseStart('09:45', now)).toBe(Date.parse('2026-11-23T09:45:00Z'));
    expect(parseStart('10:30', now)).toBe(Date.parse('2026-11-22T10:30:00Z'));
    expect(parseStart('2026-11-23 09:00', now)).toBe(Date.parse('2026-11-23T09:00:00Z'));
    expect(parseStart('tomorrow', now)).toMatch(/start time/);
    expect(parseReviewNote('/action Add pool monitoring @ops due:2024-01-18')).toEqual({
      kind: 'review',
      field: 'actionItem',
      text: 'Add pool monitoring',
      owner: '@ops',
      due: '2024-01-18',
    });
    expect(parseReviewNote('/rootcause pool too small')).toMatchObject({ field: 'rootCause' });
    expect(parseReviewNote('just a note')).toBeUndefined();
  });
});

describe('templates', () => {
  const ctx = {
    now: min(30),
    naming: 'SEV' as const,
    cadence: DEFAULT_CADENCE,
    figures: ['Error rate: 8.0% of log lines, 40 errors/min', 'Postgres connections: 12/20 (60%)'],
  };
  it('fills every runbook template from the live state', () => {
    const open = reduce(runbookIncident().slice(0, 10))!; // before resolution
    const resolved = reduce(runbookIncident())!;
    golden(
      'templates.txt',
      [
        fillTemplate('initial', open, ctx),
        fillTemplate('progress', open, ctx),
        fillTemplate('statuspage', open, ctx),
        fillTemplate('email', resolved, { ...ctx, now: min(50) }),
        fillTemplate('resolution', resolved, { ...ctx, now: min(50) }),
      ].join('\n=====\n'),
    );
    const progress = fillTemplate('progress', open, ctx);
    expect(progress).toContain('[UPDATE] SEV 2 - API Errors Elevated');
    expect(progress).toContain('Status: Mitigating');
    expect(progress).toContain('Duration: 30 minutes');
    expect(progress).toContain('kubernetes.set-env DB_POOL_SIZE=50');
    expect(progress).toContain('- Postgres connections: 12/20 (60%)');
    expect(progress).toContain('Next update: 30 minutes');
    expect(fillTemplate('initial', open, { ...ctx, naming: 'P' })).toContain(
      '[INCIDENT] P1 - API Errors Elevated',
    );
    expect(fillTemplate('email', resolved, ctx)).toContain('from 14:30 to 15:15 UTC');
  });
});

describe('export', () => {
  it('writes the runbook post-incident review (golden) with secrets redacted', () => {
    const s = reduce(runbookIncident())!;
    const md = exportMarkdown(s, { now: min(60) });
    golden('review.md', md);
    expect(md).toContain('# Post-Incident Review: API Errors Elevated');
    expect(md).toContain('- **Duration**: 45 minutes (14:30 - 15:15 UTC)');
    expect(md).toContain('| Time (UTC) | Event |');
    expect(md).toContain(
      '| 14:40 | Root cause: the DB pool (20 connections) was exhausted (corrected; originally:',
    );
    expect(md).toContain('20 connections \\| exhausted');
    expect(md).toContain('| Add connection pool monitoring | @ops | 2024-01-18 |');
    expect(md).not.toContain('hunter2');
    expect(md).toContain('postgres://app:***@db:5432/app');
  });

  it('exports the full journal as JSON, redacted', () => {
    const s = reduce(runbookIncident())!;
    const json = exportJson(s, { now: min(60) });
    golden('journal.json', json);
    const doc = JSON.parse(json);
    expect(doc.events).toHaveLength(runbookIncident().length);
    expect(doc.durationMinutes).toBe(45);
    expect(json).not.toContain('hunter2');
  });
});
