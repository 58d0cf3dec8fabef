import { checkJoinKey } from '../model/checkIds.js';
import { Emitter, type Disposable, type Event } from '../model/disposable.js';
import type { ArtifactRef, Finding } from '../model/finding.js';
import type { Problem } from '../model/problem.js';
import type { ReportKind } from '../model/reportKinds.js';
import type { SeverityCounts } from '../model/severity.js';
import { workloadKey, type WorkloadRef } from '../model/workloadRef.js';
import type { KindStatus, KubeObject, ReportEvent } from '../ports/clusterSource.js';
import { readReportObject } from '../readers/reportObjects.js';
import { ChangeBatcher, type StoreChange } from './changeBatcher.js';
import { CheckIndex } from './checkIndex.js';
import { FindingCompactor } from './findingCompactor.js';
import { SeverityTally } from './severityTally.js';
import {
  buildStoredReport,
  reportKey,
  type BuildContext,
  type ReportReader,
  type StoredReport,
  type SubjectGroup,
} from './storedReport.js';
import { identityResolver, type WorkloadResolver } from './workloadResolver.js';

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

export interface WorkloadSummary {
  readonly key: string;
  readonly workload: WorkloadRef;
  readonly counts: SeverityCounts;
  /** Counts per report kind name (`VulnerabilityReport` …). */
  readonly countsByKind: ReadonlyMap<string, SeverityCounts>;
  /** Reports about this workload (one per container and kind for Trivy Operator). */
  readonly reports: number;
  readonly findings: number;
}

export interface NamespaceSummary {
  /** `''` for cluster-scoped reports. */
  readonly namespace: string;
  readonly counts: SeverityCounts;
  readonly countsByKind: ReadonlyMap<string, SeverityCounts>;
  readonly reports: number;
}

export interface ImageSummary {
  readonly digest: string;
  readonly artifact?: ArtifactRef;
  /** Workloads whose reports name this image. */
  readonly workloads: readonly WorkloadRef[];
  readonly reports: number;
}

/** What {@link ReportStore.countsFor} counts; all absent means the whole cluster. */
export interface CountScope {
  readonly workload?: WorkloadRef | string;
  readonly namespace?: string;
  readonly kind?: string;
}

/** A report as listed by {@link ReportStore.reports}, without its findings. */
export type ReportSummary = Omit<StoredReport, 'subjects' | 'bucket'>;

interface WorkloadNode {
  ref: WorkloadRef;
  readonly groups: Set<SubjectGroup>;
  readonly tally: SeverityTally;
}

interface NamespaceNode {
  readonly reports: Set<StoredReport>;
  readonly tally: SeverityTally;
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
export class ReportStore implements Disposable {
  private readonly emitter = new Emitter<StoreChange>();
  /** Fires once per batch window with everything that changed in it. */
  readonly onDidChange: Event<StoreChange> = this.emitter.event;

  private readonly batcher: ChangeBatcher;
  private readonly resolver: WorkloadResolver;
  private readonly compactor = new FindingCompactor();
  private readonly build: BuildContext;
  private readonly reportsByKey = new Map<string, StoredReport>();
  private readonly byKind = new Map<string, Set<StoredReport>>();
  private readonly byNamespace = new Map<string, NamespaceNode>();
  private readonly byWorkload = new Map<string, WorkloadNode>();
  private readonly byImage = new Map<string, Set<StoredReport>>();
  private readonly byCheck = new CheckIndex();
  private readonly cluster = new SeverityTally();
  private readonly statuses = new Map<string, KindStatusEntry>();
  private readonly staging = new Map<string, Map<string, StoredReport>>();
  private joinKeys = new Map<string, string>();
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private liveFindings = 0;
  private retiredFindings = 0;
  private disposed = false;

