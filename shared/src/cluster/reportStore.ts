import { Emitter, type Disposable, type Event } from '../model/disposable.js';
import type { ReportKind } from '../model/reportKinds.js';
import { workloadKey } from '../model/workloadRef.js';
import type { KindStatus, KubeObject, ReportEvent } from '../ports/clusterSource.js';
import { readReportObject } from '../readers/reportObjects.js';
import { StringPool } from '../readers/stringPool.js';
import { ChangeBatcher, type StoreChange } from './changeBatcher.js';
import { FindingCompactor } from './findingCompactor.js';
import { ReportIndex } from './reportIndex.js';
import { hidden, statusInNamespace } from './scopeStatus.js';
import {
  buildStoredReport,
  reportKey,
  type BuildContext,
  type ReportReader,
  type StoredReport,
  type SubjectGroup,
} from './storedReport.js';
import { identityResolver, type WorkloadResolver } from './workloadResolver.js';

export type {
  CountScope,
  ImageSummary,
  NamespaceSummary,
  ReportSummary,
  WorkloadSummary,
} from './reportIndex.js';

export interface ReportStoreOptions {
  /** Turns one report object into findings; default `readReportObject` of `readers/reportObjects.ts`. */
  readonly read?: ReportReader;
  /** Lifts objects to workloads; by default every object is its own workload. */
  readonly resolver?: WorkloadResolver;
  /** Change events are batched over this many milliseconds (default 25). */
  readonly batchMs?: number;
  /** Keep passed checks as findings (`outcome: 'pass'`); they never count in the totals. */
  readonly includePassed?: boolean;
}

/** One list/watch: a kind, in one namespace or (undefined) in all namespaces / cluster scope. */
export interface WatchScope {
  readonly kind: ReportKind;
  readonly namespace?: string;
  /** The version being watched, when known (for messages and for deleting a report). */
  readonly version?: string;
}

/** Why a kind in a namespace is or is not shown; one entry per watch scope. */
export interface KindStatusEntry extends WatchScope {
  readonly status: KindStatus;
}

// Reset the string pool once this many findings were dropped and they outnumber the live ones.
const POOL_RESET_MIN = 100_000;

/**
 * The live findings of one cluster, fed by {@link ReportEvent}s (from a `ClusterSource`) and
 * read by the hosts' views. Keeps normalised, compacted findings — never raw objects — indexed by
 * workload, namespace, kind, image digest and check id, with severity counts per workload,
 * namespace and cluster updated incrementally. Changes are announced in batches on
 * {@link onDidChange}.
 *
 * A report that changes replaces its findings in one synchronous step; a (re)list replaces the
 * whole scope at once when its last page arrives, so a view never sees a half-synced scope.
 */
export class ReportStore extends ReportIndex implements Disposable {
  private readonly emitter: Emitter<StoreChange>;
  /** Fires once per batch window with everything that changed in it. */
  readonly onDidChange: Event<StoreChange>;

  private readonly resolver: WorkloadResolver;
  // The texts of all reports, interned by the readers as they read (see StringPool).
  private readonly strings = new StringPool();
  private readonly compactor = new FindingCompactor();
  private readonly build: BuildContext;
  private readonly statuses = new Map<string, KindStatusEntry>();
  private readonly staging = new Map<string, Map<string, StoredReport>>();
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private liveFindings = 0;
  private retiredFindings = 0;
  private disposed = false;

  constructor(options: ReportStoreOptions = {}) {
    // The batcher needs the emitter, which field initialisers only create after super().
    const emitter = new Emitter<StoreChange>();
    super(new ChangeBatcher(options.batchMs ?? 25, (c) => emitter.fire(c)));
    this.emitter = emitter;
    this.onDidChange = emitter.event;
    this.resolver = options.resolver ?? identityResolver;
    this.build = {
      read: options.read ?? readReportObject,
      strings: this.strings,
      compactor: this.compactor,
      includePassed: options.includePassed ?? false,
      joinKey: (id) => this.joinKey(id),
    };
  }

  // ---- feeding ----------------------------------------------------------------------------

