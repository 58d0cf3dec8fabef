/** Options of a {@link PublishWindow}. */
export interface PublishWindowOptions {
  /** The shortest window, and the first. */
  readonly windowMs: number;
  /** The longest a busy window grows to, so a burst still shows at least this often. */
  readonly maxWindowMs: number;
  /**
   * A window after a publish lasts at least this many times as long as that publish took, so
   * publishing takes at most 1 / (1 + factor) of the host's time however heavy a burst is.
   */
  readonly costFactor: number;
  /**
   * While changes keep coming, a file no editor shows waits until a whole window passes with no
   * change at all (the burst is over), or until it has waited this long: only the Problems panel
   * shows it, which then catches up this often, and each such file is handed over a few times in
   * a burst instead of once per window; a steady stream still shows this often. Default: no
   * waiting beyond the window.
   */
  readonly backgroundMs?: number;
  /**
   * No change for this long, or for four times the burst's usual gap between changes if that is
   * longer (at most `maxWindowMs`), ends a burst: the held files go then. Short, as the end of a
   * burst waits for nothing else; longer than the gaps within a burst (25 ms store batches, more
   * on a loaded machine), or the held files would go mid-burst and again at its end.
   * Default: the window.
   */
  readonly quietMs?: number;
}

/** Time and timers, so tests can move them by hand. */
export interface WindowClock {
  now(): number;
  /** Calls `fn` once `ms` have passed; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

const REAL_CLOCK: WindowClock = {
  now: () => performance.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * Collects the files that changes name and hands them over once per window: a burst of store
 * changes names the same files again and again, and each publish sends a file's whole list of
 * diagnostics to the workbench, which costs VS Code as much again to convert. A fixed window, not
 * a debounce, so a steady stream of changes still shows; a window grows with what the last publish
 * cost (up to `maxWindowMs`), so a host busy reading a burst publishes each file a few times in
 * all instead of once per window. Files in view (`inView`: an editor shows them) are published at
 * every window's end; the others wait for the burst to end, at most `backgroundMs`.
 * Plain data and a timer, so it is tested without VS Code.
 */
export class PublishWindow {
  /**
   * Each waiting file and when it was first named since its last publish. In insertion order, so
   * the first is the one that has waited longest.
   */
  private readonly pending = new Map<string, number>();
  /** Whether a waiting file is in view: kept as files come, so a burst of changes costs no scan. */
  private viewedWaiting = false;
  /** When the current window opened (files wait); its end is `windowStart + nextMs`. */
  private windowStart = 0;
  /** When a change last named a file: a window with none since means the changes stopped. */
  private lastNamedAt = -Infinity;
  /** The usual gap between changes lately (a moving average), to tell a pause from the end. */
  private gapMs = 0;
  /** Cancels the armed timer; `undefined` when none is armed. */
  private timer: (() => void) | undefined;
  private nextMs: number;
  private disposed = false;

  constructor(
    private readonly options: PublishWindowOptions,
    /** Called with files once per window, in the order they were first named. */
    private readonly publish: (files: readonly string[]) => void,
    private readonly clock: WindowClock = REAL_CLOCK,
    /** Whether someone sees the file now (an editor shows it): it is not held back in a burst. */
    private readonly inView: (file: string) => boolean = () => true,
  ) {
    this.nextMs = options.windowMs;
  }

  /** Adds files to the current window, opening one when none is. */
  add(files: Iterable<string>): void {
    if (this.disposed) return;
    const now = this.clock.now();
    const opening = this.pending.size === 0;
    for (const f of files) {
      if (this.pending.has(f)) continue;
      this.pending.set(f, now);
      if (!this.viewedWaiting && this.inView(f)) this.viewedWaiting = true;
    }
    if (this.pending.size === 0) return;
    if (opening) this.windowStart = now;
    const gap = now - this.lastNamedAt;
    // A gap longer than the longest window is no gap within a burst: a new one starts.
    this.gapMs = gap > this.options.maxWindowMs ? 0 : this.gapMs * 0.8 + gap * 0.2;
    this.lastNamedAt = now;
    this.arm();
  }

  /** Hands over everything waiting now (nothing when nothing waits). */
  flush(): void {
    this.hand([...this.pending.keys()]);
  }

  /** What `inView` answers changed (an editor was opened or closed): the window's end may move. */
  viewChanged(): void {
    this.viewedWaiting = this.anyInView();
    this.arm();
  }

  /** Whether files wait to be published. */
  get waiting(): boolean {
    return this.pending.size > 0;
  }

  /** How long the next window will last. */
  get windowMs(): number {
    return this.nextMs;
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.();
    this.timer = undefined;
    this.pending.clear();
  }

  /**
   * Sets the timer for the current window's end when a file in view waits; else for the moment
   * the changes have stopped for a window, or the longest-waiting file has waited `backgroundMs`.
   */
  private arm(): void {
    this.timer?.();
    this.timer = undefined;
    if (this.disposed || this.pending.size === 0) return;
    const windowEnd = this.windowStart + this.nextMs;
    let at = windowEnd;
    if (!this.viewedWaiting) {
      const longest = this.pending.values().next().value ?? this.windowStart;
      // The end of the changes is not held to the window: nothing follows it to make room for.
      at = Math.min(this.lastNamedAt + this.quietMs(), Math.max(windowEnd, longest + this.backgroundMs()));
    }
    this.timer = this.clock.after(Math.max(0, at - this.clock.now()), () => this.tick());
  }

  private tick(): void {
    this.timer = undefined;
    // A timer may fire a little early; what is due within a millisecond goes now.
    const now = this.clock.now() + 1;
    const quiet = now >= this.lastNamedAt + this.quietMs();
    // Held files that would be due within the next window go with these, not in a window of their own.
    const heldUntil = now + this.nextMs - this.backgroundMs();
    const files = [...this.pending]
      .filter(([file, since]) => quiet || since <= heldUntil || this.inView(file))
      .map(([file]) => file);
    this.hand(files);
  }

  /** Publishes these waiting files, widens the next window by what that cost, opens it if files wait. */
  private hand(files: readonly string[]): void {
    this.timer?.();
    this.timer = undefined;
    if (this.disposed) return;
    for (const f of files) this.pending.delete(f);
    this.viewedWaiting = this.anyInView();
    if (files.length > 0) {
      const started = this.clock.now();
      this.publish(files);
      const { windowMs, maxWindowMs, costFactor } = this.options;
      this.nextMs = Math.min(maxWindowMs, Math.max(windowMs, (this.clock.now() - started) * costFactor));
    }
    this.windowStart = this.clock.now();
    this.arm();
  }

  private anyInView(): boolean {
    for (const file of this.pending.keys()) if (this.inView(file)) return true;
    return false;
  }

  private quietMs(): number {
    const least = this.options.quietMs ?? this.nextMs;
    return Math.max(least, Math.min(this.options.maxWindowMs, 4 * this.gapMs));
  }

  private backgroundMs(): number {
    return Math.max(this.nextMs, this.options.backgroundMs ?? 0);
  }
}
