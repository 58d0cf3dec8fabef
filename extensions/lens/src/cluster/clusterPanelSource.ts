import type { ClusterSession } from '../../../../shared/src/cluster/clusterSession.js';
import { carriersOf } from '../../../../shared/src/insights/carriers.js';
import {
  ClusterCoverage,
  type ClusterCoverageOptions,
} from '../../../../shared/src/insights/clusterCoverage.js';
import type { CoverageReport } from '../../../../shared/src/insights/coverage.js';
import { Emitter, type Disposable } from '../../../../shared/src/model/disposable.js';
import type { Finding } from '../../../../shared/src/model/finding.js';
import { REPORT_KINDS } from '../../../../shared/src/model/reportKinds.js';
import { workloadKindOf } from '../../../../shared/src/model/workloadKinds.js';
import { workloadKey, type WorkloadRef } from '../../../../shared/src/model/workloadRef.js';
import type { ClusterSource, ObjectRef } from '../../../../shared/src/ports/clusterSource.js';
import { summarizeFindings } from '../../../../shared/src/summary/findingSummary.js';
import { inferWorkload, resolveWorkload } from '../../../../shared/src/workloads/ownerResolution.js';
import type {
  Carrier,
  CarriersData,
  KindStatusView,
  NamespacePanelData,
  ObjectPanelData,
  OverviewData,
  PackageUpgrade,
  ReportView,
  RescanResult,
} from '../panels/panelModel.js';
import type { PanelSource } from '../panels/panelSource.js';
import { scopeCoverageView, workloadCoverageView } from './coverageViews.js';
import { workloadUpgrades } from './upgradeViews.js';

interface WorkloadData {
  readonly findings: readonly Finding[];
  readonly reports: readonly ReportView[];
  upgrades?: readonly PackageUpgrade[];
}

/** Where a frame's session stands: opening, open (its store is what is shown), or failed to open. */
export type SessionState =
  | { readonly state: 'opening'; readonly session: ClusterSession }
  | { readonly state: 'open'; readonly session: ClusterSession }
  | { readonly state: 'failed'; readonly message: string };

/**
 * The panels' data from one cluster frame's session: every answer is plain data computed from the
 * session's store when asked (nothing is fetched per panel; the store holds every report of the
 * cluster), and `onDidChange` fires on each batched store change. An object's findings are its
 * workload's, through the core's workload identity: a Deployment's are its ReplicaSets' reports'
 * (the store files them there), a Pod's or a ReplicaSet's are its owner's, read once through the
 * source's owner references and cached.
 *
 * Coverage comes from the core's {@link ClusterCoverage} over the same session (which watches the
 * workloads' metadata): each workload's state on its section, counts on a namespace's section and
 * per namespace on the overview, live as workloads or reports come and go. Upgrades are the core's
 * upgrade plan of the workload's findings.
 */
export class ClusterPanelSource implements PanelSource, Disposable {
  private readonly changed = new Emitter<void>();
  private readonly workloads = new Map<string, WorkloadRef>();
  private readonly resolving = new Set<string>();
  private subscription: Disposable | undefined;
  private coverageOf: { readonly session: ClusterSession; readonly coverage: ClusterCoverage } | undefined;
  private coverageSubscription: Disposable | undefined;
  /** Coverage reports by namespace (`''`: the cluster's), until the store or the workloads change. */
  private readonly coverageCache = new Map<string, CoverageReport>();
  /**
   * Each asked-for workload's data by key, until a store change names the workload: a section sees
   * the same arrays while nothing of its workload changed (its memoised rows are kept), and the
   * upgrade plan is made once per change of the workload, not once per change of the cluster.
   */
  private readonly workloadCache = new Map<string, WorkloadData>();
  private disposed = false;

  constructor(
    private state: SessionState,
    private readonly source: Pick<ClusterSource, 'ownerReferences'>,
    private readonly coverageOptions: ClusterCoverageOptions = {},
  ) {
    this.listen();
  }

  /** The session moved on (listed once, failed, or reopened). */
  setState(state: SessionState): void {
    this.state = state;
    this.listen();
    this.changed.fire();
  }

  private listen(): void {
    this.subscription?.dispose();
    this.coverageCache.clear();
    this.workloadCache.clear();
    this.subscription =
      'session' in this.state
        ? this.state.session.store.onDidChange((change) => {
            this.coverageCache.clear();
            for (const key of change.workloads) this.workloadCache.delete(key);
            this.changed.fire();
          })
        : undefined;
    // Workloads are watched once the reports have listed: what a section shows first is not held
    // back by eight more listings.
    const session = this.state.state === 'open' ? this.state.session : undefined;
    if (this.coverageOf?.session === session) return;
    this.coverageSubscription?.dispose();
    this.coverageOf?.coverage.dispose();
    this.coverageOf = this.coverageSubscription = undefined;
    if (!session) return;
    // Starts the session's workload watches (metadata only), held as long as the session.
    const coverage = new ClusterCoverage(session, this.coverageOptions);
    this.coverageOf = { session, coverage };
    this.coverageSubscription = coverage.onDidChange(() => {
      this.coverageCache.clear();
      this.changed.fire();
    });
  }

