// The simulator's store keeps each collection's ids sorted so that a list page costs the page:
// every page boundary, namespace and count checked against a sort of the whole collection,
// while objects come and go.
import { describe, expect, it } from 'vitest';
import { mulberry32 as random } from '../../src/sim/rng.js';
import { ObjectStore } from '../../src/sim/kube/store.js';

const KEY = 'pods';
// Namespaces whose names are prefixes of one another, or sort around '/'.
const NAMESPACES = ['a', 'a-b', 'ab', 'b', 'a.b'];

describe('sim store: sorted ids for list pages', () => {
  it('entriesAfter and countAfter agree with sorting everything, through adds and removes', () => {
    const store = new ObjectStore();
    const rnd = random(7);
    const live = new Set<string>();
    for (let step = 0; step < 3000; step++) {
      const ns = NAMESPACES[Math.floor(rnd() * NAMESPACES.length)]!;
      const name = `p${Math.floor(rnd() * 200)}`;
      const id = `${ns}/${name}`;
      if (live.has(id) && rnd() < 0.5) {
        store.remove(KEY, ns, name);
        live.delete(id);
      } else {
        store.put(KEY, { metadata: { namespace: ns, name } });
        live.add(id);
      }
      if (step % 97) continue;
      const all = [...live].sort();
      for (const namespace of [undefined, ...NAMESPACES]) {
        const inNs = namespace ? all.filter((x) => x.startsWith(`${namespace}/`)) : all;
        for (const after of ['', ...inNs.filter(() => rnd() < 0.1), 'a', 'a/', 'zzz']) {
          const want = inNs.filter((x) => x > after);
          expect([...store.entriesAfter(KEY, namespace, after)].map((e) => e[0])).toEqual(want);
          expect(store.countAfter(KEY, namespace, after)).toBe(want.length);
        }
        expect(store.entries(KEY, namespace).map((e) => e[0])).toEqual(inNs);
      }
    }
  });
});
