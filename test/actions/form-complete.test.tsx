// The parameter form's completion in the real App (ink-testing-library) with a fake operation
// whose field offers words: they are listed under the field, Tab completes the word being typed
// to what its candidates share (and stays on the field while several still match), and moves
// to the next field once nothing is left to complete.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { createAppStore, setSlice } from '../../src/store/store.js';
import { setSelection } from '../../src/store/selection.js';
import { configSchema } from '../../src/config/schema.js';
import { registerOp } from './helpers.js';
import { defineOperation, type Operation, type Params } from '../../src/ops/operation.js';
import { complete } from '../../src/actions/complete.js';
import { KEY, press, waitForFrame } from '../helpers/frame.js';

let planned: Params[];
let op: Operation;
let remove: () => void;

beforeEach(() => {
  planned = [];
  op = defineOperation({
    id: 'fake.set-env',
    title: 'Fake set env',
    backend: 'kubernetes',
    risk: 'disruptive',
    params: [
      {
        name: 'env',
        label: 'KEY=VALUE',
        kind: 'text',
        complete: async () => [
          { word: 'FEATURE_X_ENABLED=', note: 'true' },
          { word: 'DB_POOL_SIZE=', note: '20' },
          { word: 'DB_PASSWORD=', note: '(hidden)' },
        ],
      },
      { name: 'container', label: 'Container', kind: 'text' },
    ],
    appliesTo: (sel) =>
      sel.kind === 'endpoint'
        ? {
            backend: 'kubernetes',
            context: 'kind-dev',
            namespace: 'web',
            kind: 'deployment',
            name: 'backend',
            confirmName: 'backend',
          }
        : undefined,
    async plan(target, params) {
      planned.push(params);
      return { op: 'fake.set-env', target, params, risk: 'disruptive', impact: [], command: 'x' };
    },
    async run() {
      return { ok: true, detail: 'done' };
    },
  });
  remove = registerOp(op, 'health', 'E');
});
afterEach(() => remove());

it('completes on Tab: a shared prefix, stays while ambiguous, then the next field', async () => {
  const store = createAppStore('health');
  setSlice(store, 'config', () => configSchema.parse({}));
  setSelection(store, 'health', 'backend');
  const inst = render(<App store={store} onQuit={() => undefined} size={{ columns: 100, rows: 30 }} />);
  await waitForFrame(inst, (f) => f.includes('Health'));
  await press(inst.stdin, 'E');
  let f = await waitForFrame(inst, (x) => x.includes('Fake set env') && x.includes('DB_POOL_SIZE=20'));
  expect(f).toContain('FEATURE_X_ENABLED=true');
  expect(f).toContain('DB_PASSWORD=(hidden)');
  await press(inst.stdin, ...'FEA', KEY.tab);
  await waitForFrame(inst, (x) => x.includes('KEY=VALUE: FEATURE_X_ENABLED='));
  await press(inst.stdin, ...'false DB', KEY.tab);
  await waitForFrame(inst, (x) => x.includes('FEATURE_X_ENABLED=false DB_P'));
  // Two names still match: Tab stays on the field, and only those two are listed.
  await press(inst.stdin, KEY.tab);
  f = await waitForFrame(inst, (x) => x.includes('› KEY=VALUE: FEATURE_X_ENABLED=false DB_P'));
  expect(f).toMatch(/known: DB_POOL_SIZE=20 {2}DB_PASSWORD=\(hidden\)/);
  expect(f).not.toContain('FEATURE_X_ENABLED=true');
  await press(inst.stdin, ...'O', KEY.tab);
  await waitForFrame(inst, (x) => x.includes('FEATURE_X_ENABLED=false DB_POOL_SIZE='));
  await press(inst.stdin, ...'50', KEY.tab, ...'api', KEY.enter);
  await waitForFrame(inst, () => planned.length > 0);
  expect(planned[0]).toEqual({ env: 'FEATURE_X_ENABLED=false DB_POOL_SIZE=50', container: 'api' });
  inst.unmount();
});

it('complete(): the word after the last space, to the longest shared prefix', () => {
  const c = [{ word: 'DB_POOL_SIZE=' }, { word: 'DB_PASSWORD=' }, { word: 'LOG_LEVEL=' }];
  expect(complete('LOG', c).value).toBe('LOG_LEVEL=');
  expect(complete('A=1 DB', c)).toMatchObject({ value: 'A=1 DB_P' });
  expect(complete('A=1 DB_P', c).matches).toHaveLength(2);
  expect(complete('X', c)).toEqual({ value: 'X', matches: [] });
  expect(complete('DB_POOL_SIZE=5', c).value).toBe('DB_POOL_SIZE=5');
});
