// One definition of the error rate (issue 12, item 1): errors in the last 60 s, sliding, per
// source and overall. With a controlled clock: the logs header figure, the sparkline's last
// bar, the detection input, the recovery checklist and the status-update figures quote the
// same number at every moment, and after errors stop it drains to 0 within 60 s everywhere,
// without any new log line (the hub republishes as the window moves).
import { describe, expect, it } from 'vitest';
import { LogsHub } from '../../src/data/logs/hub.js';
import { LOGS_K8S, type LogsSnapshot } from '../../src/data/logs/types.js';
import type { SourceContext } from '../../src/data/source.js';
import { errorRateInput, figures, recoveryChecklist } from '../../src/incident/adapters.js';
import { DEFAULT_THRESHOLDS } from '../../src/incident/detect.js';
import { createAppStore } from '../../src/store/store.js';

function setup(start: number) {
  let now = start;
  const hub = new LogsHub({ now: () => now }, 3_600_000, 3_600_000);
  const store = createAppStore();
  const ctx = {
    ok: (data: unknown) =>
      store.setState((s) => ({
        sources: {
          ...s.sources,
          [LOGS_K8S]: { status: 'ok', since: 0, failures: 0, staleAfterMs: 60_000, fetchedAt: now, data },
        },
      })),
    now: () => now,
  } as unknown as SourceContext;
  hub.attach(LOGS_K8S, ctx);
  const line = (pod: string, text: string) =>
    hub.pipeline.ingest({ source: `shop/${pod}/app`, origin: 'k8s', text, ts: now });
  /** Every figure that quotes the error rate, as each reader computes it. */
  const read = () => {
    const st = store.getState();
    const snap = st.sources[LOGS_K8S]!.data as LogsSnapshot;
    const check = recoveryChecklist(st, DEFAULT_THRESHOLDS).find(
      (i) => i.name === 'Error rate under threshold',
    )!;
    const fig = figures(st).find((f) => f.startsWith('Error rate:'))!;
    return {
      header: snap.errorsLastMinute,
      sparkline: snap.errorsPerMinute.at(-1),
      detection: errorRateInput(snap, 'logs').streams[0]!.perMinute,
      checklist: Number(/^(\d+) errors\/min/.exec(check.detail)![1]),
      template: Number(/, (\d+) errors\/min/.exec(fig)![1]),
      bad: snap.perSource.find((p) => p.source === 'shop/bad/app')?.errorsLastMinute,
      ok: check.ok,
    };
  };
  return {
    hub,
    line,
    read,
    advance: (ms: number) => {
      now += ms;
      hub.tick();
    },
    stop: () => hub.stop(),
  };
}

describe('the error rate: one sliding 60-s window', () => {
  it('header, sparkline, detection, checklist and templates agree, and drain to 0 within 60 s', () => {
    // Start mid-minute, so that a clock-minute count and a 60-s window disagree.
    const t = setup(Date.parse('2026-11-23T10:00:37Z'));
    // 40 s of errors: 3 a second from one pod, plus healthy lines from another.
    for (let s = 0; s < 40; s++) {
      for (let i = 0; i < 3; i++) t.line('bad', `ERROR payment failed order=${s * 3 + i}`);
      t.line('good', 'INFO request ok');
      t.advance(1000);
      const r = t.read();
      expect(new Set([r.header, r.sparkline, r.detection, r.checklist, r.template, r.bad]).size).toBe(1);
    }
    expect(t.read().header).toBe(120);
    expect(t.read().ok).toBe(false);
    // Errors stop (the last at +39 s). Every second everything agrees; at +99 s it is 0.
    for (let at = 41; at <= 99; at++) {
      t.advance(1000);
      const r = t.read();
      expect(new Set([r.header, r.sparkline, r.detection, r.checklist, r.template, r.bad]).size).toBe(1);
      if (at === 94) expect(r.header).toBeGreaterThan(0); // 55 s after: still in (5-s steps)
    }
    const r = t.read();
    expect(r.header).toBe(0);
    expect(r.ok).toBe(true);
    t.stop();
  });
});
