// The logs snapshot: what the logs pane and the incident detectors read from `sources['logs.k8s']`
// and `sources['logs.cloudwatch']`. Both sources feed one pipeline (parse → classify → group
// multi-line → fingerprint → store); each publishes the same kind of snapshot, the one with the
// higher `version` is the newer. The line buffer and the fingerprint table are bounded and live
// behind `view` (read on render, never copied into the store).

export type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'unknown';
export type Origin = 'k8s' | 'cloudwatch';

/** One log entry (a line, plus the continuation lines of its stack trace). */
export interface LogEntry {
  /** Monotonic sequence number across every source (unique id). */
  seq: number;
  /** Event time (epoch ms): the container's timestamp or the CloudWatch event time. */
  ts: number;
  /** Who emitted it: `namespace/pod/container` or the log group. */
  source: string;
  origin: Origin;
  level: Level;
  /** The line as received (raw: sanitise before display), cut to the line limit. */
  text: string;
  /** Continuation lines (stack frames) grouped with this line; bounded. */
  extra?: string[];
  /** Error fingerprint (errors only). */
  fp?: string;
  /** Kubernetes coordinates, for "jump to pod" and previous logs. */
  pod?: { namespace: string; name: string; container: string };
  /** CloudWatch stream name. */
  stream?: string;
}

/** One fingerprinted error group: the runbooks' `sort | uniq -c | sort -nr`, live. */
export interface ErrorGroup {
  fingerprint: string;
  /** The latest raw line of the group (for display). */
  sample: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Sources that emitted it (bounded). */
  sources: string[];
  level: Level;
}

export interface SourceStats {
  source: string;
  origin: Origin;
  lines: number;
  errors: number;
  /** Errors / lines over the last 60 s (0..1). */
  errorRate: number;
  /** Errors in the last 60 s (sliding; see pipeline/rate.ts): this source's errors/min. */
  errorsLastMinute: number;
  /** Errors per 60-s window, oldest first, last `RATE_MINUTES` windows; the last is `errorsLastMinute`. */
  errorsPerMinute: number[];
  lastSeen: number;
}

export interface LogStats {
  totalLines: number;
  totalErrors: number;
  /**
   * The error rate: errors in the last 60 s, overall (sliding, in 5-s steps; drains to 0 within
   * 60 s of the last error). The header, detections, checklist and templates all quote it.
   */
  errorsLastMinute: number;
  /** Errors per 60-s window overall, oldest first (windows ending now, 1 min ago, …); the last is `errorsLastMinute`. */
  errorsPerMinute: number[];
  /** Lines per 60-s window overall, same windows. */
  linesPerMinute: number[];
  /** Errors as a share of all lines over the last 60 s (0..1). */
  errorRate: number;
  /** Per source, most errors first (bounded). */
  perSource: SourceStats[];
  /** Lines dropped from memory (ring overflow) and fingerprints evicted, for honesty. */
  evictedLines: number;
  evictedGroups: number;
  /** Lines dropped unread because ingest could not keep up (worker backpressure): counted, shown. */
  droppedLines?: number;
}

/** Read access to the bounded buffers, for the pane. */
export interface LogView {
  /** Number of entries held (all levels). */
  size(): number;
  /** Number of error entries held. */
  errorSize(): number;
  /**
   * The newest entries matching `pred`, newest last: skips `skip` matches from the newest end,
   * returns up to `limit`. Walks at most the whole buffer.
   */
  tail(opts: { errorsOnly: boolean; limit: number; skip: number; match?: (e: LogEntry) => boolean }): {
    entries: LogEntry[];
    /** How many matches exist beyond those returned (older), capped at the buffer. */
    more: boolean;
  };
  /** Error groups, most frequent first (ties: most recent first). */
  groups(limit?: number): ErrorGroup[];
  groupCount(): number;
}

export interface OriginStatus {
  /** Streams/groups being followed right now. */
  active: number;
  /** Streams waiting for a slot (cap reached). */
  waiting?: number;
  /** Problems that do not stop the whole source (one group missing, one pod denied). */
  issues: string[];
}

export interface LogsSnapshot extends LogStats {
  /** Increments on every publish; the pane shows the snapshot with the highest version. */
  version: number;
  at: number;
  view: LogView;
  k8s?: OriginStatus;
  cloudwatch?: OriginStatus;
}

export const LOGS_K8S = 'logs.k8s';
export const LOGS_CLOUDWATCH = 'logs.cloudwatch';
export const RATE_MINUTES = 30;
