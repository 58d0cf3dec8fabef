// The shown cluster's store as the filters let it be seen. The Cluster view's model
// (`views/clusterTreeModel.ts`) and the status bar read this instead of the store, so they need
// no filter of their own: findings, rows and counts are the filtered ones, computed from what the
// store holds — a filter change refetches nothing from the cluster.
import type {
  CountScope,
  NamespaceSummary,
  ReportIndex,
  ReportSummary,
  WorkloadSummary,
} from '@trivy-findings/core/cluster/reportIndex.js';
import type { IgnoreMatcher } from '@trivy-findings/core/ignore/trivyIgnoreMatcher.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { countsTowardTotals } from '@trivy-findings/core/model/findingFilter.js';
import { emptyCounts, SEVERITIES, type SeverityCounts } from '@trivy-findings/core/model/severity.js';
import { workloadKey } from '@trivy-findings/core/model/workloadRef.js';
import { findingPredicate, isFiltering, type FindingFilters } from './findingFilters.js';
import type { ClusterStoreView } from '../views/clusterTreeModel.js';

/** The store queries the Cluster view and the status bar read: the model's, declared there. */
export type { ClusterStoreView };

/** What the filtered view reads of the store: the view's queries and a few more. */
export type FilterableStore = ClusterStoreView &
  Pick<ReportIndex, 'findingsForNamespace' | 'reportsForWorkload'>;

/** Counts of the shown findings of one scope, in total and per report kind. */
interface ShownCounts {
  readonly counts: SeverityCounts;
  readonly byKind: Record<string, SeverityCounts>;
  readonly shown: number;
}

const UNKNOWN_KIND = 'unknown report kind';

/**
 * `store` seen through `filters`, as it is now: a snapshot's view, to be made again when the store
 * or the filters change (its counts are kept once computed). Without a filter that hides
 * anything the store's own tallies are the counts (suppressed findings and passed checks never
 * count), so the default costs only the finding lists; with one, each namespace's and workload's
 * findings are counted once, in one pass each, and the cluster's total is the namespaces' sum.
 */
