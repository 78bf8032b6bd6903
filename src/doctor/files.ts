// The state directory (journals, exports, the action log): warns when others can read it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { incidentsDir, stateDir } from '../incident/journal.js';
import type { CheckResult } from './types.js';

type Push = (r: Omit<CheckResult, 'backend'>) => void;

const mode = (m: number) => (m & 0o777).toString(8).padStart(3, '0');

export async function checkStateFiles(config: Config, push: Push): Promise<void> {
  const state = stateDir(config.incident?.stateDir);
  if (!existsSync(state)) {
    push({
      check: `state directory ${state}`,
      level: 'ok',
      detail: 'not created yet (will be 0700)',
      required: false,
    });
    return;
  }
  const open: string[] = [];
  const look = (p: string) => {
    try {
      if (statSync(p).mode & 0o077) open.push(`${p} (${mode(statSync(p).mode)})`);
    } catch {
      // vanished meanwhile
    }
  };
  look(state);
  for (const dir of [state, incidentsDir(state)]) {
    if (!existsSync(dir)) continue;
    if (dir !== state) look(dir);
    for (const f of readdirSync(dir)) if (/\.(jsonl|rec|md|json|txt)$/.test(f)) look(join(dir, f));
  }
  push({
    check: `state directory ${state}`,
    level: open.length ? 'warn' : 'ok',
    detail: open.length
      ? `readable by others: ${open.slice(0, 3).join(', ')}${open.length > 3 ? ` +${open.length - 3} more` : ''}`
      : 'private to its owner',
    ...(open.length ? { fix: `chmod -R go-rwx ${state}` } : {}),
    required: false,
  });
}
