// The caches' shared strings (src/data/kubernetes/intern.ts): values are unchanged, the object's
// own name and ids stay out of the table, and the table stays bounded however many strings pass.
import { describe, expect, it, vi } from 'vitest';
import {
  intern,
  internDeep,
  internedCount,
  internLater,
  internPending,
} from '../../src/data/kubernetes/intern.js';
import { slim } from '../../src/data/kubernetes/cache.js';

const pod = (i: number) =>
  JSON.parse(
    JSON.stringify({
      metadata: {
        name: `web-${i}`,
        namespace: 'shop',
        uid: `uid-${i}`,
        resourceVersion: String(1000 + i),
        labels: { app: 'web', 'pod-template-hash': '5d9f' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d9f', uid: 'rs-uid' }],
      },
      spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'shop/web:1.2' }] },
      status: {
        phase: 'Running',
        podIP: `10.0.0.${i % 250}`,
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-12-01T00:00:00Z' }],
      },
    }),
  );

describe('intern (one copy of each repeated string)', () => {
  it('leaves every value as it was', () => {
    const a = pod(1);
    const copy = structuredClone(a);
    internDeep(a);
    expect(a).toEqual(copy);
    expect(slim(pod(2))).toEqual(slim(structuredClone(pod(2))));
  });

  it('keeps names and ids unique to one object out of the table', () => {
    internDeep(pod(0));
    const before = internedCount();
    for (let i = 1; i <= 500; i++) internDeep(pod(i));
    // Every repeated value was already there; web-N, uid-N, the resourceVersions and pod IPs are
    // not entered.
    expect(internedCount()).toBe(before);
  });

  it('shares the name of an owner or a container, which repeat', () => {
    const before = internedCount();
    internDeep({ metadata: { name: 'x-1', ownerReferences: [{ name: 'owner-only-here' }] } });
    expect(internedCount()).toBe(before + 1);
  });

  it("internLater shares a list's strings on later turns, leaving the values as they were", async () => {
    const list = Array.from({ length: 3000 }, (_, i) => pod(10_000 + i));
    const copy = structuredClone(list);
    internLater(list);
    expect(internPending()).toBe(true);
    await vi.waitFor(() => expect(internPending()).toBe(false), { timeout: 10_000 });
    expect(list).toEqual(copy);
  });

  it('stays bounded, and long strings are not entered', () => {
    for (let i = 0; i < 250_000; i++) intern(`value-${i}`);
    expect(internedCount()).toBeLessThanOrEqual(100_000);
    const before = internedCount();
    intern('x'.repeat(65));
    expect(internedCount()).toBe(before);
  });
});
