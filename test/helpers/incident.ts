// Incident controllers for tests, each on a temporary state directory with the defaults a
// responder gets (handle alice, SEV naming, the default cadence and thresholds; any option can
// be overridden), closed and their directory removed after each test of the file using them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { IncidentController, type IncidentOptions } from '../../src/incident/controller.js';
import { DEFAULT_THRESHOLDS } from '../../src/incident/detect.js';
import { DEFAULT_CADENCE } from '../../src/incident/model.js';
import { createAppStore, type AppStore } from '../../src/store/store.js';

export interface TestIncident {
  c: IncidentController;
  /** The state directory (journals under incidents/). */
  dir: string;
  store: AppStore;
}

/**
 * A maker of controllers for one test file (call it at the top level, before any afterEach
 * that must run first, e.g. unmounting a render: hooks after a test run last-registered first).
 */
export function useIncidents(
  prefix: string,
): (o?: { store?: AppStore; options?: (dir: string) => Partial<IncidentOptions> }) => TestIncident {
  const made: TestIncident[] = [];
  afterEach(() => {
    for (const m of made.splice(0)) {
      m.c.close();
      rmSync(m.dir, { recursive: true, force: true });
    }
  });
  return (o = {}) => {
    const dir = mkdtempSync(join(tmpdir(), `warroom-${prefix}-`));
    const store = o.store ?? createAppStore();
    const c = new IncidentController(store, {
      state: dir,
      actor: 'alice',
      naming: 'SEV',
      cadence: DEFAULT_CADENCE,
      thresholds: DEFAULT_THRESHOLDS,
      ...o.options?.(dir),
    });
    const m = { c, dir, store };
    made.push(m);
    return m;
  };
}