  /** Applies one event of a `ClusterSource.watch` of `scope`. */
  apply(scope: WatchScope, event: ReportEvent): void {
    if (this.disposed) return;
    switch (event.type) {
      case 'page':
        this.stage(scope, event.objects, event.first);
        break;
      case 'synced':
        this.stage(scope, event.objects, event.first);
        this.commit(scope);
        break;
      case 'added':
      case 'modified':
        this.upsert(scope.kind, event.object);
        break;
      case 'deleted':
        this.remove(scope.kind, event.object);
        break;
      case 'status':
        this.setStatus(scope, event.status);
        break;
    }
  }

  /**
   * Records the status of a scope. `not-installed` and `forbidden` drop what the scope held:
   * the reports are gone, or this user may no longer see them. `unreachable` and `unauthorized`
   * (credentials to renew) keep them, stale but probably still true, until the watch is back.
   */
  setStatus(scope: WatchScope, status: KindStatus): void {
    if (this.disposed) return;
    const key = scopeKey(scope);
    const prev = this.statuses.get(key);
    const version = scope.version ?? prev?.version;
    const ns = scope.namespace;
    this.statuses.set(key, {
      kind: scope.kind,
      ...(ns !== undefined ? { namespace: ns } : {}),
      ...(version ? { version } : {}),
      status,
    });
    if (hidden(status)) {
      this.staging.delete(key);
      for (const r of this.inScope(scope)) {
        // An all-namespace scope that is forbidden may sit beside per-namespace watches that work
        // (the session's fallback); their reports stay.
        const narrower =
          scope.namespace === undefined
            ? this.statuses.get(scopeKey({ kind: scope.kind, namespace: r.namespace ?? '' }))
            : undefined;
        if (!narrower || hidden(narrower.status)) this.drop(r, true);
      }
    }
    if (!prev || !sameStatus(prev.status, status)) this.batcher.status(key);
  }

  /** Forgets a scope's status entry, e.g. when a fallback watch is stopped. */
  clearStatus(scope: WatchScope): void {
    if (this.statuses.delete(scopeKey(scope))) this.batcher.status(scopeKey(scope));
  }

  // ---- queries (see ReportIndex for the findings) -------------------------------------------

  /** One status per watch scope, in the order the scopes were first reported. */
  kindStatuses(): KindStatusEntry[] {
    return [...this.statuses.values()];
  }

  /**
   * The status that holds for a kind (by name) in one namespace (`''` for cluster scope): its
   * namespace's watch or the all-namespace one (`statusInNamespace`); `undefined` before either reported.
   */
  statusIn(kind: string, namespace: string): KindStatus | undefined {
    return statusInNamespace(
      this.statuses.get(`${kind}/${namespace}`)?.status,
      this.statuses.get(kind)?.status,
    );
  }

  /** Resolves once no owner lookup is pending, after firing any batched change. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) {
      this.batcher.flush();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Fires the pending batch now. */
  flush(): void {
    this.batcher.flush();
  }

