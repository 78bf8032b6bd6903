// An in-memory terminal for ink in benchmarks: a stdout that records every write with its
// time, and a stdin that keys can be pressed on.
import { EventEmitter } from 'node:events';

export class Term extends EventEmitter {
  columns = 200;
  rows = 50;
  isTTY = true;
  writes: { at: number; text: string }[] = [];
  write = (s: string) => {
    this.writes.push({ at: performance.now(), text: s });
    if (this.writes.length > 2000) this.writes.splice(0, 1000);
    return true;
  };
}

export class In extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  press(s: string) {
    this.data = s;
    this.emit('readable');
    this.emit('data', s);
  }
}
