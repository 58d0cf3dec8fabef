// The Cluster view's rows as plain data, built from the core's store queries: no `vscode` here,
// so the tree's shape is tested with node:test on real reports (`test/clusterTreeModel.test.ts`)
// and the provider (`clusterTreeProvider.ts`) only turns rows into TreeItems.
import type { KindStatusEntry } from '@trivy-findings/core/cluster/reportStore.js';
import type { ReportIndex } from '@trivy-findings/core/cluster/reportIndex.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { REPORT_KINDS } from '@trivy-findings/core/model/reportKinds.js';
import {
  compareSeverity,
  emptyCounts,
  SEVERITIES,
  type SeverityCounts,
} from '@trivy-findings/core/model/severity.js';
import { workloadKey, type WorkloadRef } from '@trivy-findings/core/model/workloadRef.js';
import type { CoverageCounts, CoverageReport } from '@trivy-findings/core/insights/coverage.js';
import { coverageStateText } from '../insights/insightText.js';
import {
  coverageRow,
  coverageWorkloadRow,
  insightChildren,
  insightDescription,
  insightLabel,
  namespaceCoverageText,
  refusedListings,
  upgradesRow,
  type ClusterInsights,
  type InsightNode,
} from './clusterInsightRows.js';

/** A report a row stands for, as `ClusterSession.deleteReport` takes it. */
export interface ReportRef {
  readonly key: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** Why the view has no data to show: each a single row, never an empty tree. */
export type ConnectionView =
  | { readonly phase: 'disabled' }
  | { readonly phase: 'no-kubeconfig'; readonly message: string }
  | { readonly phase: 'connecting'; readonly context: string }
  | { readonly phase: 'failed'; readonly context: string; readonly message: string }
  | { readonly phase: 'connected'; readonly context: string };

/** The store queries the Cluster view's rows (and the status bar) read. */
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

/** What the rows are built from: the connection, and the shown session's store when connected. */
export interface ClusterTreeSource {
  readonly connection: ConnectionView;
  readonly store?: ClusterStoreView;
  /** The session's coverage and upgrade plans, when the host computes them. */
  readonly insights?: ClusterInsights;
}

export type ClusterNode =
  | {
      readonly type: 'message';
      readonly id: string;
      readonly text: string;
      readonly detail?: string;
      readonly icon: 'loading' | 'error' | 'info' | 'warning';
      /** The row's command: Retry, or the context picker. */
      readonly action?: 'retry' | 'selectContext';
    }
  | {
      readonly type: 'status';
      readonly id: string;
      readonly kind: string;
      readonly namespace?: string;
      readonly state: Exclude<KindStatusEntry['status']['state'], 'ok'>;
      readonly message?: string;
    }
  | { readonly type: 'notInstalled'; readonly id: string; readonly kinds: readonly string[] }
  | { readonly type: 'clusterScoped'; readonly id: string; readonly counts: SeverityCounts }
  | {
      readonly type: 'clusterKind';
      readonly id: string;
      readonly kind: string;
      readonly counts: SeverityCounts;
      readonly reports: number;
    }
  | {
      readonly type: 'report';
      readonly id: string;
      readonly report: ReportRef;
      readonly counts: SeverityCounts;
      readonly findings: number;
    }
  | {
      readonly type: 'namespace';
      readonly id: string;
      readonly namespace: string;
      readonly counts: SeverityCounts;
      readonly workloads: number;
      /** How many of its workloads are scanned, not scanned, stale …, when coverage is known. */
      readonly coverage?: CoverageCounts | undefined;
    }
  | {
      readonly type: 'workload';
      readonly id: string;
      readonly workload: WorkloadRef;
      readonly counts: SeverityCounts;
      readonly countsByKind: Readonly<Record<string, SeverityCounts>>;
      /** Its coverage state (`scanned 2 h ago`, `stale: report 3 d old` …), when coverage is known. */
      readonly coverageText?: string | undefined;
    }
  | {
      readonly type: 'workloadKind';
      readonly id: string;
      readonly workload: WorkloadRef;
      readonly kind: string;
      readonly counts: SeverityCounts;
    }
  | {
      readonly type: 'finding';
      readonly id: string;
      readonly finding: Finding;
      /** The workload it is about, for namespaced reports. */
      readonly workload?: WorkloadRef;
    }
  | InsightNode;

export type ClusterNodeType = ClusterNode['type'];

const CLUSTER_SCOPED_ID = 'cluster-scoped';

/** Ids are stable across refreshes (VS Code keeps expansion by id) and unique in the tree. */
export const nodeIds = {
  namespace: (ns: string) => `ns/${ns}`,
  workload: (key: string) => `wl/${key}`,
  workloadKind: (key: string, kind: string) => `wk/${key}/${kind}`,
  clusterKind: (kind: string) => `ck/${kind}`,
  report: (key: string) => `rp/${key}`,
  clusterScoped: () => CLUSTER_SCOPED_ID,
} as const;

/** The children of `parent` (the root rows when `undefined`). */
export function clusterChildren(parent: ClusterNode | undefined, source: ClusterTreeSource): ClusterNode[] {
  if (!parent) return rootRows(source);
  const store = source.store;
  if (!store) return [];
  switch (parent.type) {
    case 'notInstalled':
      return parent.kinds.map((kind) => ({
        type: 'status',
        id: `st/${kind}/*/not-installed`,
        kind,
        state: 'not-installed',
      }));
    case 'clusterScoped':
      return clusterKindRows(store);
    case 'clusterKind':
      return store
        .reports(parent.kind)
        .map((r): ClusterNode => {
          const findings = store.findingsForReport(r.key);
          return {
            type: 'report',
            id: nodeIds.report(r.key),
            report: { key: r.key, kind: r.kind.kind, name: r.name },
            counts: r.counts,
            findings: findings.length,
          };
        })
        .sort((a, b) => byCounts(a, b) || labelOf(a).localeCompare(labelOf(b)));
    case 'report':
      return findingRows(store.findingsForReport(parent.report.key), parent.id);
    case 'namespace':
      return namespaceChildren(parent.namespace, store, source.insights);
    case 'workload': {
      // Read from the store, not from the row: a row VS Code has not asked for again since a
      // change still holds the counts it was built with.
      const key = workloadKey(parent.workload);
      const kinds = new Set(
        store.findingsForWorkload(key).map((f) => f.origin.report?.kind ?? 'unknown report kind'),
      );
      for (const k of REPORT_KINDS)
        if (hasCounts(store.countsFor({ workload: key, kind: k.kind }))) kinds.add(k.kind);
      return [...kinds].sort(byTableOrder).map((kind) => ({
        type: 'workloadKind',
        id: nodeIds.workloadKind(key, kind),
        workload: parent.workload,
        kind,
        counts: store.countsFor({ workload: key, kind }),
      }));
    }
    case 'workloadKind': {
      const key = workloadKey(parent.workload);
      const findings = store
        .findingsForWorkload(key)
        .filter((f) => (f.origin.report?.kind ?? 'unknown report kind') === parent.kind);
      return findingRows(findings, parent.id, parent.workload);
    }
    case 'message':
    case 'status':
    case 'finding':
      return [];
    default:
      return insightChildren(parent, source.insights);
  }
}

/**
 * A namespace's rows: its Upgrades, its workloads with reports (most severe first, each with its
 * coverage state), then the workloads no report is about yet, which say so instead of showing
 * zero counts as if they were clean.
 */
function namespaceChildren(
  namespace: string,
  store: NonNullable<ClusterTreeSource['store']>,
  insights: ClusterInsights | undefined,
): ClusterNode[] {
  const coverage = insights?.coverage();
  const byKey = new Map(coverage?.workloads.filter((w) => w.namespace === namespace).map((w) => [w.key, w]));
  const now = coverage ? Date.parse(coverage.at) : 0;
  const rows: ClusterNode[] = store
    .workloads(namespace)
    .map((w): ClusterNode => {
      const c = byKey.get(w.key);
      byKey.delete(w.key);
      return {
        type: 'workload',
        id: nodeIds.workload(w.key),
        workload: w.workload,
        counts: w.counts,
        countsByKind: w.countsByKind,
        coverageText: c ? coverageStateText(c, now) : undefined,
      };
    })
    .sort((a, b) => byCounts(a, b) || labelOf(a).localeCompare(labelOf(b)));
  for (const c of byKey.values()) rows.push(coverageWorkloadRow(c, now));
  const upgrades = insights && upgradesRow(namespace, insights.upgrades(namespace));
  if (upgrades) rows.unshift(upgrades);
  return rows;
}

function rootRows(source: ClusterTreeSource): ClusterNode[] {
  const c = source.connection;
  switch (c.phase) {
    case 'disabled':
      return [
        {
          type: 'message',
          id: 'msg/disabled',
          icon: 'info',
          text: 'The Cluster view is turned off (trivyFindings.cluster.enabled).',
        },
      ];
    case 'no-kubeconfig':
      return [
        {
          type: 'message',
          id: 'msg/no-kubeconfig',
          icon: 'warning',
          text: 'No kubeconfig',
          detail: c.message,
          action: 'retry',
        },
      ];
    case 'connecting':
      return [
        { type: 'message', id: 'msg/connecting', icon: 'loading', text: `Connecting to ${c.context}…` },
      ];
    case 'failed':
      return [
        {
          type: 'message',
          id: 'msg/failed',
          icon: 'error',
          text: `Cannot reach ${c.context}`,
          detail: c.message,
          action: 'retry',
        },
      ];
    case 'connected':
      break;
  }
  const store = source.store;
  if (!store) return [];
  const rows: ClusterNode[] = [];
  const notInstalled: string[] = [];
  for (const entry of store.kindStatuses()) {
    const status = entry.status;
    if (status.state === 'ok') continue;
    if (status.state === 'not-installed') {
      notInstalled.push(entry.kind.kind);
      continue;
    }
    rows.push({
      type: 'status',
      id: `st/${entry.kind.kind}/${entry.namespace ?? '*'}/${status.state}`,
      kind: entry.kind.kind,
      ...(entry.namespace !== undefined ? { namespace: entry.namespace } : {}),
      state: status.state,
      message: status.message,
    });
  }
  const coverage = source.insights?.coverage();
  if (coverage) rows.push(...coverageRows(coverage));
  const namespaces = namespaceRows(store, coverage);
  const clusterScoped = store.namespaces().find((n) => n.namespace === '');
  if (clusterScoped)
    rows.push({ type: 'clusterScoped', id: nodeIds.clusterScoped(), counts: clusterScoped.counts });
  rows.push(...namespaces);
  if (notInstalled.length > 0) {
    if (notInstalled.length === REPORT_KINDS.length || (store.size === 0 && rows.length === 0))
      rows.push({
        type: 'message',
        id: 'msg/nothing-installed',
        icon: 'info',
        text: `No report kinds in ${c.context}`,
        detail:
          'Install Trivy Operator (or a policy engine) in the cluster; its reports appear here as they are written.',
      });
    rows.push({ type: 'notInstalled', id: 'not-installed', kinds: notInstalled.sort(byTableOrder) });
  }
  if (store.size === 0 && !rows.some((r) => r.type === 'message' || r.type === 'status'))
    rows.unshift({
      type: 'message',
      id: 'msg/no-reports',
      icon: 'info',
      text: `No reports in ${c.context} yet`,
      detail:
        'Trivy Operator writes a report for each workload it has scanned; they appear here as they come.',
    });
  return rows;
}

/** The Coverage row, after a warning when workloads may not be listed (coverage unknown there). */
function coverageRows(coverage: CoverageReport): ClusterNode[] {
  const rows: ClusterNode[] = [];
  const refused = refusedListings(coverage);
  if (refused.length > 0) {
    const kinds = [...new Set(refused.map((s) => s.kind))];
    rows.push({
      type: 'message',
      id: 'msg/coverage-refused',
      icon: 'warning',
      text: `Coverage unknown: ${kinds.join(', ')} may not be listed (${refused[0]!.state})`,
      detail:
        refused[0]!.message ?? 'Workloads that cannot be listed are not counted: they may be scanned or not.',
    });
  }
  rows.push(coverageRow(coverage));
  return rows;
}

/** Namespaces with reports, and those whose workloads coverage lists though no report is there. */
function namespaceRows(
  store: NonNullable<ClusterTreeSource['store']>,
  coverage: CoverageReport | undefined,
): ClusterNode[] {
  const byNamespace = new Map(coverage?.namespaces.map((n) => [n.namespace, n]));
  const rows = store
    .namespaces()
    .filter((n) => n.namespace !== '')
    .map((n): ClusterNode => {
      const c = byNamespace.get(n.namespace);
      byNamespace.delete(n.namespace);
      return {
        type: 'namespace',
        id: nodeIds.namespace(n.namespace),
        namespace: n.namespace,
        counts: n.counts,
        workloads: store.workloads(n.namespace).length,
        coverage: c,
      };
    });
  for (const c of byNamespace.values())
    rows.push({
      type: 'namespace',
      id: nodeIds.namespace(c.namespace),
      namespace: c.namespace,
      counts: emptyCounts(),
      workloads: 0,
      coverage: c,
    });
  return rows.sort((a, b) => labelOf(a).localeCompare(labelOf(b)));
}

function clusterKindRows(store: NonNullable<ClusterTreeSource['store']>): ClusterNode[] {
  const byKind = new Map<string, { counts: SeverityCounts; reports: number }>();
  for (const r of store.reports()) {
    if (r.namespace !== undefined && r.namespace !== '') continue;
    let entry = byKind.get(r.kind.kind);
    if (!entry) byKind.set(r.kind.kind, (entry = { counts: emptyCounts(), reports: 0 }));
    entry.reports++;
    for (const s of SEVERITIES) entry.counts[s] += r.counts[s];
  }
  return [...byKind.keys()].sort(byTableOrder).map((kind) => ({
    type: 'clusterKind',
    id: nodeIds.clusterKind(kind),
    kind,
    counts: byKind.get(kind)!.counts,
    reports: byKind.get(kind)!.reports,
  }));
}

function findingRows(findings: readonly Finding[], parentId: string, workload?: WorkloadRef): ClusterNode[] {
  const seen = new Map<string, number>();
  return [...findings]
    .sort(
      (a, b) =>
        compareSeverity(a.severity, b.severity) ||
        a.id.localeCompare(b.id) ||
        (a.package?.name ?? '').localeCompare(b.package?.name ?? ''),
    )
    .map((finding) => {
      // The same id may occur more than once in a report (one CVE in two packages): the package
      // and a running number keep the row ids unique and stable while the report is unchanged.
      const base = `${parentId}/f/${finding.id}/${finding.package?.name ?? finding.resource?.name ?? ''}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return {
        type: 'finding',
        id: n === 0 ? base : `${base}#${n}`,
        finding,
        ...(workload ? { workload } : {}),
      };
    });
}

