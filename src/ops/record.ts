// Every action — succeeded, failed, refused or cancelled — becomes one ActionRecord. The
// default recorder appends JSON Lines to $XDG_STATE_HOME/warroom/actions.jsonl (default
// ~/.local/state/warroom/actions.jsonl) and fsyncs each record before the outcome is shown.
// The incident journal plugs in its own recorder with setRecorder(); records are redacted.
import { randomUUID } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { homedir, hostname, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { redact, redactDeep } from '../util/redact.js';
import type { DryRun, Params, Risk, Target } from './operation.js';
import { getSlice, setSlice, type AppStore } from '../store/store.js';

export type RecordOutcome = 'succeeded' | 'failed' | 'refused' | 'cancelled';

export interface Actor {
  user: string;
  host: string;
  handle?: string;
}

export interface ActionRecord {
  id: string;
  /** ISO 8601, UTC. */
  at: string;
  actor: Actor;
  operation: string;
  /** The operation's title, for people (the journal and the review name actions by it). */
  title?: string;
  risk: Risk;
  target: Pick<Target, 'backend' | 'context' | 'namespace' | 'kind' | 'name'>;
  params: Params;
  command: string;
  dryRun?: DryRun;
  outcome: RecordOutcome;
  detail: string;
  /** The tail of the output (a command run in a pod), redacted like the rest. */
  output?: string[];
}

export interface ActionRecorder {
  append(rec: ActionRecord): Promise<void>;
}

export function currentActor(handle?: string): Actor {
  let user = process.env.USER || process.env.LOGNAME || 'unknown';
  try {
    user = userInfo().username || user;
  } catch {
    // no passwd entry (containers): keep the environment's name
  }
  return { user, host: hostname(), ...(handle ? { handle } : {}) };
}

export function defaultActionLogPath(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'warroom', 'actions.jsonl');
}

/** Builds a record (redacted) with a fresh id (unless given) and the current UTC time. */
export function makeRecord(r: Omit<ActionRecord, 'id' | 'at'> & { at?: Date; id?: string }): ActionRecord {
  const { at, id, ...rest } = r;
  return redactDeep({
    id: id ?? randomUUID(),
    at: (at ?? new Date()).toISOString(),
    ...rest,
    command: redact(rest.command),
    detail: redact(rest.detail),
  });
}

/** Appends JSON Lines to a file (mode 0600), fsync per record; appends are serialised. */
export class JsonlRecorder implements ActionRecorder {
  private chain: Promise<void> = Promise.resolve();
  constructor(readonly path: string = defaultActionLogPath()) {}

  append(rec: ActionRecord): Promise<void> {
    const line = JSON.stringify(redactDeep(rec)) + '\n';
    const next = this.chain.then(async () => {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const fh = await open(this.path, 'a', 0o600);
      await fh.chmod(0o600).catch(() => undefined); // exactly 0600 whatever the umask
      try {
        await fh.appendFile(line, 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** Fans a record out to several recorders (e.g. the action log and the incident journal). */
export class TeeRecorder implements ActionRecorder {
  constructor(private readonly targets: ActionRecorder[]) {}
  async append(rec: ActionRecord): Promise<void> {
    const results = await Promise.allSettled(this.targets.map((t) => t.append(rec)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

declare module '../store/store.js' {
  interface Slices {
    actionRecorder: ActionRecorder | undefined;
  }
}

/**
 * The recorder of a console (its store): the one installed (the incident journal's tee, a
 * test's), else the JSONL action log, made once per console. Without a store: the action log.
 */
export function getRecorder(store?: AppStore): ActionRecorder {
  const installed = store && getSlice(store, 'actionRecorder');
  if (installed) return installed;
  const log = new JsonlRecorder();
  if (store) setSlice(store, 'actionRecorder', () => log);
  return log;
}

/** Installs a console's recorder (the incident journal's, or a test's); undefined: the default. */
export function setRecorder(store: AppStore, r: ActionRecorder | undefined): void {
  setSlice(store, 'actionRecorder', () => r);
}
