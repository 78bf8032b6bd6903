// The journal keeps every event through crashes and concurrent writers: kill -9 in the middle
// of writing, a torn last line, two processes appending to one file, and a reader watching it.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, listJournals, loadJournal } from '../../src/incident/journal.js';
import { reduce, type IncidentEvent } from '../../src/incident/model.js';
import { useTmpDirs } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const WRITER = resolve(__dirname, 'fixtures/writer.ts');
const tmp = useTmpDirs('journal');
const procs: ChildProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

const declared = {
  title: 'API errors elevated',
  severity: 'SEV2' as const,
  impact: '15% of API requests fail',
  startedAt: '2026-11-23T10:00:00.000Z',
};

function writer(path: string, actor: string, count: number, size = 0) {
  const p = spawn(process.execPath, ['--import', 'tsx', WRITER, path, actor, String(count), String(size)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(p);
  const out = { lines: [] as string[], exited: false };
  let buf = '';
  p.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    out.lines.push(...parts);
  });
  p.on('exit', () => (out.exited = true));
  return { p, out };
}

describe('journal', () => {
  it('creates YYYY-MM-DD-NNN ids with O_EXCL and reads back what it wrote', () => {
    const dir = tmp();
    const now = () => Date.parse('2026-11-23T10:05:00Z');
    const a = Journal.create(dir, 'alice', declared, now);
    const b = Journal.create(dir, 'bob', declared, now);
    expect(a.id).toBe('2026-11-23-001');
    expect(b.id).toBe('2026-11-23-002');
    a.append({ kind: 'note', text: 'looking at the API pods' });
    a.close();
    b.close();
    const r = loadJournal(a.path);
    expect(r.problems).toEqual([]);
    expect(r.events.map((e) => e.kind)).toEqual(['declared', 'note']);
    expect(r.events[0]!.actor).toBe('alice');
    expect(listJournals(dir).map((j) => j.id)).toEqual(['2026-11-23-002', '2026-11-23-001']);
  });

  it('events of one millisecond keep the order they were written in (their ids sort that way)', () => {
    const dir = tmp();
    // A frozen clock: every event has the same time, so only the ids order them.
    const now = () => Date.parse('2026-11-23T10:05:00Z');
    const j = Journal.create(dir, 'alice', declared, now);
    const texts = Array.from({ length: 50 }, (_, i) => `note ${i}`);
    for (const text of texts) j.append({ kind: 'note', text });
    j.close();
    const notes = loadJournal(j.path).events.flatMap((e) => (e.kind === 'note' ? [e.text] : []));
    expect(notes).toEqual(texts);
  });

  it('detects and reports a torn last line, keeps every earlier event, and appends after it', () => {
    const dir = tmp();
    const j = Journal.create(dir, 'alice', declared);
    j.append({ kind: 'note', text: 'one' });
    j.append({ kind: 'note', text: 'two' });
    j.close();
    // A crash in the middle of a write: half a line, no newline.
    appendFileSync(j.path, '{"v":1,"id":"x","ts":"2026-11-23T10:');
    const loaded = loadJournal(j.path);
    expect(loaded.torn?.line).toBe(4);
    expect(loaded.events).toHaveLength(3);

    const k = Journal.open(j.path, 'bob');
    expect(k.torn?.reason).toMatch(/torn last line/);
    expect(k.events).toHaveLength(3);
    k.append({ kind: 'note', text: 'three' });
    k.close();
    const after = loadJournal(j.path);
    expect(after.torn).toBeUndefined();
    expect(after.events.map((e) => (e.kind === 'note' ? e.text : e.kind))).toEqual([
      'declared',
      'one',
      'two',
      'three',
    ]);
    expect(after.problems).toEqual([{ line: 4, reason: 'invalid JSON (torn or corrupted line)' }]);
  });

  it('a journal torn by another console is closed off before the next append', () => {
    const dir = tmp();
    const j = Journal.create(dir, 'alice', declared);
    appendFileSync(j.path, '{"v":1,"id":"half');
    j.append({ kind: 'note', text: 'after the crash' });
    j.close();
    const r = loadJournal(j.path);
    expect(r.events.map((e) => e.kind)).toEqual(['declared', 'note']);
    expect(r.torn).toBeUndefined();
  });

  it('survives kill -9 in the middle of writing: every complete event is kept', async () => {
    const dir = tmp();
    const j = Journal.create(dir, 'alice', declared);
    j.close();
    // Large events make a write in progress at kill time likely.
    const w = writer(j.path, 'crasher', 0, 20000);
    await waitFor(
      () => w.out.lines.length,
      (n) => n > 60,
      { what: 'events written by the child', timeoutMs: 20_000 },
    );
    w.p.kill('SIGKILL');
    await waitFor(
      () => w.out.exited,
      (x) => x,
      { what: 'child exit' },
    );
    const acknowledged = w.out.lines.filter((l) => l !== 'ready');
    const r = loadJournal(j.path);
    const ids = new Set(r.events.map((e) => e.id));
    // Every event the child reported as written (after fsync) is on disk and parses.
    for (const id of acknowledged) expect(ids.has(id)).toBe(true);
    // Only the last line can be damaged.
    const total = readFileSync(j.path, 'utf8').split('\n').length;
    for (const p of r.problems) expect(p.line).toBeGreaterThanOrEqual(total - 1);
    // Reopening closes a torn line off and writing goes on.
    const k = Journal.open(j.path, 'alice');
    k.append({ kind: 'note', text: 'after kill -9' });
    k.close();
    const again = loadJournal(j.path);
    expect(again.events.length).toBe(r.events.length + 1);
    expect(reduce(again.events)?.title).toBe('API errors elevated');
  });

  it('two writers append to the same journal without corrupting it, and a watcher sees both', async () => {
    const dir = tmp();
    const j = Journal.create(dir, 'alice', declared);
    const seen: string[] = [];
    j.onEvents((evs) => seen.push(...evs.map((e) => e.actor)));
    j.watch(50);
    const a = writer(j.path, 'pair-a', 150, 300);
    const b = writer(j.path, 'pair-b', 150, 300);
    await waitFor(
      () => a.out.exited && b.out.exited,
      (x) => x,
      { what: 'both writers to finish', timeoutMs: 30_000 },
    );
    expect(a.p.exitCode).toBe(0);
    expect(b.p.exitCode).toBe(0);
    const r = loadJournal(j.path);
    expect(r.problems).toEqual([]);
    expect(r.events).toHaveLength(301);
    expect(r.events.filter((e) => e.actor === 'pair-a')).toHaveLength(150);
    // The watching console sees the other consoles' events too.
    await waitFor(
      () => seen.length,
      (n) => n === 300,
      { what: 'watched events' },
    );
    j.close();
  });
});

