// The RDS lines of the Postgres pane (tested in test/unit/aws-lines.test.ts and test/data/rds.test.ts): the instance's
// status, class, storage and Multi-AZ on one line (the line a responder reads first), then
// pending modifications and maintenance, an API failure, and the newest events. Storage used
// is not in the RDS API (it is the CloudWatch metric FreeStorageSpace, which the console does
// not read): the line shows the allocated storage, and the connected database's size from
// pg_database_size when the Postgres source has read it, labelled as such.
import { RDS_OK_STATUS, type RdsSnapshot } from '../../data/rds/types.js';
import type { Tone } from '../../ui/tone.js';
import { age, bytes, utcClock } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';

export interface RdsLine {
  text: string;
  tone: Tone;
}

/** `● RDS prod-postgres available · db.r6g.large · Multi-AZ · 100 GiB gp3 (max 200)`. */
export function rdsStatusLine(snap: RdsSnapshot, databaseSize?: number): RdsLine {
  const id = sanitize(snap.instanceId, 63);
  const i = snap.instance;
  if (!i)
    return {
      text: `✖ RDS ${id}: ${sanitize(snap.error ?? 'not read yet', 300)}`,
      tone: snap.error ? 'bad' : 'muted',
    };
  const ok = i.status === RDS_OK_STATUS;
  const storage = [
    `${i.allocatedGiB} GiB${i.storageType ? ` ${sanitize(i.storageType, 10)}` : ''}${i.maxAllocatedGiB ? ` (max ${i.maxAllocatedGiB})` : ''}`,
    databaseSize !== undefined ? `this db ${bytes(databaseSize)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  // Status, class and Multi-AZ first: a narrow pane cuts the storage part.
  const parts = [
    `${ok ? '●' : '✖'} RDS ${id} ${sanitize(i.status, 40)}`,
    sanitize(i.instanceClass, 30),
    i.multiAZ ? 'Multi-AZ' : 'Single-AZ',
    storage,
  ];
  return { text: parts.join(' · '), tone: ok ? 'ok' : 'bad' };
}

/** Every RDS line, most important first; the caller keeps as many as it has room for. */
export function rdsLines(snap: RdsSnapshot, now: number, databaseSize?: number): RdsLine[] {
  const out: RdsLine[] = [rdsStatusLine(snap, databaseSize)];
  const i = snap.instance;
  if (i && snap.error)
    out.push({
      // The age first: a narrow pane cuts the (long) AWS message, never how old the status is.
      text: `✖ RDS API${snap.readAt ? ` (status above as of ${age(now - snap.readAt)} ago)` : ''}: ${sanitize(snap.error, 300)}`,
      tone: 'bad',
    });
  if (i?.pending.length)
    out.push({ text: `▲ pending: ${i.pending.map((p) => sanitize(p, 60)).join(', ')}`, tone: 'warn' });
  if (snap.maintenance.length)
    out.push({
      text: `· maintenance: ${snap.maintenance.map((m) => sanitize(m, 80)).join(', ')}`,
      tone: 'muted',
    });
  for (const e of snap.events.slice(-2).reverse())
    out.push({ text: `· ${utcClock(e.at, false)} ${sanitize(e.message, 300)}`, tone: 'muted' });
  return out;
}
