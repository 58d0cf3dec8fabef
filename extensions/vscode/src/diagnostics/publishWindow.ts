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
}

/**
 * Collects the files that changes name and hands them over once per window: a burst of store
 * changes names the same files again and again, and each publish sends a file's whole list of
 * diagnostics to the workbench. A fixed window, not a debounce, so a steady stream of changes
 * still shows; a window grows with what the last publish cost (up to `maxWindowMs`), so a host
 * busy reading a burst publishes each file a few times in all instead of once per window.
 * Plain data and a timer, so it is tested without VS Code.
 */
export class PublishWindow {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private nextMs: number;
  private disposed = false;

  constructor(
    private readonly options: PublishWindowOptions,
    /** Called with each file once per window, in the order they were first named. */
    private readonly publish: (files: readonly string[]) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.nextMs = options.windowMs;
  }

  /** Adds files to the current window, opening one when none is. */
  add(files: Iterable<string>): void {
    if (this.disposed) return;
    for (const f of files) this.pending.add(f);
    if (this.pending.size === 0 || this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.nextMs);
  }

  /** Hands over what the window holds now (nothing when it holds nothing). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed || this.pending.size === 0) return;
    const files = [...this.pending];
    this.pending.clear();
    const started = this.now();
    this.publish(files);
    const { windowMs, maxWindowMs, costFactor } = this.options;
    this.nextMs = Math.min(maxWindowMs, Math.max(windowMs, (this.now() - started) * costFactor));
  }

  /** Whether a window is open (files wait to be published). */
  get waiting(): boolean {
    return this.pending.size > 0;
  }

  /** How long the next window will last. */
  get windowMs(): number {
    return this.nextMs;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
