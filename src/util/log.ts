// A file logger. Nothing is ever written to the console while the UI owns the terminal.
// Set WARROOM_LOG=/path/file.log to enable; every line is redacted.
import { appendFileSync } from 'node:fs';
import { redact } from './redact.js';

const target = process.env.WARROOM_LOG;

export function log(level: 'debug' | 'info' | 'warn' | 'error', msg: string): void {
  if (!target) return;
  try {
    appendFileSync(target, `${new Date().toISOString()} ${level} ${redact(msg)}\n`);
  } catch {
    // logging must never break the console
  }
}
