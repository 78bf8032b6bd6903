// `warroom incidents` and `warroom export` from the command line, on a journal written to a
// temporary state directory: the Markdown review matches the golden file byte for byte.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRunbookHome } from '../helpers/cli.js';
import { runbookIncident } from './fixture.js';

const runbook = useRunbookHome('warroom-cli-', runbookIncident);
const { warroom } = runbook;

describe('warroom export / incidents', () => {
  it('lists incidents', () => {
    const r = warroom('incidents');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ID +STATUS +SEVERITY +STARTED \(UTC\) +DURATION +EVENTS +TITLE$/m);
    expect(r.stdout).toMatch(
      /^2024-01-15-001 +resolved +SEV 2 +2024-01-15 14:30 +45 minutes +21 +API Errors Elevated$/m,
    );
  });

  it('exports the review exactly as the golden file, to stdout and to a file', () => {
    const golden = readFileSync(join(__dirname, 'golden', 'review.md'), 'utf8');
    const r = warroom('export', '2024-01-15-001');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(golden);
    const out = join(runbook.home, 'review.md');
    expect(warroom('export', '-o', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(golden);
    const json = JSON.parse(warroom('export', '--format', 'json').stdout);
    expect(json.incident).toBe('2024-01-15-001');
  });

  it('reports a torn last line and exports every earlier event', () => {
    const path = join(runbook.home, 'state', 'warroom', 'incidents', '2024-01-15-001.jsonl');
    appendFileSync(path, '{"v":1,"id":"torn","ts":"2024-01-15T15');
    const r = warroom('export');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/line 22: torn last line \(\d+ bytes, no newline\) \(skipped\)/);
    expect(r.stdout).toContain('| 15:15:00 | Incident resolved: Increased connection pool size to 50 |');
  });

  it('unknown incident and bad format: one line, exit 2', () => {
    const r = warroom('export', '2099-01-01-001');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no incident 2099-01-01-001/);
    const f = warroom('export', '--format', 'pdf');
    expect(f.status).toBe(2);
  });
});
