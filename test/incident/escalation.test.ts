// The escalation ladder with a controlled clock: the header's countdown, a reminder event
// written once when a step falls due (not again on the next tick), an escalation a responder
// records raising the level, and nothing due once resolved. Resolving lists the criteria that
// still fail, including an active detection.
import { useIncidents } from '../helpers/incident.js';
import { describe, expect, it } from 'vitest';
import { IncidentController, optionsFromConfig } from '../../src/incident/controller.js';
import { currentLevel, escalationText, nextEscalation } from '../../src/incident/escalation.js';
import { configSchema } from '../../src/config/schema.js';

const incident = useIncidents('esc');

const T0 = Date.parse('2026-12-01T09:00:00Z');

function controller(config: Record<string, unknown> = {}) {
  let t = T0;
  const { c } = incident({
    options: (dir) => ({
      ...optionsFromConfig(configSchema.parse({ incident: { stateDir: dir, handle: 'alice', ...config } })),
      now: () => t,
    }),
  });
  return { c, at: (minutes: number) => (t = T0 + minutes * 60_000) };
}

const reminders = (k: IncidentController) =>
  k
    .state!.events.filter((e) => e.kind === 'escalation' && e.reminder)
    .map((e) => (e.kind === 'escalation' ? e.text : ''));

describe('escalation ladder', () => {
  it('counts down, reminds once when due, and follows the runbook for a SEV1', () => {
    const { c, at } = controller();
    c.declare({ title: 'Outage', severity: 'SEV1', impact: 'everything down', startedAt: T0 });
    at(18);
    expect(escalationText(c.state!, T0 + 18 * 60_000, c.escalation)).toEqual({
      text: '⇧ L2 in 12m',
      due: false,
    });
    c.checkEscalation();
    expect(reminders(c)).toEqual([]);
    at(30);
    c.checkEscalation();
    c.checkEscalation();
    expect(reminders(c)).toEqual([
      'SEV 1 not resolved after 30 minutes: escalate to level 2 (Senior engineer or team lead)',
    ]);
    // A reminder does not raise the level; the responder's escalation does.
    expect(currentLevel(c.state!)).toBe(1);
    c.escalate(2, '@lead paged');
    expect(currentLevel(c.state!)).toBe(2);
    expect(nextEscalation(c.state!, c.escalation)).toMatchObject({ level: 3, who: 'Engineering manager' });
    at(61);
    c.checkEscalation();
    expect(reminders(c)[1]).toBe(
      'SEV 1 not resolved after 60 minutes: escalate to level 3 (Engineering manager)',
    );
    c.resolve(true);
    at(300);
    c.checkEscalation();
    expect(reminders(c)).toHaveLength(2);
    expect(escalationText(c.state!, T0 + 300 * 60_000, c.escalation)).toBeUndefined();
  });

  it('takes the ladder from incident.escalation, and a SEV3 only past 4 hours by default', () => {
    const { c, at } = controller({ escalation: { afterMinutes: { SEV3: [5] }, levels: ['me', 'boss'] } });
    c.declare({ title: 'Slow', severity: 'SEV3', impact: 'latency', startedAt: T0 });
    at(5);
    c.checkEscalation();
    expect(reminders(c)).toEqual(['SEV 3 not resolved after 5 minutes: escalate to level 2 (boss)']);
    const d = controller();
    d.c.declare({ title: 'Slow', severity: 'SEV3', impact: 'latency', startedAt: T0 });
    expect(nextEscalation(d.c.state!, d.c.escalation)?.dueAt).toBe(T0 + 240 * 60_000);
  });

  it('resolving says which criteria still fail, an active detection among them', () => {
    const { c } = controller();
    c.declare({ title: 'Outage', severity: 'SEV2', impact: 'down', startedAt: T0 });
    c.append(
      {
        kind: 'detection',
        detector: 'health',
        key: 'health.down:api',
        state: 'start',
        text: 'api /health down',
      },
      'warroom',
    );
    const r = c.resolve(false);
    expect(r.resolved).toBe(false);
    expect(r.items.find((i) => i.name === 'No active detection')).toMatchObject({
      ok: false,
      detail: '1 active: api /health down',
    });
    expect(c.resolve(true).resolved).toBe(true);
  });
});
