// Events as the API server keeps them: a repeated event (same object, type, reason and
// message) is folded into one with a count and lastTimestamp; beyond MAX_EVENTS the oldest
// tenth is dropped.
import { KEYS } from './objects.js';
import type { ObjectStore } from './store.js';
import { clone, hex, isoSeconds, type Rng } from './util.js';

const MAX_EVENTS = 5000;

export class EventLog {
  private fold = new Map<string, string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly rng: Rng,
  ) {}

  add(
    ns: string,
    involved: { kind: string; name: string; uid?: string; apiVersion?: string },
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component = 'warroom-sim',
  ): void {
    const key = `${ns}\0${involved.kind}\0${involved.name}\0${type}\0${reason}\0${message}`;
    const now = isoSeconds();
    const existingName = this.fold.get(key);
    const existing = existingName ? this.store.get(KEYS.events, ns, existingName) : undefined;
    if (existing) {
      const ev = clone(existing);
      ev.count = (ev.count ?? 1) + 1;
      ev.lastTimestamp = now;
      this.store.put(KEYS.events, ev);
      return;
    }
    const name = `${involved.name}.${hex(this.rng, 16)}`;
    this.fold.set(key, name);
    this.store.put(KEYS.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        kind: involved.kind,
        namespace: ns,
        name: involved.name,
        ...(involved.uid ? { uid: involved.uid } : {}),
        apiVersion:
          involved.apiVersion ?? (['Deployment', 'ReplicaSet'].includes(involved.kind) ? 'apps/v1' : 'v1'),
      },
      reason,
      message,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: '',
    });
    if (this.store.count(KEYS.events) > MAX_EVENTS) {
      const oldest = this.store
        .list(KEYS.events)
        .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .slice(0, MAX_EVENTS / 10);
      for (const e of oldest) this.store.remove(KEYS.events, e.metadata.namespace, e.metadata.name);
      const live = new Set(this.store.list(KEYS.events).map((e) => e.metadata.name));
      for (const [k, v] of this.fold) if (!live.has(v)) this.fold.delete(k);
    }
  }
}
