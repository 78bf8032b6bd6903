// `warroom export --format html` from the command line, on a journal in a temporary state
// directory without a recording: the page has the review and the journal's marks on a timeline
// chart; the Markdown review is unchanged (its charts, from a recording, are tested with a
// drill's samples in review.test.ts).
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRunbookHome } from '../helpers/cli.js';
import { runbookIncident } from './fixture.js';

const runbook = useRunbookHome('warroom-review-cli-', runbookIncident);
const { warroom } = runbook;

describe('warroom export with pictures', () => {
  it('--format html: one page with the review and the timeline chart', () => {
    const r = warroom('export', '2024-01-15-001', '--format', 'html');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout).toContain('<h1>Post-Incident Review: API Errors Elevated</h1>');
    expect(r.stdout).toContain('No recording of this incident: the timeline shows the journal');
    expect(r.stdout.match(/<svg /g)?.length).toBe(1);
    expect(r.stdout).not.toMatch(/<script/i);
  });

  it('--format html -o: the page written privately', () => {
    const out = join(runbook.home, 'review.html');
    const r = warroom('export', '--format', 'html', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('-o review.md without a recording: the Markdown review as before, no charts folder', () => {
    mkdirSync(join(runbook.home, 'out'));
    const out = join(runbook.home, 'out', 'review.md');
    const r = warroom('export', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('charts in');
    expect(readFileSync(out, 'utf8')).not.toContain('## Charts');
    expect(existsSync(join(runbook.home, 'out', 'review-charts'))).toBe(false);
  });

  it('refuses an unknown format', () => {
    const r = warroom('export', '--format', 'pdf');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('md, html or json');
  });
});
