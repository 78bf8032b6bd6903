// Wait on conditions, never on fixed sleeps: poll a predicate until a deadline, and on
// failure say what was expected and show the last thing seen. The deadline is on the monotonic
// clock, so a test that steps the wall clock still waits as long as it says.
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  ok: (v: T) => boolean,
  {
    timeoutMs = 10_000,
    intervalMs = 50,
    what = 'condition',
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (ok(last)) return last;
    if (performance.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last seen:\n${typeof last === 'string' ? last : JSON.stringify(last, null, 2)}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
