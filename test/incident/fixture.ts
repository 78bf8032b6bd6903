// A fixed incident for template and export tests: the runbook's SEV 2 example, as journal events.
import type { EventBody, IncidentEvent } from '../../src/incident/model.js';

const T0 = Date.parse('2024-01-15T14:30:00Z');
let n = 0;
export function ev(minutes: number, body: EventBody, actor = 'john.doe'): IncidentEvent {
  n++;
  return {
    v: 1,
    id: `e${String(n).padStart(3, '0')}`,
    ts: new Date(T0 + minutes * 60_000).toISOString(),
    actor,
    ...body,
  } as IncidentEvent;
}

export function runbookIncident(): IncidentEvent[] {
  n = 0;
  return [
    ev(2, {
      kind: 'declared',
      incident: '2024-01-15-001',
      title: 'API Errors Elevated',
      severity: 'SEV3',
      impact: 'Elevated error rate on API (15%)',
      startedAt: '2024-01-15T14:30:00.000Z',
      roles: { ic: '@john.doe', oncall: '@john.doe' },
    }),
    ev(
      2.1,
      {
        kind: 'change',
        key: 'default/blockchain-backend@7',
        at: '2024-01-15T14:21:40.000Z',
        text: 'deployment default/blockchain-backend revision 7: env DB_POOL_SIZE changed ("lower the pool for the new DB tier")',
        deployment: 'default/blockchain-backend',
        revision: 7,
        images: ['ghcr.io/acme/blockchain-backend:2.4.1'],
        changeCause: 'lower the pool for the new DB tier',
      },
      'warroom',
    ),
    ev(3, { kind: 'role', role: 'tech', who: '@jane.smith' }),
    ev(5, { kind: 'severity', from: 'SEV3', to: 'SEV2', reason: 'API errors above 10%' }),
    ev(5, {
      kind: 'detection',
      detector: 'postgres',
      key: 'pg.connections',
      state: 'start',
      text: 'Postgres connections 19/20 (95%) above 80% of max_connections',
    }),
    ev(6, { kind: 'phase', from: 'triage', to: 'investigation' }),
    ev(7, { kind: 'update', template: 'initial', text: '[INCIDENT] SEV 2 - API Errors Elevated\n' }),
    ev(10, { kind: 'note', text: 'Root cause looks like the DB pool: 20 connections | exhausted' }),
    ev(11, { kind: 'phase', from: 'investigation', to: 'mitigation' }),
    ev(15, {
      kind: 'action',
      action: 'kubernetes.set-env',
      title: 'kubernetes.set-env DB_POOL_SIZE=50',
      target: 'deployment default/blockchain-backend @ prod',
      command:
        'kubectl set env deployment/blockchain-backend DB_POOL_SIZE=50 DATABASE_URL=postgres://app:hunter2@db:5432/app',
      outcome: 'ok',
      detail: 'deployment patched',
    }),
    ev(16, {
      kind: 'correction',
      of: 'e008',
      text: 'Root cause: the DB pool (20 connections) was exhausted',
    }),
    ev(17.25, {
      kind: 'effect',
      of: 'e010',
      action: 'kubernetes.set-env',
      verdict: 'effective',
      text: 'set-env blockchain-backend: rollout 1 of 3 updated → complete within 48 s; ready 2/3 → 3/3 within 50 s; restarts none new; error rate 42/min → 0/min within 95 s; health 1/2 up (down: api /health) → 2/2 up within 60 s',
      afterSeconds: 135,
      settled: true,
    }),
    ev(20, {
      kind: 'detection',
      detector: 'postgres',
      key: 'pg.connections',
      state: 'end',
      text: 'Postgres connections back under 70% of max_connections',
    }),
    ev(22, {
      kind: 'review',
      field: 'rootCause',
      text: 'Database connection pool was set to 20 connections.',
    }),
    ev(23, { kind: 'review', field: 'factor', text: 'No auto-scaling for the connection pool' }),
    ev(23, { kind: 'review', field: 'wentWell', text: 'Quick detection via monitoring' }),
    ev(24, { kind: 'review', field: 'wentWrong', text: 'Pool sizing not tested under load' }),
    ev(24, {
      kind: 'review',
      field: 'actionItem',
      text: 'Add connection pool monitoring',
      owner: '@ops',
      due: '2024-01-18',
    }),
    ev(25, { kind: 'review', field: 'lesson', text: 'Always load test connection pools' }),
    ev(44, {
      kind: 'checklist',
      passed: true,
      items: [
        { name: 'No failing pods', ok: true, detail: '12 pods healthy' },
        { name: 'Health checks green', ok: true, detail: '2 endpoints up' },
        { name: 'Chain head current', ok: null, detail: 'chain not configured or no data' },
      ],
    }),
    ev(45, { kind: 'resolved', summary: 'Increased connection pool size to 50' }),
  ];
}
export const T_START = T0;
