// One doctor check result: which backend, what was checked, whether it passed, and how to fix.
export type CheckLevel = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  backend: string;
  check: string;
  level: CheckLevel;
  /** What was seen, in words (redacted). */
  detail: string;
  /** How to fix it, when it is not ok. */
  fix?: string;
  /** A failed required check makes `warroom doctor` exit non-zero. */
  required: boolean;
}

export type Check = (push: (r: Omit<CheckResult, 'backend'>) => void) => Promise<void>;