  constructor(options: ReportStoreOptions = {}) {
    this.resolver = options.resolver ?? identityResolver;
    this.batcher = new ChangeBatcher(options.batchMs ?? 25, (c) => this.emitter.fire(c));
    this.build = {
      read: options.read ?? readReportObject,
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
   * the reports are gone, or this user may no longer see them. `unreachable` keeps them (stale
   * but probably still true) until the watch is back.
   */
  setStatus(scope: WatchScope, status: KindStatus): void {
    if (this.disposed) return;
    const key = scopeKey(scope);
    const prev = this.statuses.get(key);
    const version = scope.version ?? prev?.version;
    const ns = scope.namespace;
    this.statuses.set(key, { kind: scope.kind, ...(ns !== undefined ? { namespace: ns } : {}), ...(version ? { version } : {}), status });
    if (gone(status)) {
      this.staging.delete(key);
      for (const r of this.inScope(scope)) {
        // An all-namespace scope that is forbidden may sit beside per-namespace watches that work
        // (the session's fallback); their reports stay.
        const narrower = scope.namespace === undefined ? this.statuses.get(scopeKey({ kind: scope.kind, namespace: r.namespace ?? '' })) : undefined;
        if (!narrower || gone(narrower.status)) this.drop(r, true);
      }
    }
    if (!prev || !sameStatus(prev.status, status)) this.batcher.status(key);
  }

  /** Forgets a scope's status entry, e.g. when a fallback watch is stopped. */
  clearStatus(scope: WatchScope): void {
    if (this.statuses.delete(scopeKey(scope))) this.batcher.status(scopeKey(scope));
  }

  // ---- queries ------------------------------------------------------------------------------

  /** All findings about one workload (`Deployment/default/web` or a {@link WorkloadRef}). */
  findingsForWorkload(workload: WorkloadRef | string): Finding[] {
    const node = this.byWorkload.get(typeof workload === 'string' ? workload : workloadKey(workload));
    return node ? [...node.groups].flatMap((g) => g.findings) : [];
  }

  /** The findings of one report, by its key (`Kind/namespace/name`); empty when it is not held. */
  findingsForReport(key: string): Finding[] {
    const r = this.reportsByKey.get(key);
    return r ? [...findingsOf(r)] : [];
  }

  /** The workload of each finding of one report (a PolicyReport's findings may differ). */
  workloadsOfReport(key: string): Map<Finding, WorkloadRef> {
    const out = new Map<Finding, WorkloadRef>();
    for (const g of this.reportsByKey.get(key)?.subjects ?? []) for (const f of g.findings) out.set(f, g.workload);
    return out;
  }

  /** Workloads with reports, optionally of one namespace, in no particular order. */
  workloads(namespace?: string): WorkloadSummary[] {
    const out: WorkloadSummary[] = [];
    for (const [key, node] of this.byWorkload) {
      if (namespace !== undefined && (node.ref.namespace ?? '') !== namespace) continue;
      const reports = new Set<StoredReport>();
      let findings = 0;
      for (const g of node.groups) {
        reports.add(g.report);
        findings += g.findings.length;
      }
      out.push({ key, workload: node.ref, counts: node.tally.counts(), countsByKind: copyByKind(node.tally), reports: reports.size, findings });
    }
    return out;
  }

  namespaces(): NamespaceSummary[] {
    return [...this.byNamespace].map(([namespace, node]) => ({
      namespace,
      counts: node.tally.counts(),
      countsByKind: copyByKind(node.tally),
      reports: node.reports.size,
    }));
  }

  /** Severity counts of a workload, a namespace, or the cluster, optionally of one kind. */
  countsFor(scope: CountScope = {}): SeverityCounts {
    if (scope.workload !== undefined) {
      const key = typeof scope.workload === 'string' ? scope.workload : workloadKey(scope.workload);
      return tallyCounts(this.byWorkload.get(key)?.tally, scope.kind);
    }
    if (scope.namespace !== undefined) return tallyCounts(this.byNamespace.get(scope.namespace)?.tally, scope.kind);
    return this.cluster.counts(scope.kind);
  }

  findingsForNamespace(namespace: string): Finding[] {
    return [...(this.byNamespace.get(namespace)?.reports ?? [])].flatMap(findingsOf);
  }

  /** Findings of one report kind, by kind name (`ConfigAuditReport`). */
  findingsForKind(kind: string): Finding[] {
    return [...(this.byKind.get(kind) ?? [])].flatMap(findingsOf);
  }

  /** Findings about one image, across every workload that runs it. */
  findingsForImage(digest: string): Finding[] {
    return [...(this.byImage.get(digest) ?? [])].flatMap(findingsOf).filter((f) => f.artifact?.digest === digest);
  }

  /** Findings of one check or vulnerability, in any spelling (`KSV001`, `KSV-0001`, `CVE-…`). */
  findingsForCheck(id: string): Finding[] {
    const key = this.joinKey(id);
    return [...this.byCheck.candidates(key)].flatMap(findingsOf).filter((f) => this.joinKey(f.id) === key);
  }

  images(): ImageSummary[] {
    return [...this.byImage].map(([digest, reports]) => {
      const workloads = new Map<string, WorkloadRef>();
      let artifact: ArtifactRef | undefined;
      for (const r of reports) {
        for (const g of r.subjects) {
          workloads.set(g.workloadKey, g.workload);
          artifact ??= g.findings.find((f) => f.artifact?.digest === digest)?.artifact;
        }
      }
      return { digest, ...(artifact ? { artifact } : {}), workloads: [...workloads.values()], reports: reports.size };
    });
  }

  /** Reports held, optionally of one kind name. */
  reports(kind?: string): ReportSummary[] {
    const source = kind === undefined ? this.reportsByKey.values() : (this.byKind.get(kind) ?? []);
    return [...source].map(({ subjects: _s, bucket: _b, ...summary }) => summary);
  }

  /** Every finding held, report by report. */
  *findings(): IterableIterator<Finding> {
    for (const r of this.reportsByKey.values()) for (const g of r.subjects) yield* g.findings;
  }

  /** Every finding held with the workload it belongs to. */
  *findingsWithWorkloads(): IterableIterator<{ readonly finding: Finding; readonly workload: WorkloadRef }> {
    for (const r of this.reportsByKey.values()) {
      for (const g of r.subjects) for (const finding of g.findings) yield { finding, workload: g.workload };
    }
  }

  /** One status per watch scope, in the order the scopes were first reported. */
  kindStatuses(): KindStatusEntry[] {
    return [...this.statuses.values()];
  }

  /** What the readers could not read, over all reports. */
  problems(): Problem[] {
    return [...this.reportsByKey.values()].flatMap((r) => r.problems);
  }

  get size(): number {
    return this.reportsByKey.size;
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
      const unchanged = existing?.resourceVersion !== undefined && existing.resourceVersion === object.metadata?.resourceVersion;
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
    if (existing?.resourceVersion !== undefined && existing.resourceVersion === object.metadata?.resourceVersion) return;
    const report = buildStoredReport(object, kind, this.build);
    if (existing) this.drop(existing, false);
    this.insert(report, existing ? 'modified' : 'added');
  }

  private remove(kind: ReportKind, object: KubeObject): void {
    const existing = this.reportsByKey.get(reportKey(kind.kind, object.metadata?.namespace, object.metadata?.name ?? ''));
    if (existing) this.drop(existing, true);
  }

  private *inScope(scope: WatchScope): Iterable<StoredReport> {
    for (const r of [...(this.byKind.get(scope.kind.kind) ?? [])]) {
      if (scope.namespace === undefined || r.namespace === scope.namespace) yield r;
    }
  }

  private insert(report: StoredReport, change: 'added' | 'modified'): void {
    this.reportsByKey.set(report.key, report);
    addTo(this.byKind, report.kind.kind, report);
    const ns = report.namespace ?? '';
    let nsNode = this.byNamespace.get(ns);
    if (!nsNode) this.byNamespace.set(ns, (nsNode = { reports: new Set(), tally: new SeverityTally() }));
    nsNode.reports.add(report);
    nsNode.tally.add(report.kind.kind, report.counts, 1);
    this.cluster.add(report.kind.kind, report.counts, 1);
    for (const d of report.digests) addTo(this.byImage, d, report);
    this.byCheck.add(report, this.checkKeys(report));
    for (const g of report.subjects) this.attach(g);
    this.liveFindings += report.findingCount;
    this.announce(report, change);
  }

  /** Takes a report out of every index; `announce` is false when a replacement follows at once. */
  private drop(report: StoredReport, announce: boolean): void {
    this.reportsByKey.delete(report.key);
    removeFrom(this.byKind, report.kind.kind, report);
    const ns = report.namespace ?? '';
    const nsNode = this.byNamespace.get(ns);
    if (nsNode) {
      nsNode.reports.delete(report);
      nsNode.tally.add(report.kind.kind, report.counts, -1);
      if (nsNode.reports.size === 0) this.byNamespace.delete(ns);
    }
    this.cluster.add(report.kind.kind, report.counts, -1);
    for (const d of report.digests) removeFrom(this.byImage, d, report);
    this.byCheck.remove(report, this.checkKeys(report));
    for (const g of report.subjects) this.detach(g);
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
        if (--this.pending === 0) {
          this.batcher.flush();
          for (const w of this.idleWaiters.splice(0)) w();
        }
      });
  }

