// The shown cluster's store as the filters let it be seen. The Cluster view's model
// (`views/clusterTreeModel.ts`) and the status bar read this instead of the store, so they need
// no filter of their own: findings, rows and counts are the filtered ones, computed from what the
// store holds — a filter change refetches nothing from the cluster.
import type {
  ReportIndex,
  NamespaceSummary,
  ReportSummary,
  WorkloadSummary,
  CountScope,
} from '@trivy-findings/core/cluster/reportIndex.js';
import type { KindStatusEntry } from '@trivy-findings/core/cluster/reportStore.js';
import { countFindings } from '@trivy-findings/core/cluster/severityTally.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import type { SeverityCounts } from '@trivy-findings/core/model/severity.js';
import { workloadKey } from '@trivy-findings/core/model/workloadRef.js';
import { findingPredicate, isFiltering, type FindingFilters } from './findingFilters.js';

/** The store queries the Cluster view and the status bar read. */
export type ClusterStoreView = Pick<
  ReportIndex,
  | 'namespaces'
  | 'workloads'
  | 'findingsForWorkload'
  | 'reports'
  | 'findingsForReport'
  | 'workloadsOfReport'
  | 'countsFor'
  | 'size'
> & { kindStatuses(): KindStatusEntry[] };

/** What the filtered view reads of the store: the view's queries and a few more. */
export type FilterableStore = ClusterStoreView &
  Pick<ReportIndex, 'findingsForNamespace' | 'findings' | 'reportsForWorkload'>;

/**
 * `store` seen through `filters`. Without a filter that hides anything the store's own tallies
 * are the counts (suppressed findings and passed checks never count), so the default costs only
 * the finding lists; with one, counts are made from the shown findings when asked.
 */
export function filteredClusterStore(store: FilterableStore, filters: FindingFilters): ClusterStoreView {
  const shows = findingPredicate(filters);
  const recount = isFiltering(filters);
  const kinds = filters.kinds.length > 0 ? new Set(filters.kinds.map((k) => k.toLowerCase())) : undefined;
  const namespaces = filters.namespaces.length > 0 ? new Set(filters.namespaces) : undefined;
  const kindShown = (kind: string) => !kinds || kinds.has(kind.toLowerCase());
  const namespaceShown = (ns: string) => !namespaces || namespaces.has(ns);
  const shown = (findings: Iterable<Finding>): Finding[] => {
    const out: Finding[] = [];
    for (const f of findings) if (shows(f)) out.push(f);
    return out;
  };
  const byKind = (findings: readonly Finding[]): Record<string, SeverityCounts> => {
    const groups = new Map<string, Finding[]>();
    for (const f of findings) {
      const kind = f.origin.report?.kind ?? 'unknown report kind';
      const list = groups.get(kind);
      if (list) list.push(f);
      else groups.set(kind, [f]);
    }
    return Object.fromEntries([...groups].map(([kind, list]) => [kind, countFindings(list)]));
  };
  const reportShown = (r: ReportSummary) => kindShown(r.kind.kind) && namespaceShown(r.namespace ?? '');

  return {
    get size() {
      return store.size;
    },
    kindStatuses: () => store.kindStatuses(),
    workloadsOfReport: (key) => store.workloadsOfReport(key),
    findingsForWorkload: (workload) => shown(store.findingsForWorkload(workload)),
    findingsForReport: (key) => shown(store.findingsForReport(key)),
    namespaces: (): NamespaceSummary[] =>
      store
        .namespaces()
        .filter((n) => namespaceShown(n.namespace))
        .flatMap((n) => {
          if (!recount) return [n];
          const reports = store
            .reports()
            .filter((r) => (r.namespace ?? '') === n.namespace && reportShown(r));
          // A namespace none of whose reports is of a shown kind is not shown at all.
          if (kinds && reports.length === 0) return [];
          const findings = shown(store.findingsForNamespace(n.namespace));
          return [
            {
              namespace: n.namespace,
              counts: countFindings(findings),
              countsByKind: byKind(findings),
              reports: reports.length,
            },
          ];
        }),
    workloads: (namespace): WorkloadSummary[] => {
      const all = store.workloads(namespace).filter((w) => namespaceShown(w.workload.namespace ?? ''));
      if (!recount) return all;
      return all.flatMap((w) => {
        const reports = store.reportsForWorkload(w.key).filter(reportShown);
        if (kinds && reports.length === 0) return [];
        const findings = shown(store.findingsForWorkload(w.key));
        return [
          {
            ...w,
            counts: countFindings(findings),
            countsByKind: byKind(findings),
            reports: reports.length,
            findings: findings.length,
          },
        ];
      });
    },
    reports: (kind): ReportSummary[] => {
      const all = store.reports(kind).filter(reportShown);
      if (!recount) return all;
      return all.map((r) => ({ ...r, counts: countFindings(shown(store.findingsForReport(r.key))) }));
    },
    countsFor: (scope: CountScope = {}): SeverityCounts => {
      if (!recount) return store.countsFor(scope);
      const findings =
        scope.workload !== undefined
          ? store.findingsForWorkload(
              typeof scope.workload === 'string' ? scope.workload : workloadKey(scope.workload),
            )
          : scope.namespace !== undefined
            ? store.findingsForNamespace(scope.namespace)
            : store.findings();
      return countFindings(
        shown(findings).filter((f) => scope.kind === undefined || f.origin.report?.kind === scope.kind),
      );
    },
  };
}
