// `warroom replay` end to end in tmux: a bad-deploy drill (WARROOM_DEMO_SPEED=10) healed by a
// rollout undo from the palette, then the console on its recording, with the drill's
// simulators gone: crash-looping pods at the detection, running at the end; the seek keys; the
// header says REPLAY; q quits cleanly.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { warroomCmd } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';
import { Recording } from '../../src/incident/recording/reader.js';
import { recordingPath } from '../../src/incident/recording/format.js';
import type { PodsData } from '../../src/data/kubernetes/types.js';
import { podStatus } from '../../src/data/kubernetes/status.js';
import { confirm, fillField, focus, killAll, palette, selectRow, startDemo } from '../demo/tmux-drill.js';

afterEach(() => killAll());

/** Whether the recorded pods crash-loop at `t` (epoch ms). */
const crashingAt = (rec: Recording, t: number) =>
  ((rec.at(t)['k8s.pods']?.data as PodsData | undefined)?.pods ?? []).some(
    (p) => podStatus(p).reason === 'CrashLoopBackOff',
  );

describe('warroom replay in tmux', () => {
  it('replays a drill: crash-looping before the rollback, running after, with every backend gone', async () => {
    const t = await startDemo('', {}, { cols: 120, rows: 40 });
    await t.waitFor((x) => /CrashLoopBackOff/.test(x) && x.includes('endpoints DOWN'), {
      what: 'crash-looping backend pods and the API down',
      timeoutMs: 30_000,
    });
    // `--at` has a second's resolution: roll back only once the recording holds a whole second
    // with the pods crash-looping (a fast rollback could otherwise come within the same second).
    const dir = join(t.home, 'state', 'warroom', 'incidents');
    await waitFor(
      async () => {
        const name = readdirSync(dir).find((f) => f.endsWith('.jsonl'));
        if (!name) return false;
        const rec = await Recording.load(recordingPath(join(t.home, 'state', 'warroom'), name.slice(0, -6)));
        if (rec.start === undefined || rec.end === undefined) return false;
        for (let sec = Math.ceil(rec.start / 1000) * 1000; sec <= rec.end; sec += 1000)
          if (crashingAt(rec, sec)) return true;
        return false;
      },
      (ok) => ok,
      { what: 'a recorded second with crash-looping pods', timeoutMs: 30_000, intervalMs: 250 },
    );
    await focus(t, '2', 'Deployments');
    await selectRow(t, 'backend', 4);
    await palette(t, 'undo', 'web3-marketplace/backend');
    await fillField(t, 'Revision', undefined);
    await confirm(t, 'backend');
    // Healed on screen, pods too (the API can answer before the pods pane has the new pods), so
    // that the recording's last moment is the healed one.
    await t.waitFor(
      (x) => /● all \d+ endpoints up|Health ● \d+ up/.test(x) && !x.includes('CrashLoopBackOff'),
      {
        what: 'the API healthy again and no pod crash-looping',
        timeoutMs: 40_000,
      },
    );
    t.send('q');
    await t.waitForText('exit=0', 20_000);

    // A second before the rollback whose recorded pods crash-loop (read with the reader); the
    // replay starts there.
    const id = readdirSync(dir)
      .find((f) => f.endsWith('.jsonl'))!
      .slice(0, -6);
    const events = readFileSync(join(dir, `${id}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { kind: string; ts: string; action?: string });
    const rollback = Date.parse(events.find((e) => e.kind === 'action')!.ts);
    const rec = await Recording.load(recordingPath(join(t.home, 'state', 'warroom'), id));
    expect(rec.problems).toEqual([]);
    const crashing = (sec: number) => crashingAt(rec, sec);
    let sec = Math.ceil(rec.start! / 1000) * 1000;
    while (sec < rollback && !crashing(sec)) sec += 1000;
    expect(sec, 'a recorded second with crash-looping pods before the rollback').toBeLessThan(rollback);
    const at = new Date(sec).toISOString().slice(11, 19);

    t.run(`clear; ${warroomCmd(`replay ${id} --at ${at}`)}; echo "exit=$?"`);
    const before = await t.waitFor((x) => x.includes(`REPLAY ${at}`) && x.includes('CrashLoopBackOff'), {
      what: `the replay at ${at}: crash-looping pods`,
    });
    expect(before).toContain('READ-ONLY');
    expect(before).toMatch(/Space play\/pause/);
    t.send('End');
    const after = await t.waitFor(
      (x) => !x.includes(`REPLAY ${at}`) && x.includes('REPLAY') && !x.includes('CrashLoopBackOff'),
      {
        what: 'the replay at the end: no crash-looping pod',
      },
    );
    expect(after).toMatch(/backen\S* +1\/1 Running/);
    // The timeline, zoomed: the journal with the replay's cursor.
    await focus(t, '9', 'Timeline');
    t.send('z');
    await t.waitFor((x) => x.includes('▶ REPLAY') && x.includes('Action: Rollout undo'), {
      what: 'the timeline with the cursor and the action',
    });
    t.send('z');
    t.send('Home');
    await t.waitFor((x) => /REPLAY \d\d:\d\d:\d\d ⏸ 1× \+0m00s/.test(x), { what: 'Home: the first moment' });
    t.send('q');
    await t.waitForText('exit=0', 20_000);
  }, 150_000);
});
