// The incident feature inside the shell: the keys collide with nothing in the whole keymap;
// declare from the keyboard, a note, a status update marked sent, resolve and the header.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { useIncidents } from '../helpers/incident.js';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { isDialogScope, keymap } from '../../src/ui/keymap.js';
import { keys as incidentKeys } from '../../src/ui/incident/keys.js';
import { createAppStore, setSlice } from '../../src/store/store.js';
import { INCIDENT } from '../../src/incident/controller.js';
import { loadJournal } from '../../src/incident/journal.js';
import { HeaderIncident } from '../../src/ui/header-slots.js';
import { StoreContext } from '../../src/ui/hooks.js';
import { KEY, press, waitForFrame } from '../helpers/frame.js';

describe('incident keys', () => {
  it('no incident key is bound by any other scope (global keys lose to pane and list keys)', () => {
    for (const b of incidentKeys) {
      expect(b.scope).toBe('global');
      for (const k of b.keys) {
        const others = keymap.filter(
          (x) => !isDialogScope(x.scope) && x.command !== b.command && x.keys.includes(k),
        );
        expect(
          others.map((o) => `${o.scope}:${o.command}`),
          `key ${k}`,
        ).toEqual([]);
      }
    }
  });
});

const incident = useIncidents('console');
let inst: ReturnType<typeof render> | undefined;
afterEach(() => {
  inst?.unmount();
  inst = undefined;
});

async function type(stdin: { write(s: string): void }, text: string) {
  for (const ch of text) await press(stdin, ch);
}

describe('incident console', () => {
  it('declares from the keyboard, adds a note, marks an update sent, resolves', async () => {
    const { c: ctl, dir, store } = incident({ store: createAppStore('timeline') });
    inst = render(<App store={store} onQuit={() => undefined} size={{ columns: 160, rows: 40 }} />);
    await waitForFrame(inst, (f) => f.includes('no incident · ! declares one'));
    await press(inst.stdin, '!');
    await waitForFrame(inst, (f) => f.includes('Declare an incident'));
    await type(inst.stdin, 'API errors');
    await press(inst.stdin, KEY.tab, '1', KEY.tab);
    await type(inst.stdin, 'all users');
    await press(inst.stdin, KEY.enter);
    const f = await waitForFrame(inst, (f) => f.includes('▲ SEV 1') && f.includes('next update in 5m'));
    expect(f).toContain('API errors');
    const s = ctl.state!;
    expect(s.severity).toBe('SEV1');
    expect(s.impact).toBe('all users');
    expect(s.roles.ic).toBe('alice');

    await press(inst.stdin, 'n');
    await waitForFrame(inst, (f) => f.includes('Note — Enter adds it'));
    await type(inst.stdin, 'pods restarting');
    await press(inst.stdin, KEY.enter);
    await waitForFrame(inst, (f) => f.includes('pods restarting') && f.includes('2 events'));

    // Correct the note from the timeline (newest first: the note is selected).
    await press(inst.stdin, 'c');
    await waitForFrame(inst, (f) => f.includes('Correct a note') && f.includes('was: pods restarting'));
    await type(inst.stdin, 'api pods restarting');
    await press(inst.stdin, KEY.enter);
    await waitForFrame(inst, (f) => f.includes('✎ api pods restarting') && f.includes('correction of the'));

    // Filter by kind: detections (none yet), actions, then notes.
    await press(inst.stdin, 'f');
    await waitForFrame(inst, (f) => f.includes('showing detections') && f.includes('no detections yet'));
    await press(inst.stdin, 'f', 'f');
    await waitForFrame(
      inst,
      (f) =>
        f.includes('showing notes') &&
        f.includes('✎ api pods restarting') &&
        !f.includes('Incident declared'),
    );
    await press(inst.stdin, 'f', 'f', 'f');
    await waitForFrame(inst, (f) => f.includes('showing all') && f.includes('Incident declared'));

    await press(inst.stdin, 'u');
    await waitForFrame(inst, (f) => f.includes('pick a template'));
    await press(inst.stdin, '1');
    await waitForFrame(inst, (f) => f.includes('[INCIDENT] SEV 1 - API errors'));
    await press(inst.stdin, '\x13'); // Ctrl-S: copy, save, mark sent
    await waitForFrame(inst, (f) => f.includes('next update in 15m'));
    expect(readdirSync(join(dir, 'incidents', `${s.id}.updates`))).toHaveLength(1);

    // Escalating from the menu is recorded (the runbooks' level 2).
    await press(inst.stdin, '!');
    await waitForFrame(inst, (f) => f.includes('l  escalate to level 2'));
    await press(inst.stdin, 'l');
    await waitForFrame(inst, (f) => f.includes('escalated to level 2 (Senior engineer or team lead)'));

    await press(inst.stdin, '!');
    await waitForFrame(inst, (f) => f.includes('x  resolve'));
    await press(inst.stdin, 'x');
    await waitForFrame(inst, (f) => f.includes('Recovery checklist (live)'));
    // Nothing configured: nothing could be checked; the dialog says one Enter resolves anyway,
    // and one does (issue 12 item 12: it used to take a second Enter).
    await waitForFrame(inst, (f) => f.includes('checklist NOT passed — Enter resolves anyway'));
    await press(inst.stdin, KEY.enter);
    await waitForFrame(inst, (f) => f.includes('● RESOLVED'));
    const kinds = loadJournal(ctl.journal!.path).events.map((e) => e.kind);
    expect(kinds).toEqual([
      'declared',
      'note',
      'correction',
      'update',
      'escalation',
      'checklist',
      'resolved',
    ]);
  });
});

