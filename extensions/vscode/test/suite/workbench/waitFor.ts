/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** What is awaited, for the timeout message ("diagnostics on deployment.yaml"). */
  readonly what: string;
  readonly timeoutMs?: number;
  /** Between two probes; a probe is cheap (an API call or one request to the UI driver). */
  readonly intervalMs?: number;
}

/**
 * Probes until `done(value)` holds and returns that value; rejects after the timeout with what was
 * awaited and the last value seen, which is what a failing test needs to say. Never a fixed sleep:
 * it returns as soon as the condition holds.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  { what, timeoutMs = 20_000, intervalMs = 100 }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const seen = lastError ? `last probe failed: ${String(lastError)}` : `last seen: ${show(last)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