  private place(group: SubjectGroup, workload: WorkloadRef): void {
    group.workload = workload;
    group.workloadKey = workloadKey(workload);
    let node = this.byWorkload.get(group.workloadKey);
    if (!node) this.byWorkload.set(group.workloadKey, (node = { ref: workload, groups: new Set(), tally: new SeverityTally() }));
    else if (node.ref.inferred && !workload.inferred) node.ref = workload;
    node.groups.add(group);
    node.tally.add(group.report.kind.kind, group.counts, 1);
    this.batcher.workload(group.workloadKey);
  }

  private detach(group: SubjectGroup): void {
    const node = this.byWorkload.get(group.workloadKey);
    if (!node) return;
    node.groups.delete(group);
    node.tally.add(group.report.kind.kind, group.counts, -1);
    if (node.groups.size === 0) this.byWorkload.delete(group.workloadKey);
    this.batcher.workload(group.workloadKey);
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

  /** Distinct `checkJoinKey`s of a report's findings (computed, not stored: 8 bytes a finding saved). */
  private checkKeys(report: StoredReport): Set<string> {
    const keys = new Set<string>();
    for (const f of findingsOf(report)) keys.add(this.joinKey(f.id));
    return keys;
  }

  private joinKey(id: string): string {
    let key = this.joinKeys.get(id);
    if (key === undefined) this.joinKeys.set(id, (key = checkJoinKey(id)));
    return key;
  }

  /** Drops strings and shared objects of deleted reports, keeping those still in use. */
  private resetPool(): void {
    this.compactor.reset((keep) => {
      for (const f of this.findings()) visitStrings(f, keep, 0);
    });
    this.joinKeys = new Map();
    this.retiredFindings = 0;
  }
}

function scopeKey(scope: { readonly kind: ReportKind; readonly namespace?: string }): string {
  return scope.namespace === undefined ? scope.kind.kind : `${scope.kind.kind}/${scope.namespace}`;
}

/** The scope's reports are not to be shown: the kind is not installed or may not be listed. */
function gone(status: KindStatus): boolean {
  return status.state === 'not-installed' || status.state === 'forbidden';
}

function sameStatus(a: KindStatus, b: KindStatus): boolean {
  return a.state === b.state && ('message' in a ? a.message : '') === ('message' in b ? b.message : '');
}

function findingsOf(r: StoredReport): readonly Finding[] {
  return r.subjects.length === 1 ? r.subjects[0]!.findings : r.subjects.flatMap((g) => g.findings);
}

function tallyCounts(tally: SeverityTally | undefined, kind: string | undefined): SeverityCounts {
  return tally ? tally.counts(kind) : new SeverityTally().counts();
}

function copyByKind(tally: SeverityTally): Map<string, SeverityCounts> {
  return new Map([...tally.byKind].map(([k, c]) => [k, { ...c }]));
}

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set?.delete(value) && set.size === 0) index.delete(key);
}

function visitStrings(value: unknown, keep: (s: string) => void, depth: number): void {
  if (typeof value === 'string') keep(value);
  else if (typeof value === 'object' && value !== null && depth < 4) {
    for (const v of Array.isArray(value) ? value : Object.values(value)) visitStrings(v, keep, depth + 1);
  }
}