  /** The coverage of one namespace or of the cluster (`undefined`), computed once per change. */
  private coverage(namespace?: string): CoverageReport | undefined {
    const coverage = this.coverageOf?.coverage;
    if (!coverage) return undefined;
    const key = namespace ?? '';
    let report = this.coverageCache.get(key);
    if (!report) this.coverageCache.set(key, (report = coverage.coverage(namespace)));
    return report;
  }

  private get loading(): boolean {
    return this.state.state === 'opening';
  }

  private statuses(): KindStatusView[] {
    if (this.state.state === 'failed') {
      const status = { state: 'unreachable' as const, message: this.state.message };
      return REPORT_KINDS.filter((k) => !k.legacy).map((k) => ({ kind: k.kind, status }));
    }
    return this.state.session.store.kindStatuses().map((s) => ({
      kind: s.kind.kind,
      ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
      status: s.status,
    }));
  }

  private get store() {
    return 'session' in this.state ? this.state.session.store : undefined;
  }

  objectPanel(object: ObjectRef): ObjectPanelData {
    const workload = this.workloadOf(object);
    const key = workloadKey(workload);
    const held = this.workloadData(key);
    const data = {
      loading: this.loading,
      findings: held.findings,
      reports: held.reports,
      statuses: this.statuses(),
    };
    if (!workloadKindOf(workload.kind) || workload.namespace === undefined) return data;
    const coverage = this.coverage(workload.namespace);
    // Without a report kind the operator writes, "not scanned" is "not installed": the tabs say so.
    const row = coverage?.requiredKinds.length ? coverage.workloads.find((w) => w.key === key) : undefined;
    held.upgrades ??= workloadUpgrades(held.findings, workload);
    return {
      ...data,
      ...(coverage && row ? { coverage: workloadCoverageView(row, coverage) } : {}),
      upgrades: held.upgrades,
    };
  }

  private workloadData(key: string): WorkloadData {
    const known = this.workloadCache.get(key);
    if (known) return known;
    const store = this.store;
    const data: WorkloadData = {
      findings: store?.findingsForWorkload(key) ?? [],
      reports: (store?.reportsForWorkload(key) ?? []).map((r) => ({
        kind: r.kind.kind,
        name: r.name,
        ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
        findings: r.findingCount,
      })),
    };
    if (store) this.workloadCache.set(key, data);
    return data;
  }

  namespacePanel(namespace: string): NamespacePanelData {
    const coverage = this.coverage(namespace);
    return {
      loading: this.loading,
      summary: this.store?.summary(namespace) ?? summarizeFindings([]),
      statuses: this.statuses(),
      ...(coverage ? { coverage: scopeCoverageView(coverage) } : {}),
    };
  }

  overview(): OverviewData {
    const coverage = this.coverage();
    return {
      loading: this.loading,
      summary: this.store?.summary() ?? summarizeFindings([]),
      statuses: this.statuses(),
      compliance: this.store?.findingsForKind('ClusterComplianceReport') ?? [],
      ...(coverage ? { coverage: scopeCoverageView(coverage) } : {}),
    };
  }

  /** The core's carrier insight (`carriersOf`, through the check index), as the page's rows. */
  carriers(id: string): CarriersData {
    const store = this.store;
    const carriers: Carrier[] = store
      ? carriersOf(store, id).workloads.map((w) => ({
          workload: w.workload,
          findings: w.findings,
          severity: w.severity,
          images: w.images,
        }))
      : [];
    return { id, loading: this.loading, carriers, statuses: this.statuses() };
  }

  /**
   * Deletes the reports the store holds about the workload (Trivy Operator then scans it again),
   * through the session; the watches then take them off the screen. A refusal names the report and
   * carries the server's message.
   */
  readonly rescan = async (object: ObjectRef): Promise<RescanResult> => {
    if (!('session' in this.state)) throw new Error(this.state.message);
    const session = this.state.session;
    const reports = session.store.reportsForWorkload(workloadKey(this.workloadOf(object)));
    for (const report of reports) await session.deleteReport(report);
    return { deletedReports: reports.length };
  };

  onDidChange(listener: () => void): Disposable {
    return this.changed.event(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.subscription?.dispose();
    this.coverageSubscription?.dispose();
    this.coverageOf?.coverage.dispose();
    this.changed.dispose();
  }

  /**
   * The workload an object's findings are filed under: itself for a workload at the top, else its
   * owner — guessed from names at once, then read from the cluster (a change fires `onDidChange`).
   */
  private workloadOf(object: ObjectRef): WorkloadRef {
    const key = workloadKey(object);
    const known = this.workloads.get(key);
    if (known) return known;
    const resource = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.name,
      ...(object.namespace ? { namespace: object.namespace } : {}),
    };
    const guess = inferWorkload(resource);
    if (workloadKindOf(object.kind)?.owned && !this.resolving.has(key)) {
      this.resolving.add(key);
      void resolveWorkload(resource, (ref) => this.source.ownerReferences(ref))
        .then((workload) => {
          if (this.disposed) return;
          this.workloads.set(key, workload);
          if (workloadKey(workload) !== workloadKey(guess)) this.changed.fire();
        })
        .catch(() => undefined);
    }
    return guess;
  }
}
