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
  type EventBody,
  type IncidentEvent,
} from '../../src/incident/model.js';
import { makeRecord } from '../../src/ops/record.js';
import { DEFAULT_THRESHOLDS, redisDetector } from '../../src/incident/detect.js';
import { actionEvent } from '../../src/incident/recorder.js';
import { dueText, fillTemplate } from '../../src/incident/templates.js';
import { parseReviewNote } from '../../src/incident/controller.js';
import { parseStart } from '../../src/ui/incident/text.js';
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
    expect(s.corrections.get('e008')?.[0]?.text).toMatch(/^Root cause: the DB pool/);
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
    expect(dueText(s, min(8), DEFAULT_CADENCE)).toEqual({
      text: 'UPDATE OVERDUE 1m',
      short: 'OVERDUE 1m',
      overdue: true,
    });
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
      '| 14:40:00 | Root cause: the DB pool (20 connections) was exhausted (corrected; originally:',
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

describe('export of what the console recorded (issue 12 item 5)', () => {
  const rec = (over: Partial<Parameters<typeof makeRecord>[0]>) =>
    actionEvent(
      makeRecord({
        actor: { user: 'root', host: 'vm' },
        operation: 'redis.delete-keys',
        title: 'Delete keys matching a pattern (SCAN + UNLINK)',
        risk: 'destructive',
        target: { backend: 'redis', context: '127.0.0.1:33169', kind: 'keys', name: 'shop:cache:stale:*' },
        params: { pattern: 'shop:cache:stale:*' },
        command: 'redis-cli -h 127.0.0.1 -p 33169 --scan --pattern shop:cache:stale:*',
        outcome: 'succeeded',
        detail: 'deleted 120 keys',
        ...over,
      }),
    );
  const pids = Array.from({ length: 20 }, (_, i) => 20_800 + i);
  const T = Date.parse('2026-11-23T12:00:00Z');
  const at = (m: number, body: EventBody): IncidentEvent =>
    ({
      v: 1,
      id: `x${m}`,
      ts: new Date(T + m * 60_000).toISOString(),
      actor: 'root@vm',
      ...body,
    }) as IncidentEvent;
  const events = [
    // Declared the moment it started: the "Incident started" row is still there.
    at(0, {
      kind: 'declared',
      incident: '2026-11-23-001',
      title: 'Cache full',
      severity: 'SEV2',
      impact: 'slow pages',
      startedAt: new Date(T).toISOString(),
    }),
    at(1, {
      kind: 'detection',
      detector: 'redis',
      key: 'redis.memory:redis',
      state: 'start',
      text: redisDetector(
        { name: 'redis', usedMemory: 100, maxMemory: 100 },
        () => false,
        DEFAULT_THRESHOLDS,
      )[0]!.start,
    }),
    at(2, rec({ outcome: 'cancelled', detail: 'cancelled: nothing changed' })),
    at(
      3,
      rec({
        outcome: 'refused',
        detail: 'refused: read-only mode (--read-only or actions.readOnly): nothing is changed',
      }),
    ),
    at(4, rec({})),
    at(
      5,
      rec({
        operation: 'postgres.terminate-idle-in-transaction',
        title: 'Terminate sessions idle in transaction longer than N seconds',
        target: {
          backend: 'postgres',
          context: 'app@db',
          kind: 'backends',
          name: '20 backends (idle in transaction > 10s)',
        },
        params: { n: 10 },
        command: 'psql -c "SELECT pg_terminate_backend(pid) …"',
        detail: `terminated 20 backends (${pids.join(', ')})`,
      }),
    ),
    at(
      6,
      rec({
        operation: 'kubernetes.rollout-undo',
        title: 'Rollout undo (to the previous or a chosen revision)',
        target: {
          backend: 'kubernetes',
          context: 'prod',
          namespace: 'shop',
          kind: 'deployment',
          name: 'backend',
        },
        params: { revision: 1 },
        command: 'kubectl --context prod -n shop rollout undo deployment/backend --to-revision=1',
        detail: 'rolled back to revision 1',
      }),
    ),
  ];

  it('names targets and actions for people, says each outcome once, lists cancelled apart, keeps pids short', () => {
    const s = reduce(events)!;
    const md = exportMarkdown(s, { now: T + 10 * 60_000 });
    expect(md).toContain('| 12:00:00 | Incident started (impact began / alert fired) |');
    expect(md).toContain('keys shop:cache:stale:* @ 127.0.0.1:33169');
    expect(md).not.toMatch(/keys {2}@/);
    expect(md).toContain('Detected: Redis memory at 100% of maxmemory');
    expect(md).not.toContain('Redis redis');
    expect(md).not.toMatch(/cancelled: cancelled|refused: refused/);
    expect(md).toContain(
      'Action: Rollout undo (to the previous or a chosen revision): revision=1 on deployment shop/backend @ prod — ok',
    );
    expect(md).not.toMatch(/\| kubernetes\.rollout-undo/);
    expect(md).toContain('terminated 20 backends (20800, 20801, 20802, … (20 in all))');
    const taken = md.slice(
      md.indexOf('## Appendix: Actions Taken'),
      md.indexOf('## Appendix: Actions Refused'),
    );
    const notTaken = md.slice(md.indexOf('## Appendix: Actions Refused'));
    expect(taken).not.toMatch(/cancelled|refused/);
    expect(notTaken).toMatch(/\| cancelled: nothing changed \|/);
    expect(notTaken).toMatch(/\| refused: read-only mode/);
    // The progress update's "Actions Taken" leaves out what changed nothing, too.
    const progress = fillTemplate('progress', s, {
      now: T,
      naming: 'SEV',
      cadence: DEFAULT_CADENCE,
      figures: [],
    });
    expect(progress).not.toMatch(/cancelled|refused/);
    // The full pid list stays in the JSON.
    expect(exportJson(s)).toContain(pids.join(', '));
  });
});
