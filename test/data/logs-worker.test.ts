// The logs hub with its pipeline in a worker thread: lines and raw bytes go in on this thread,
// bounded snapshots come back (at most one per frame) and are published to the attached
// sources; the view shows what the worker holds; when ingest is behind, input is dropped and
// its lines counted exactly, never kept.
import { afterEach, describe, expect, it } from 'vitest';
import { LogsHub } from '../../src/data/logs/hub.js';
import type { LogsSnapshot } from '../../src/data/logs/types.js';
import type { SourceContext } from '../../src/data/source.js';
import { waitFor } from '../helpers/wait.js';

function ctx(onSnap: (s: LogsSnapshot) => void): SourceContext {
  return {
    ok: (d) => onSnap(d as LogsSnapshot),
    update: () => undefined,
    fail: () => undefined,
    connecting: () => undefined,
    now: () => Date.now(),
    signal: new AbortController().signal,
  };
}

let hub: LogsHub | undefined;
afterEach(() => hub?.stop());

describe('LogsHub in worker mode', () => {
  it('ingests lines and bytes off this thread and publishes bounded snapshots', async () => {
    hub = new LogsHub({ bufferLines: 1000, worker: { frameMs: 20, snapshotEntries: 100 } }, 50);
    let last: LogsSnapshot | undefined;
    let published = 0;
    hub.attach(
      'logs.k8s',
      ctx((s) => ((last = s), published++)),
    );
    for (let i = 0; i < 300; i++)
      hub.pipeline.ingest({ source: 'shop/a/app', origin: 'k8s', text: `INFO line ${i}` });
    const bytes = Buffer.from(
      '2026-11-23T10:00:00Z ERROR timeout after 30ms calling payments\n\tat pay.js:10\n' +
        '{"level":50,"msg":"timeout after 999ms calling payments"}\n2026-11-23T10:00:01Z INFO ok\n',
    );
    // Split mid-line: the worker's splitter joins it.
    hub.pipeline.pushBytes({ source: 'shop/b/app', origin: 'k8s' }, bytes.subarray(0, 40));
    hub.pipeline.pushBytes({ source: 'shop/b/app', origin: 'k8s' }, bytes.subarray(40));
    const snap = await waitFor(
      () => last!,
      (s) => s?.totalLines === 303,
      { what: 'a snapshot with every line' },
    );
    expect(snap.totalErrors).toBe(2);
    expect(snap.droppedLines).toBe(0);
    const all = snap.view.tail({ errorsOnly: false, limit: 1000, skip: 0 }).entries;
    // Bounded: the newest 100 entries cross the thread, not the whole ring.
    expect(all).toHaveLength(100);
    expect(all.at(-1)!.text).toBe('2026-11-23T10:00:01Z INFO ok');
    const errs = snap.view.tail({ errorsOnly: true, limit: 10, skip: 0 }).entries;
    expect(errs.map((e) => [e.text, e.extra])).toEqual([
      ['2026-11-23T10:00:00Z ERROR timeout after 30ms calling payments', ['\tat pay.js:10']],
      ['{"level":50,"msg":"timeout after 999ms calling payments"}', undefined],
    ]);
    expect(snap.view.groups().map((g) => g.count)).toEqual([1, 1]);
    expect(snap.view.size()).toBe(303);
    expect(published).toBeLessThan(50);
  });

  it('drops input beyond the in-flight limit and counts its lines', async () => {
    hub = new LogsHub({ bufferLines: 1000, worker: { frameMs: 20, maxInFlightBytes: 4096 } }, 50);
    let last: LogsSnapshot | undefined;
    hub.attach(
      'logs.k8s',
      ctx((s) => (last = s)),
    );
    const chunk = Buffer.from('2026-11-23T10:00:00Z INFO a line of forty bytes or so\n'.repeat(20));
    const lines = 20 * 50;
    // One synchronous burst: the worker's progress reports cannot arrive in between.
    for (let i = 0; i < 50; i++) hub.pipeline.pushBytes({ source: 's', origin: 'k8s' }, chunk);
    const snap = await waitFor(
      () => last!,
      (s) => !!s && s.totalLines > 0 && s.totalLines + (s.droppedLines ?? 0) === lines,
      { what: 'every line either ingested or counted as dropped' },
    );
    expect(snap.droppedLines).toBeGreaterThan(0);
    expect(snap.totalLines).toBe(Math.floor(4096 / chunk.length) * 20);
    // Once the worker caught up, input is admitted again.
    hub.pipeline.pushBytes({ source: 's', origin: 'k8s' }, chunk);
    await waitFor(
      () => last,
      (s) => s!.totalLines === snap.totalLines + 20,
      { what: 'the next chunk ingested' },
    );
  });
});
