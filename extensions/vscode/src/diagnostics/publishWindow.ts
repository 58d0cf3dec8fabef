/**
 * Collects the files that changes name and hands them over once per window: a burst of store
 * changes names the same files again and again, and each publish sends a file's whole list of
 * diagnostics to the workbench. A fixed window, not a debounce, so a steady stream of changes
 * still shows every `windowMs`. Plain data and a timer, so it is tested without VS Code.
 */
export class PublishWindow {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly windowMs: number,
    /** Called with each file once per window, in the order they were first named. */
    private readonly publish: (files: readonly string[]) => void,
  ) {}

  /** Adds files to the current window, opening one when none is. */
  add(files: Iterable<string>): void {
    if (this.disposed) return;
    for (const f of files) this.pending.add(f);
    if (this.pending.size === 0 || this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.windowMs);
  }

  /** Hands over what the window holds now (nothing when it holds nothing). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed || this.pending.size === 0) return;
    const files = [...this.pending];
    this.pending.clear();
    this.publish(files);
  }

  /** Whether a window is open (files wait to be published). */
  get waiting(): boolean {
    return this.pending.size > 0;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
