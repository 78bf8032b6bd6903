// A fixed-capacity ring buffer: pushing past capacity overwrites the oldest item. Memory is
// bounded by the capacity whatever the incident's length.
export class Ring<T> {
  private readonly buf: (T | undefined)[];
  private head = 0;
  private count = 0;
  constructor(readonly capacity: number) {
    if (!(capacity > 0)) throw new Error('ring capacity must be positive');
    this.buf = new Array<T | undefined>(capacity);
  }

  /** Adds an item; returns the evicted oldest item when full. */
  push(item: T): T | undefined {
    const evicted = this.count === this.capacity ? this.buf[this.head] : undefined;
    this.buf[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    return evicted;
  }

  get size(): number {
    return this.count;
  }

  /** The i-th newest item (0 = newest). */
  fromNewest(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.buf[(this.head - 1 - i + this.capacity * 2) % this.capacity];
  }

  newest(): T | undefined {
    return this.fromNewest(0);
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = this.count - 1; i >= 0; i--) out.push(this.fromNewest(i)!);
    return out;
  }

  clear(): void {
    this.buf.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
