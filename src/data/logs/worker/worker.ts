// The logs ingest worker (a worker_threads entry; the build emits it as dist/logs-worker.js):
// runs the pipeline off the UI thread. It receives raw bytes or batches of lines, and posts a
// bounded snapshot (WorkerSnapshot) when something changed, at most once per frame, plus one
// when asked to flush. Nothing here knows a screen.
import { parentPort, workerData } from 'node:worker_threads';
import { registerSecret } from '../../../util/secrets.js';
import { compilePatterns } from '../pipeline/level.js';
import { LogPipeline } from '../pipeline/pipeline.js';
import type { LogEntry } from '../types.js';
import type { ToWorker, WorkerInit, WorkerSnapshot } from './protocol.js';

const init = workerData as WorkerInit;
for (const v of init.secrets) registerSecret(v);
const { secrets: _secrets, ...opts } = init;
const p = new LogPipeline({ ...opts, errorPatterns: compilePatterns(init.errorPatterns) });
let processed = 0;
let sentVersion = -1;
let lastSent = 0;
let timer: NodeJS.Timeout | undefined;

/** A plain copy (structured clone does not see SliceEntry's text getter). */
function plain(e: LogEntry): LogEntry {
  const o: LogEntry = {
    seq: e.seq,
    ts: e.ts,
    source: e.source,
    origin: e.origin,
    level: e.level,
    text: e.text,
  };
  if (e.extra) o.extra = e.extra.slice();
  if (e.fp) o.fp = e.fp;
  if (e.pod) o.pod = e.pod;
  if (e.stream) o.stream = e.stream;
  return o;
}

function newest(ring: { size: number; fromNewest(i: number): LogEntry | undefined }, n: number): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = Math.min(n, ring.size) - 1; i >= 0; i--) out.push(plain(ring.fromNewest(i)!));
  return out;
}

function send(): void {
  timer = undefined;
  lastSent = performance.now();
  sentVersion = p.version;
  const snap: WorkerSnapshot = {
    t: 'snap',
    processed,
    version: p.version,
    stats: p.stats(),
    size: p.size(),
    errorSize: p.errorSize(),
    groupCount: p.groupCount(),
    entries: newest(p.lines, init.snapshotEntries),
    errors: newest(p.errorLines, init.snapshotEntries),
    groups: p.groups(init.snapshotGroups).map((g) => ({ ...g, sources: g.sources.slice() })),
  };
  parentPort!.postMessage(snap);
}

/** At most one snapshot per frame; the first change after a quiet spell goes out at once. */
function schedule(): void {
  if (timer || p.version === sentVersion) return;
  const wait = Math.max(0, init.frameMs - (performance.now() - lastSent));
  timer = setTimeout(send, wait);
}

parentPort!.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'lines':
      for (const b of m.batches)
        for (let i = 0; i < b.texts.length; i++) {
          const ts = b.ts[i]!;
          p.ingest({ ...b.src, text: b.texts[i]!, ts: Number.isNaN(ts) ? undefined : ts });
        }
      processed += m.bytes;
      break;
    case 'bytes':
      for (let i = 0, off = 0; i < m.items.length; off += m.items[i]!.len, i++)
        p.pushBytes(m.items[i]!.src, Buffer.from(m.buf, off, m.items[i]!.len));
      processed += m.buf.byteLength;
      break;
    case 'end':
      p.endBytes(m.source);
      break;
    case 'reset':
      p.resetSource(m.source);
      break;
    case 'flush':
      if (timer) clearTimeout(timer);
      send();
      return;
  }
  schedule();
});