export function filteredClusterStore(
  store: FilterableStore,
  filters: FindingFilters,
  /** The workspace's ignore file: the findings it matches are suppressed (marked, not counted). */
  ignore?: IgnoreMatcher,
): ClusterStoreView {
  const shows = findingPredicate(filters);
  // Every finding list is read through the ignore file first, so rows say "suppressed" and the
  // counts leave them out; the store's own tallies know nothing of it, so counts are recounted.
  const mark = (findings: readonly Finding[]): readonly Finding[] =>
    ignore ? ignore.apply(findings) : findings;
  const recount = isFiltering(filters) || ignore !== undefined;
  const kinds = filters.kinds.length > 0 ? new Set(filters.kinds.map((k) => k.toLowerCase())) : undefined;
  const namespaces = filters.namespaces.length > 0 ? new Set(filters.namespaces) : undefined;
  const kindShown = (kind: string) => !kinds || kinds.has(kind.toLowerCase());
  const namespaceShown = (ns: string) => !namespaces || namespaces.has(ns);
  const reportShown = (r: ReportSummary) => kindShown(r.kind.kind) && namespaceShown(r.namespace ?? '');
  const shown = (findings: readonly Finding[]): Finding[] => mark(findings).filter(shows);

  const byNamespace = new Map<string, ShownCounts>();
  const byWorkload = new Map<string, ShownCounts>();
  let reportsByNamespace: Map<string, ReportSummary[]> | undefined;
  const namespaceCounts = (ns: string) =>
    memo(byNamespace, ns, () => countShown(mark(store.findingsForNamespace(ns)), shows));
  const workloadCounts = (key: string) =>
    memo(byWorkload, key, () => countShown(mark(store.findingsForWorkload(key)), shows));
  const shownReportsOf = (ns: string): ReportSummary[] => {
    if (!reportsByNamespace) {
      reportsByNamespace = new Map();
      for (const r of store.reports()) {
        if (!reportShown(r)) continue;
        const key = r.namespace ?? '';
        const list = reportsByNamespace.get(key);
        if (list) list.push(r);
        else reportsByNamespace.set(key, [r]);
      }
    }
    return reportsByNamespace.get(ns) ?? [];
  };
  const shownNamespaces = (): NamespaceSummary[] =>
    store
      .namespaces()
      .filter((n) => namespaceShown(n.namespace))
      .flatMap((n) => {
        if (!recount) return [n];
        const reports = shownReportsOf(n.namespace).length;
        // A namespace none of whose reports is of a shown kind is not shown at all.
        if (kinds && reports === 0) return [];
        const c = namespaceCounts(n.namespace);
        return [
          { namespace: n.namespace, counts: { ...c.counts }, countsByKind: copyByKind(c.byKind), reports },
        ];
      });

  return {
    get size() {
      return store.size;
    },
    kindStatuses: () => store.kindStatuses(),
    workloadsOfReport: (key) => store.workloadsOfReport(key),
    findingsForWorkload: (workload) => shown(store.findingsForWorkload(workload)),
    findingsForReport: (key) => shown(store.findingsForReport(key)),
    namespaces: shownNamespaces,
    workloads: (namespace): WorkloadSummary[] => {
      const all = store.workloads(namespace).filter((w) => namespaceShown(w.workload.namespace ?? ''));
      if (!recount) return all;
      return all.flatMap((w) => {
        const reports = kinds ? store.reportsForWorkload(w.key).filter(reportShown).length : w.reports;
        if (kinds && reports === 0) return [];
        const c = workloadCounts(w.key);
        return [
          { ...w, counts: { ...c.counts }, countsByKind: copyByKind(c.byKind), reports, findings: c.shown },
        ];
      });
    },
    reports: (kind): ReportSummary[] => {
      const all = store.reports(kind).filter(reportShown);
      if (!recount) return all;
      return all.map((r) => ({
        ...r,
        counts: countShown(mark(store.findingsForReport(r.key)), shows).counts,
      }));
    },
    countsFor: (scope: CountScope = {}): SeverityCounts => {
      if (!recount) return store.countsFor(scope);
      const c =
        scope.workload !== undefined
          ? workloadCounts(typeof scope.workload === 'string' ? scope.workload : workloadKey(scope.workload))
          : scope.namespace !== undefined
            ? namespaceCounts(scope.namespace)
            : sumOf(shownNamespaces().map((n) => namespaceCounts(n.namespace)));
      return { ...(scope.kind === undefined ? c.counts : (c.byKind[scope.kind] ?? emptyCounts())) };
    },
  };
}

/** One pass over `findings`: the counts of those `shows` accepts, by the core's counting rule. */
function countShown(findings: readonly Finding[], shows: (f: Finding) => boolean): ShownCounts {
  const counts = emptyCounts();
  const byKind: Record<string, SeverityCounts> = {};
  let shown = 0;
  for (const f of findings) {
    if (!shows(f)) continue;
    shown++;
    if (!countsTowardTotals(f)) continue;
    counts[f.severity]++;
    const kind = f.origin.report?.kind ?? UNKNOWN_KIND;
    (byKind[kind] ??= emptyCounts())[f.severity]++;
  }
  return { counts, byKind, shown };
}

function sumOf(parts: readonly ShownCounts[]): ShownCounts {
  const counts = emptyCounts();
  const byKind: Record<string, SeverityCounts> = {};
  let shown = 0;
  for (const p of parts) {
    shown += p.shown;
    for (const s of SEVERITIES) counts[s] += p.counts[s];
    for (const [kind, c] of Object.entries(p.byKind)) {
      const into = (byKind[kind] ??= emptyCounts());
      for (const s of SEVERITIES) into[s] += c[s];
    }
  }
  return { counts, byKind, shown };
}

function copyByKind(byKind: Record<string, SeverityCounts>): Record<string, SeverityCounts> {
  return Object.fromEntries(Object.entries(byKind).map(([kind, c]) => [kind, { ...c }]));
}

function memo<V>(map: Map<string, V>, key: string, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}
