// The drill incident that `warroom demo` declares, against the real demo environment (without
// PostgreSQL and Redis, which this test does not need): the timeline says a drill started
// but does not give its answer away; `--hints` (DrillOptions.hints) puts the expected
// mitigation and the scenario's details on it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoEnv, type DemoEnv } from '../../src/demo/environment.js';
import { startDrill, type Drill } from '../../src/demo/index.js';
import type { Scenario } from '../../src/demo/scenario.js';
import { createAppStore } from '../../src/store/store.js';

let env: DemoEnv | undefined;
let drill: Drill | undefined;
let dir: string | undefined;

afterEach(async () => {
  await drill?.stop();
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  drill = env = dir = undefined;
});

const scenario: Scenario = {
  name: 'quiet-fault',
  title: 'A fault for this test',
  summary: 'something breaks',
  mitigation: 'the secret answer',
  details: () => 'the secret detail',
  start: () => () => undefined,
};

async function notes(hints: boolean | undefined): Promise<string[]> {
  env = await startDemoEnv({ speed: 10, postgresUrl: null, redisUrl: null, privateRedis: false });
  dir = mkdtempSync(join(tmpdir(), 'warroom-drill-'));
  env.config.incident = { ...env.config.incident!, stateDir: dir };
  drill = await startDrill(createAppStore(), env, scenario, hints === undefined ? undefined : { hints });
  return (drill.controller.state?.events ?? []).flatMap((e) => (e.kind === 'note' ? [e.text] : []));
}

describe('the drill incident', () => {
  it('says the drill started without giving the fix away', async () => {
    const n = await notes(undefined);
    expect(n.join('\n')).toContain('DRILL started: scenario quiet-fault.');
    expect(n.join('\n')).not.toMatch(/Expected mitigation|the secret answer|DRILL details|the secret detail/);
  });

  it('with hints, notes the expected mitigation and the details', async () => {
    const n = await notes(true);
    expect(n).toContain('DRILL started: scenario quiet-fault. Expected mitigation: the secret answer.');
    expect(n).toContain('DRILL details: the secret detail');
  });
});
