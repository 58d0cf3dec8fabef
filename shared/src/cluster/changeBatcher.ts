import type { Disposable } from '../model/disposable.js';

/** One report that came, changed or went, within one {@link StoreChange}. */
export interface ReportChange {
  /** `Kind/namespace/name`, the store's report key (namespace empty for cluster-scoped kinds). */
  readonly key: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly change: 'added' | 'modified' | 'deleted';
}

/**
 * What changed in the store during one batch window. Views refresh only the nodes listed here;
 * a sync of 5,000 reports is one change event, not 5,000.
 */
export interface StoreChange {
  readonly reports: readonly ReportChange[];
  /** Workload keys (`workloadKey`) whose findings, counts or resolved owner changed. */
  readonly workloads: readonly string[];
  /** Namespaces whose findings or counts changed; `''` stands for cluster-scoped reports. */
  readonly namespaces: readonly string[];
  /** Report kinds (`VulnerabilityReport`) whose findings changed. */
  readonly kinds: readonly string[];
  /** Watch scopes (`Kind` or `Kind/namespace`) whose {@link KindStatus} changed. */
  readonly statuses: readonly string[];
}

// added+deleted within one window cancel out; deleted+added is a replacement.
const MERGE: Record<
  ReportChange['change'],
  Record<ReportChange['change'], ReportChange['change'] | undefined>
> = {
  added: { added: 'added', modified: 'added', deleted: undefined },
  modified: { added: 'modified', modified: 'modified', deleted: 'deleted' },
  deleted: { added: 'modified', modified: 'modified', deleted: 'deleted' },
};

/**
 * Collects changes and fires them at most `windowMs` after the first one of a window (not a
 * debounce: a steady stream of updates still produces an event every window, so latency stays
 * bounded by the window).
 */
export class ChangeBatcher implements Disposable {
  private reports = new Map<string, ReportChange>();
  private workloads = new Set<string>();
  private namespaces = new Set<string>();
  private kinds = new Set<string>();
  private statuses = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly windowMs: number,
    private readonly fire: (change: StoreChange) => void,
  ) {}

  report(change: ReportChange): void {
    const prev = this.reports.get(change.key);
    if (!prev) this.reports.set(change.key, change);
    else {
      const merged = MERGE[prev.change][change.change];
      if (merged) this.reports.set(change.key, { ...change, change: merged });
      else this.reports.delete(change.key);
    }
    this.schedule();
  }

  workload(key: string): void {
    this.workloads.add(key);
    this.schedule();
  }

  namespace(ns: string): void {
    this.namespaces.add(ns);
    this.schedule();
  }

  kind(kind: string): void {
    this.kinds.add(kind);
    this.schedule();
  }

  status(scope: string): void {
    this.statuses.add(scope);
    this.schedule();
  }

  /** Fires what is pending now (nothing when nothing is). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed || this.isEmpty()) return;
    const change: StoreChange = {
      reports: [...this.reports.values()],
      workloads: [...this.workloads],
      namespaces: [...this.namespaces],
      kinds: [...this.kinds],
      statuses: [...this.statuses],
    };
    this.reports = new Map();
    this.workloads = new Set();
    this.namespaces = new Set();
    this.kinds = new Set();
    this.statuses = new Set();
    this.fire(change);
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private isEmpty(): boolean {
    return (
      this.reports.size +
        this.workloads.size +
        this.namespaces.size +
        this.kinds.size +
        this.statuses.size ===
      0
    );
  }

  private schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => this.flush(), this.windowMs);
    // A pending batch alone must not keep a CLI process alive.
    this.timer.unref?.();
  }
}
