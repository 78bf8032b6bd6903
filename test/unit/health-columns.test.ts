import { describe, expect, it } from 'vitest';
import { toRow } from '../../src/panes/health/columns.js';

describe('health rows', () => {
  it('down endpoints rank first, with the reason, and state in words not only colour', () => {
    const now = 100_000;
    const down = toRow(
      {
        name: 'api',
        up: false,
        reason: 'HTTP 500 (expected 200)',
        httpStatus: 500,
        checkedAt: now,
        url: 'https://api/health',
        stateSince: now - 65_000,
      },
      now,
    );
    const up = toRow(
      {
        name: 'web',
        up: true,
        httpStatus: 200,
        latencyMs: 12,
        bodyStatus: 'healthy',
        checkedAt: now,
        url: 'https://web/health',
        stateSince: now - 5000,
      },
      now,
    );
    expect(down.rank).toBeLessThan(up.rank!);
    expect(down.cells).toEqual([
      'api',
      '✖ DOWN',
      '500',
      '—',
      '—',
      '1m',
      'HTTP 500 (expected 200) · https://api/health',
    ]);
    expect(up.cells.slice(0, 6)).toEqual(['web', '● up', '200', '12ms', 'healthy', '5s']);
    expect(down.tone).toBe('bad');
  });
});
