// Reading samples out of the Prometheus text exposition format (src/data/health/prometheus.ts).
import { describe, expect, it } from 'vitest';
import { findSamples, parseLine, parseSelector } from '../../src/data/health/prometheus.js';

const BODY = [
  '# HELP error_rate Share of requests answered with an error.',
  '# TYPE error_rate gauge',
  'error_rate{service="backend",region="eu"} 0.25',
  'error_rate{service="frontend",region="eu"} 0.001 1700000000000',
  'error_rate_total{service="backend"} 99',
  'weird{msg="a \\"quoted\\" value, with {braces}"} +Inf',
  'up 1',
  'broken{service="x" 3',
  '',
].join('\n');

describe('prometheus text format', () => {
  it('parses names, labels (with escapes), values and timestamps', () => {
    expect(parseLine('up 1')).toEqual({ name: 'up', labels: {}, value: 1 });
    expect(parseLine('error_rate{service="frontend",region="eu"} 0.001 1700000000000')).toEqual({
      name: 'error_rate',
      labels: { service: 'frontend', region: 'eu' },
      value: 0.001,
    });
    expect(parseLine('weird{msg="a \\"quoted\\" value, with {braces}"} +Inf')?.labels.msg).toBe(
      'a "quoted" value, with {braces}',
    );
    expect(parseLine('# TYPE up gauge')).toBeUndefined();
    expect(parseLine('broken{service="x" 3')).toBeUndefined();
    expect(parseLine('up notanumber')).toBeUndefined();
  });

  it('finds the samples whose labels include those of the selector, not longer names sharing its prefix', () => {
    const backend = findSamples(BODY, parseSelector('error_rate{service="backend"}'));
    expect(backend.map((s) => s.value)).toEqual([0.25]);
    expect(findSamples(BODY, parseSelector('error_rate')).length).toBe(2);
    expect(findSamples(BODY, parseSelector('error_rate{service="nope"}'))).toEqual([]);
    expect(() => parseSelector('{bad')).toThrow(/not a metric selector/);
  });
});