  dispose(): void {
    this.disposed = true;
    this.batcher.dispose();
    this.emitter.dispose();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  // ---- internals ----------------------------------------------------------------------------

  private stage(scope: WatchScope, objects: readonly KubeObject[], first: boolean): void {
    const key = scopeKey(scope);
    let staged = first ? undefined : this.staging.get(key);
    if (!staged) this.staging.set(key, (staged = new Map()));
    for (const object of objects) {
      const k = reportKey(scope.kind.kind, object.metadata?.namespace, object.metadata?.name ?? '');
      const existing = this.reportsByKey.get(k);
      // A relist after 410 returns mostly unchanged objects: keep them instead of re-reading.
      const unchanged =
        existing?.resourceVersion !== undefined &&
        existing.resourceVersion === object.metadata?.resourceVersion;
      staged.set(k, unchanged ? existing : buildStoredReport(object, scope.kind, this.build));
    }
  }

  private commit(scope: WatchScope): void {
    const key = scopeKey(scope);
    const staged = this.staging.get(key) ?? new Map<string, StoredReport>();
    this.staging.delete(key);
    for (const r of this.inScope(scope)) if (!staged.has(r.key)) this.drop(r, true);
    for (const report of staged.values()) {
      const existing = this.reportsByKey.get(report.key);
      if (existing === report) continue;
      if (existing) this.drop(existing, false);
      this.insert(report, existing ? 'modified' : 'added');
    }
  }

  private upsert(kind: ReportKind, object: KubeObject): void {
    const key = reportKey(kind.kind, object.metadata?.namespace, object.metadata?.name ?? '');
    const existing = this.reportsByKey.get(key);
    if (
      existing?.resourceVersion !== undefined &&
      existing.resourceVersion === object.metadata?.resourceVersion
    )
      return;
    const report = buildStoredReport(object, kind, this.build);
    if (existing) this.drop(existing, false);
    this.insert(report, existing ? 'modified' : 'added');
  }

  private remove(kind: ReportKind, object: KubeObject): void {
    const existing = this.reportsByKey.get(
      reportKey(kind.kind, object.metadata?.namespace, object.metadata?.name ?? ''),
    );
    if (existing) this.drop(existing, true);
  }

  private *inScope(scope: WatchScope): Iterable<StoredReport> {
    for (const r of [...(this.byKind.get(scope.kind.kind) ?? [])]) {
      if (scope.namespace === undefined || r.namespace === scope.namespace) yield r;
    }
  }

  private insert(report: StoredReport, change: 'added' | 'modified'): void {
    this.index(report);
    for (const g of report.subjects) this.attach(g);
    this.liveFindings += report.findingCount;
    this.announce(report, change);
  }

  /** Takes a report out of every index; `announce` is false when a replacement follows at once. */
  private drop(report: StoredReport, announce: boolean): void {
    this.unindex(report);
    this.liveFindings -= report.findingCount;
    this.retiredFindings += report.findingCount;
    if (announce) this.announce(report, 'deleted');
    if (this.retiredFindings > POOL_RESET_MIN && this.retiredFindings > this.liveFindings) this.resetPool();
  }

  private attach(group: SubjectGroup): void {
    this.place(group, this.resolver.infer(group.resource));
    const resolving = this.resolver.resolve(group.resource);
    if (!resolving) return;
    this.pending++;
    resolving
      .then(
        (w) => {
          const live = !this.disposed && this.reportsByKey.get(group.report.key) === group.report;
          if (live && (workloadKey(w) !== group.workloadKey || w.inferred !== group.workload.inferred)) {
            this.detach(group);
            this.place(group, w);
          }
        },
        () => undefined, // resolvers never reject; a broken one leaves the inferred workload
      )
      .finally(() => {
        // The batch fires on its window: a watch burst settles a lookup per chunk it reads, and a
        // flush each time turned one burst into hundreds of changes. Only a waiter on whenIdle
        // gets the batch at once.
        if (--this.pending === 0 && this.idleWaiters.length > 0) {
          this.batcher.flush();
          for (const w of this.idleWaiters.splice(0)) w();
        }
      });
  }

  private announce(report: StoredReport, change: 'added' | 'modified' | 'deleted'): void {
    this.batcher.report({
      key: report.key,
      kind: report.kind.kind,
      ...(report.namespace !== undefined ? { namespace: report.namespace } : {}),
      name: report.name,
      change,
    });
    this.batcher.kind(report.kind.kind);
    this.batcher.namespace(report.namespace ?? '');
  }

  /** Drops strings and shared objects of deleted reports, keeping those still in use. */
  private resetPool(): void {
    this.strings.rebuild((keep) => {
      for (const f of this.findings()) visitStrings(f, keep, 0);
    });
    this.compactor.reset();
    this.forgetJoinKeys();
    this.retiredFindings = 0;
  }
}

function scopeKey(scope: { readonly kind: ReportKind; readonly namespace?: string }): string {
  return scope.namespace === undefined ? scope.kind.kind : `${scope.kind.kind}/${scope.namespace}`;
}

function sameStatus(a: KindStatus, b: KindStatus): boolean {
  return a.state === b.state && ('message' in a ? a.message : '') === ('message' in b ? b.message : '');
}

function visitStrings(value: unknown, keep: (s: string) => void, depth: number): void {
  if (typeof value === 'string') keep(value);
  else if (typeof value === 'object' && value !== null && depth < 4) {
    for (const v of Array.isArray(value) ? value : Object.values(value)) visitStrings(v, keep, depth + 1);
  }
}
