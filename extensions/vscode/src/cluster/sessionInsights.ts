import type { ClusterSession } from '@trivy-findings/core/cluster/clusterSession.js';
import { ClusterCoverage, type CoverageChange } from '@trivy-findings/core/insights/clusterCoverage.js';
import type { CoverageReport } from '@trivy-findings/core/insights/coverage.js';
import { planUpgrades, type UpgradePlan } from '@trivy-findings/core/insights/upgrades.js';
import { Emitter, type Disposable, type Event } from '@trivy-findings/core/model/disposable.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import type { FindingFilters } from '../filters/findingFilters.js';
import type { ClusterInsights } from '../views/clusterInsightRows.js';
import type { ClusterConnection } from './clusterConnection.js';

/**
 * The insights of the shown cluster, for the Cluster view: the core's live coverage
 * (`ClusterCoverage`, which starts the session's metadata-only workload watches) and upgrade plans
 * per namespace (`planUpgrades` over the namespace's findings the filters show, so an upgrade
 * "clears" what the view counts). Follows the connection: a switch
 * drops the old session's coverage and starts the new one's. Answers are kept until a change
 * names them, so a tree refresh that reads them several times computes each once.
 */
export class SessionInsights implements ClusterInsights, Disposable {
  private readonly changes = new Emitter<CoverageChange>();
  /** Coverage may have changed in these namespaces (all of them when `all`). */
  readonly onDidChange: Event<CoverageChange> = this.changes.event;
  private live: { readonly session: ClusterSession; readonly coverage: ClusterCoverage } | undefined;
  private liveSubscriptions: Disposable[] = [];
  private report: CoverageReport | undefined;
  private readonly plans = new Map<string, UpgradePlan>();
  /** The filters the kept plans were made under: other filters make them stale. */
  private plannedUnder: FindingFilters | undefined;
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly connection: ClusterConnection,
    private readonly shown: {
      readonly filters: FindingFilters;
      readonly matches: (f: Finding) => boolean;
    },
  ) {
    this.subscriptions = [
      connection.onDidChangeState(() => this.follow()),
      connection.onDidChangeStore((change) => {
        this.report = undefined;
        for (const ns of change.namespaces) this.plans.delete(ns);
      }),
    ];
    this.follow();
  }

  coverage(): CoverageReport | undefined {
    if (!this.live) return undefined;
    return (this.report ??= this.live.coverage.coverage());
  }

  upgrades(namespace: string): UpgradePlan {
    if (this.plannedUnder !== this.shown.filters) {
      this.plans.clear();
      this.plannedUnder = this.shown.filters;
    }
    let plan = this.plans.get(namespace);
    if (!plan) {
      const store = this.live?.session.store;
      plan = store
        ? planUpgrades(
            store.workloads(namespace).flatMap((w) =>
              store
                .findingsForWorkload(w.key)
                .filter(this.shown.matches)
                .map((finding) => ({ finding, workload: w.workload })),
            ),
          )
        : { fixable: [], unfixable: [] };
      this.plans.set(namespace, plan);
    }
    return plan;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.stop();
    this.changes.dispose();
  }

  private follow(): void {
    const state = this.connection.state;
    const session = state.phase === 'connected' ? state.session : undefined;
    if (this.live?.session === session) return;
    this.stop();
    if (!session) return;
    const coverage = new ClusterCoverage(session);
    this.live = { session, coverage };
    this.liveSubscriptions = [
      coverage,
      coverage.onDidChange((change) => {
        this.report = undefined;
        this.changes.fire(change);
      }),
    ];
  }

  private stop(): void {
    for (const s of this.liveSubscriptions.splice(0)) s.dispose();
    this.live = undefined;
    this.report = undefined;
    this.plans.clear();
  }
}
