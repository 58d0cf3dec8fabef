import type { StoreChange } from '../cluster/changeBatcher.js';
import type { ClusterSession } from '../cluster/clusterSession.js';
import type { WorkloadInventory } from '../cluster/workloadInventory.js';
import { DisposableStore, Emitter, type Disposable, type Event } from '../model/disposable.js';
import { REPORT_KINDS } from '../model/reportKinds.js';
import {
  computeCoverage,
  DEFAULT_OPERATOR_NAMESPACE,
  DEFAULT_REPORT_TTL_MS,
  type CoverageOptions,
  type CoverageReport,
} from './coverage.js';

export interface ClusterCoverageOptions extends CoverageOptions {
  /** The time, in milliseconds since the epoch (default `Date.now`). */
  readonly clock?: () => number;
  /** Changes are announced at most this often (default 25 ms, as the store's). */
  readonly batchMs?: number;
}

/** Which namespaces' coverage may have changed; `all` when a status of a whole kind changed. */
export interface CoverageChange {
  readonly namespaces: readonly string[];
  readonly all: boolean;
}

// setTimeout's longest delay; a later expiry is looked at again then.
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The live coverage of one cluster session: starts watching the cluster's workloads (metadata
 * only) and announces when coverage may have changed — reports or workloads came, changed or went,
 * a listing's status changed, or a report passed its TTL (a timer set for the next expiry; nothing
 * polls). A host then asks {@link coverage} again, for everything or for the namespaces named.
 */
export class ClusterCoverage implements Disposable {
  private readonly emitter = new Emitter<CoverageChange>();
  readonly onDidChange: Event<CoverageChange> = this.emitter.event;
  private readonly disposables = new DisposableStore();
  private readonly inventory: WorkloadInventory;
  private readonly clock: () => number;
  private pending: { namespaces: Set<string>; all: boolean } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Expiry times of the reports the operator rescans, earliest first (a binary heap). */
  private readonly expiries: Array<{ readonly at: number; readonly namespace: string }> = [];
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly expiringKinds = new Set(
    REPORT_KINDS.filter((k) => k.coverage?.expires).map((k) => k.kind),
  );

  constructor(
    private readonly session: ClusterSession,
    private readonly options: ClusterCoverageOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.inventory = session.watchWorkloads({
      jobNamespaces: [options.operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE],
    });
    this.disposables.add(session.store.onDidChange((c) => this.onStoreChange(c)));
    this.disposables.add(this.inventory.onDidChange((c) => this.changed(c)));
    for (const kind of this.expiringKinds) for (const r of session.store.reports(kind)) this.addExpiry(r.key);
    this.armExpiry();
    this.disposables.add({
      dispose: () => {
        clearTimeout(this.timer);
        clearTimeout(this.expiryTimer);
      },
    });
  }

  /** The coverage now, of every namespace or of one. Plain data. */
  coverage(namespace?: string): CoverageReport {
    return computeCoverage(
      { workloads: this.inventory, reports: this.session.store },
      this.clock(),
      this.options,
      namespace,
    );
  }

  /** Resolves once the workload and report listings reported their first state. */
  whenSynced(): Promise<void> {
    return this.session.whenSettled();
  }

  dispose(): void {
    this.disposables.dispose();
    this.emitter.dispose();
  }

  private onStoreChange(c: StoreChange): void {
    for (const r of c.reports)
      if (r.change !== 'deleted' && this.expiringKinds.has(r.kind)) this.addExpiry(r.key);
    this.armExpiry();
    this.changed(c);
  }

  /** Collects the namespaces a store or inventory change touches; a status of a whole kind touches all. */
  private changed(c: StoreChange): void {
    if (c.namespaces.length === 0 && c.statuses.length === 0) return;
    const p = (this.pending ??= { namespaces: new Set(), all: false });
    for (const ns of c.namespaces) p.namespaces.add(ns);
    for (const scope of c.statuses) {
      const slash = scope.indexOf('/');
      if (slash < 0) p.all = true;
      else p.namespaces.add(scope.slice(slash + 1));
    }
    this.timer ??= setTimeout(() => this.fire(), this.options.batchMs ?? 25);
    this.timer.unref?.();
  }

  private fire(): void {
    this.timer = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (p) this.emitter.fire({ namespaces: [...p.namespaces].sort(), all: p.all });
  }

  private addExpiry(key: string): void {
    const r = this.session.store.report(key);
    const created = r?.created ? Date.parse(r.created) : NaN;
    if (!r || Number.isNaN(created)) return;
    const at = created + (r.ttlMs ?? this.options.reportTtlMs ?? DEFAULT_REPORT_TTL_MS);
    if (!Number.isFinite(at) || at <= this.clock()) return;
    heapPush(this.expiries, { at, namespace: r.namespace ?? '' });
  }

  /** Sets the timer for the earliest expiry still to come; what passed is announced. */
  private armExpiry(): void {
    const now = this.clock();
    const passed = new Set<string>();
    while (this.expiries.length > 0 && this.expiries[0]!.at <= now)
      passed.add(heapPop(this.expiries)!.namespace);
    if (passed.size > 0)
      this.changed({ reports: [], workloads: [], namespaces: [...passed], kinds: [], statuses: [] });
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    const next = this.expiries[0];
    if (!next) return;
    this.expiryTimer = setTimeout(
      () => this.armExpiry(),
      Math.min(MAX_DELAY_MS, Math.max(0, next.at - now) + 1),
    );
    this.expiryTimer.unref?.();
  }
}

function heapPush<T extends { readonly at: number }>(heap: T[], item: T): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.at <= heap[i]!.at) break;
    [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
    i = parent;
  }
}

function heapPop<T extends { readonly at: number }>(heap: T[]): T | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && heap[l]!.at < heap[m]!.at) m = l;
      if (r < heap.length && heap[r]!.at < heap[m]!.at) m = r;
      if (m === i) break;
      [heap[m], heap[i]] = [heap[i]!, heap[m]!];
      i = m;
    }
  }
  return top;
}
