// Pane summaries decide which panes get room (issue 14): a Postgres pool leaking sessions idle
// in transaction is a problem for the layout as it is for the detections (the db-exhaustion
// drill at 120x40 kept the Postgres pane on the status line as '● 22/97').
import { describe, expect, it } from 'vitest';
import { POSTGRES_SOURCE } from '../../src/data/postgres/source.js';
import { summaries } from '../../src/panes/summary.js';
import { createAppStore } from '../../src/store/store.js';
import { sess, snap } from '../helpers/pg-snapshot.js';

function stateWith(data: unknown) {
  const store = createAppStore('postgres');
  store.setState((s) => ({
    sources: { ...s.sources, [POSTGRES_SOURCE]: { status: 'ok', data, updatedAt: 0 } as never },
  }));
  return store.getState();
}

describe('Postgres pane summary', () => {
  const idle = (pid: number, xactMs: number) =>
    sess(pid, { state: 'idle in transaction', xactMs, queryMs: xactMs });

  it('five or more sessions idle in transaction past the threshold: a problem, said with the count', () => {
    const s = summaries.postgres!(stateWith(snap([1, 2, 3, 4, 5].map((p) => idle(p, 60_000)))));
    expect(s).toMatchObject({ level: 'problem', text: '5/97 · 5 idle-in-tx' });
  });

  it('one is a warning; recent ones (under the threshold) are nothing', () => {
    expect(summaries.postgres!(stateWith(snap([idle(1, 60_000)])))?.level).toBe('warn');
    expect(summaries.postgres!(stateWith(snap([idle(1, 1_000), idle(2, 1_000)])))).toMatchObject({
      level: 'ok',
      text: '2/97',
    });
  });
});