describe('events from the shared journal', () => {
  it('importEvents keeps ids, skips what the file holds; events in timeline order, arrived in file order', () => {
    const d = tmp();
    const j = Journal.create(d, 'alice', declared);
    const mine = j.append({ kind: 'note', text: 'local' });
    const remote = [
      {
        v: 1,
        id: 'aaa-early',
        ts: '2026-11-23T09:59:00.000Z',
        actor: 'bob',
        kind: 'note',
        text: 'before declaring',
      },
      {
        v: 1,
        id: 'zzz-later',
        ts: new Date(Date.parse(mine.ts) + 1000).toISOString(),
        actor: 'bob',
        kind: 'note',
        text: 'later',
      },
    ] as IncidentEvent[];
    expect(j.importEvents([...remote, remote[0]!, mine])).toBe(2);
    expect(j.importEvents(remote)).toBe(0);
    // The declaration first, then time, then id; file order kept apart.
    expect(j.events.map((e) => e.id)).toEqual([j.events[0]!.id, 'aaa-early', mine.id, 'zzz-later']);
    expect(j.arrived.map((e) => e.id)).toEqual([j.events[0]!.id, mine.id, 'aaa-early', 'zzz-later']);
    expect(loadJournal(j.path).events.map((e) => e.id)).toEqual(j.events.map((e) => e.id));
    // Same time: the id decides, whatever the arrival order.
    const t = '2026-11-23T11:00:00.000Z';
    j.importEvents([
      { v: 1, id: 'm-2', ts: t, actor: 'c', kind: 'severity', from: 'SEV2', to: 'SEV3' },
      { v: 1, id: 'm-1', ts: t, actor: 'b', kind: 'severity', from: 'SEV2', to: 'SEV1' },
    ] as IncidentEvent[]);
    expect(reduce(j.events)?.severity).toBe('SEV3');
    j.close();
  });
});