describe('header', () => {
  it('shows the next update due, then OVERDUE with a symbol and the minutes late', async () => {
    let now = Date.parse('2026-11-23T10:00:00Z');
    const { c: ctl, store } = incident({
      store: createAppStore('timeline'),
      options: () => ({ naming: 'P', now: () => now }),
    });
    ctl.declare({ title: 'Checkout down', severity: 'SEV1', impact: 'all', startedAt: now });
    const view = (at: number, room?: number) =>
      render(
        <StoreContext.Provider value={store}>
          <HeaderIncident now={at} room={room} />
        </StoreContext.Provider>,
      );
    const a = view(now + 60_000);
    expect(a.lastFrame()).toContain(
      '▲ P0 ⏱ next update in 4m · ⇧ L2 in 29m · Checkout down · Detection and Triage · 2026-11-23-001',
    );
    a.unmount();
    // Short of room: the phase and the id go whole, the severity, the update due and the title stay.
    const narrow = view(now + 60_000, 60);
    expect(narrow.lastFrame()).toBe('  ▲ P0 ⏱ next update in 4m · ⇧ L2 in 29m · Checkout down');
    narrow.unmount();
    // An 80-column drill leaves it 16 cells: the update due said short rather than cut.
    const drill = view(now + 60_000, 16);
    expect(drill.lastFrame()).toBe('  ▲ P0 ⏱ 4m');
    drill.unmount();
    const b = view(now + 8 * 60_000);
    expect(b.lastFrame()).toContain('✖ UPDATE OVERDUE 3m');
    b.unmount();
    const late = view(now + 8 * 60_000, 20);
    expect(late.lastFrame()).toBe('  ▲ P0  ✖ OVERDUE 3m');
    late.unmount();
    now += 9 * 60_000;
    ctl.markSent('initial', 'x');
    const c = view(now + 60_000);
    expect(c.lastFrame()).toContain('next update in 14m');
    c.unmount();
  });
  it('keeps who else is on a shared incident, whatever the length of its key times', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    const { c: ctl, store } = incident({
      store: createAppStore('timeline'),
      options: () => ({ now: () => now }),
    });
    // The e2e's incident (test/e2e/shared.e2e.test.ts), with a time to detect of a minute; ink's
    // test terminal is 100 columns wide.
    ctl.declare({ title: 'Checkout fails', severity: 'SEV2', impact: 'all', startedAt: now - 60_000 });
    setSlice(store, INCIDENT, (prev) => ({
      ...prev!,
      actor: 'bob@laptop',
      shared: {
        state: 'online',
        since: now,
        waiting: 0,
        pushed: 0,
        pulled: 0,
        present: [{ actor: 'alice@bastion-1', since: now - 30_000 }],
      },
    }));
    // 109 cells whole: the phase, the key times and the id go first, then since when alice is
    // there, then the escalation countdown, the title's tail and the end of who is there.
    for (const [room, line] of [
      [
        100,
        '  ▲ SEV 2 ⏱ next update in 5m · ⇧ L2 in 29m · Checkout fails · shared: live · with alice@bastion-1',
      ],
      [84, '  ▲ SEV 2 ⏱ next update in 5m · Checkout fails · shared: live · with alice@bastion-1'],
      [72, '  ▲ SEV 2 ⏱ next update in 5m · Checkout… · shared: live · with alice@b…'],
    ] as const) {
      const v = render(
        <StoreContext.Provider value={store}>
          <HeaderIncident now={now + 1000} room={room} />
        </StoreContext.Provider>,
      );
      expect(v.lastFrame()).toBe(line);
      v.unmount();
    }
  });
});
