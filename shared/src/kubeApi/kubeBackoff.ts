/** Delays of the reconnect loop of a watch. */
export interface BackoffOptions {
  /** First delay in ms (default 500). */
  readonly initialMs?: number;
  /** Longest delay in ms (default 30 s). */
  readonly maxMs?: number;
}

// A server's `Retry-After` is honoured up to this long; a larger one (a misconfigured proxy) must
// not silence a watch for hours.
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * Exponential backoff with jitter: the n-th wait is uniform in [d/2, d] with d = initial·2ⁿ capped
 * at max, so many clients that lost the same API server do not come back in lockstep (client-go's
 * reflector backs off alike, from 800 ms to 30 s with jitter, `NewExponentialBackoffManager`).
 */
export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 30_000;
  }

  /** The next delay, advancing the attempt count. */
  next(): number {
    const d = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return d / 2 + Math.random() * (d / 2);
  }

  /** After a success: the next failure waits the initial delay again. */
  reset(): void {
    this.attempt = 0;
  }

  /**
   * Waits the next delay, or `atLeastMs` when the server asked for longer (`Retry-After`);
   * resolves early (without throwing) when `signal` aborts.
   */
  wait(signal: AbortSignal, atLeastMs = 0): Promise<void> {
    return delay(Math.max(this.next(), Math.min(atLeastMs, MAX_RETRY_AFTER_MS)), signal);
  }
}

/** Waits `ms`; resolves early when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
