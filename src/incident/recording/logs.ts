// The logs sources' snapshots as recorded: a live LogsSnapshot reads its buffers through `view`
// (a class over the worker's snapshot); a recording keeps what the logs pane and the review
// show of it: the newest entries, the newest error lines and the top error groups, bounded, as
// plain data, and gives it back behind the same LogView (SnapshotView) when read.
import {
  LOGS_CLOUDWATCH,
  LOGS_K8S,
  type LogEntry,
  type LogsSnapshot,
  type ErrorGroup,
} from '../../data/logs/types.js';
import { SnapshotView, type WorkerSnapshot } from '../../data/logs/worker/protocol.js';

export const LOGS_SOURCES: readonly string[] = [LOGS_K8S, LOGS_CLOUDWATCH];

/** How much of the logs buffers a recording keeps each second. */
export const RECORDED_ENTRIES = 30;
export const RECORDED_ERRORS = 40;
export const RECORDED_GROUPS = 30;

/** The plain form of a LogView in a recording. */
export interface RecordedLogView {
  size: number;
  errorSize: number;
  groupCount: number;
  entries: LogEntry[];
  errors: LogEntry[];
  groups: ErrorGroup[];
}

export type RecordedLogs = Omit<LogsSnapshot, 'view'> & { view: RecordedLogView };

/** A live logs snapshot → its bounded, plain recorded form. */
export function recordLogs(s: LogsSnapshot): RecordedLogs {
  const v = s.view;
  return {
    ...s,
    view: {
      size: v.size(),
      errorSize: v.errorSize(),
      groupCount: v.groupCount(),
      entries: v.tail({ errorsOnly: false, limit: RECORDED_ENTRIES, skip: 0 }).entries,
      errors: v.tail({ errorsOnly: true, limit: RECORDED_ERRORS, skip: 0 }).entries,
      groups: v.groups(RECORDED_GROUPS),
    },
  };
}

/** The recorded form → a LogsSnapshot whose view reads the recorded entries. */
export function replayLogs(r: RecordedLogs): LogsSnapshot {
  const v = r.view;
  const snap: WorkerSnapshot = {
    t: 'snap',
    processed: 0,
    version: r.version,
    stats: r,
    size: v?.size ?? 0,
    errorSize: v?.errorSize ?? 0,
    groupCount: v?.groupCount ?? 0,
    entries: v?.entries ?? [],
    errors: v?.errors ?? [],
    groups: v?.groups ?? [],
  };
  return { ...r, view: new SnapshotView(snap) };
}