const TABLE_ORDER = new Map(REPORT_KINDS.map((k, i) => [k.kind, i]));

function byTableOrder(a: string, b: string): number {
  return (TABLE_ORDER.get(a) ?? 999) - (TABLE_ORDER.get(b) ?? 999) || a.localeCompare(b);
}

function hasCounts(counts: SeverityCounts): boolean {
  return SEVERITIES.some((s) => counts[s] > 0);
}

/** Most severe first: by critical count, then high, … */
function byCounts(a: ClusterNode, b: ClusterNode): number {
  if (!('counts' in a) || !('counts' in b)) return 0;
  for (const s of SEVERITIES) if (a.counts[s] !== b.counts[s]) return b.counts[s] - a.counts[s];
  return 0;
}

/** `C:3 H:12` — the non-zero counts, most severe first; empty when there are none. */
export function countsText(counts: SeverityCounts): string {
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${s[0]}:${counts[s]}`)
    .join(' ');
}

/** The row's label (plain text: the tree shows labels as text, never as Markdown or HTML). */
export function labelOf(node: ClusterNode): string {
  switch (node.type) {
    case 'message':
      return node.text;
    case 'status':
      return `${node.kind}${node.namespace ? ` in ${node.namespace}` : ''}: ${STATE_TEXT[node.state]}`;
    case 'notInstalled':
      return `${node.kinds.length} report kind${node.kinds.length === 1 ? '' : 's'} not installed`;
    case 'clusterScoped':
      return 'Cluster-scoped reports';
    case 'clusterKind':
      return node.kind;
    case 'report':
      return node.report.name;
    case 'namespace':
      return node.namespace;
    case 'workload':
      return `${node.workload.kind} ${node.workload.name}`;
    case 'workloadKind':
      return node.kind;
    case 'finding': {
      const f = node.finding;
      return f.package ? `${f.id} ${f.package.name}` : `${f.id} ${f.title}`;
    }
    default:
      return insightLabel(node);
  }
}

export const STATE_TEXT: Readonly<Record<Exclude<KindStatusEntry['status']['state'], 'ok'>, string>> = {
  'not-installed': 'not installed',
  forbidden: 'forbidden',
  unauthorized: 'unauthorized',
  unreachable: 'unreachable',
};

/** The description beside the label: counts, a status message, a version. */
export function descriptionOf(node: ClusterNode): string {
  switch (node.type) {
    case 'message':
      return node.detail ?? '';
    case 'status':
      return node.message ?? '';
    case 'notInstalled':
      return '';
    case 'workload':
      // "not scanned" never looks like clean: a workload row exists only with reports, so no
      // counts means its reports found nothing; a workload without reports is a coverage row.
      return [countsText(node.counts) || 'no findings', node.coverageText].filter((t) => t).join(' · ');
    case 'namespace':
      return [countsText(node.counts), namespaceCoverageText(node.coverage)].filter((t) => t).join(' · ');
    case 'finding': {
      const f = node.finding;
      const parts: string[] = [f.severity];
      if (f.type === 'compliance' || f.outcome === 'pass') parts.push(f.outcome);
      if (f.package)
        parts.push(
          f.package.fixedVersion
            ? `${f.package.installedVersion ?? '?'} → ${f.package.fixedVersion}`
            : `${f.package.installedVersion ?? '?'}, no fix`,
        );
      // By which file, when an ignore file suppresses it: a multi-root workspace has one per folder.
      const by = f.suppression;
      if (f.suppressed) parts.push(by?.source ? `suppressed by ${by.source} line ${by.line}` : 'suppressed');
      return parts.join(' · ');
    }
    case 'clusterScoped':
    case 'clusterKind':
    case 'report':
    case 'workloadKind':
      return countsText(node.counts);
    default:
      return insightDescription(node, countsText);
  }
}

/** `contextValue` of a row, for the menus of package.json. */
export function contextValueOf(node: ClusterNode): string {
  switch (node.type) {
    case 'finding': {
      const f = node.finding;
      const traits = [f.type === 'vulnerability' ? 'vulnerability' : 'check'];
      if (ruleLinkOf(f)) traits.push('link');
      return `finding ${traits.join(' ')}`;
    }
    case 'message':
      return node.action === 'retry' ? 'message retry' : 'message';
    case 'workload':
      return 'workload rescannable';
    case 'workloadKind':
      return 'workloadKind rescannable';
    case 'report':
      return 'report rescannable';
    default:
      return node.type;
  }
}

/** The http(s) page of a finding's rule or advisory, when it has one. */
export function ruleLinkOf(f: Finding): string | undefined {
  for (const candidate of [f.primaryUrl, ...f.references]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate.trim());
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
    } catch {
      // not a URL; try the next one
    }
  }
  return undefined;
}

/** The reports a rescan of a row deletes: a workload's (or one kind of them), or one report. */
export function reportsOfNode(
  node: ClusterNode,
  store: NonNullable<ClusterTreeSource['store']>,
): ReportRef[] {
  if (node.type === 'report') return [node.report];
  if (node.type !== 'workload' && node.type !== 'workloadKind') return [];
  // Reports whose findings are all passed or suppressed still belong to the workload: asked of
  // every report of its namespace, not of its findings.
  const key = workloadKey(node.workload);
  const out: ReportRef[] = [];
  for (const r of store.reports(node.type === 'workloadKind' ? node.kind : undefined)) {
    if ((r.namespace ?? '') !== (node.workload.namespace ?? '')) continue;
    if (![...store.workloadsOfReport(r.key).values()].some((w) => workloadKey(w) === key)) continue;
    out.push({
      key: r.key,
      kind: r.kind.kind,
      ...(r.namespace ? { namespace: r.namespace } : {}),
      name: r.name,
    });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
