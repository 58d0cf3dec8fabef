// Timing helpers for the benchmarks: medians of repeated runs after a warm-up, so one GC pause
// or JIT tier-up does not decide a ratio.

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median wall time in ms of `fn` over `runs` runs, after `warmup` unmeasured runs. */
export function timeMedian(fn: () => unknown, runs = 5, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** `global.gc` when node runs with --expose-gc (npm run bench does), else a no-op. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Samples heap and RSS while the benchmarks run; the peaks go into the report. */
export class PeakMemory {
  private heap = 0;
  private rss = 0;
  private readonly timer = setInterval(() => this.sample(), 20);

  sample(): void {
    const m = process.memoryUsage();
    this.heap = Math.max(this.heap, m.heapUsed);
    this.rss = Math.max(this.rss, m.rss);
  }

  stop(): { heapMB: number; rssMB: number } {
    clearInterval(this.timer);
    this.sample();
    return { heapMB: this.heap / 1024 / 1024, rssMB: this.rss / 1024 / 1024 };
  }
}

/** `offline-load: 1.21x (goal ≤ 1.3)`: the exact line format scripts read. */
export function ratioLine(name: string, ratio: number, goal: number): string {
  return `${name}: ${ratio.toFixed(2)}x (goal ≤ ${Number.isInteger(goal) ? goal.toFixed(1) : goal})`;
}
