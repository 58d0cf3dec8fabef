import type { ReportSummary } from '../cluster/reportIndex.js';
import type { WorkloadInventory, WorkloadObject } from '../cluster/workloadInventory.js';
import { REPORT_KINDS, type ReportKind } from '../model/reportKinds.js';
import { WORKLOAD_KINDS, workloadKindOf } from '../model/workloadKinds.js';
import type { KindStatus } from '../ports/clusterSource.js';

/**
 * Coverage: which workloads of the cluster Trivy Operator has scanned — `scanned` (every report
 * it writes about each scanned workload is there, none past its TTL), `stale` (a report is older
 * than the operator's rescan interval: it should have been deleted and made anew), `scanning` (the
 * operator has a scan job for it), `not-scanned` (a report is missing), `unknown` (the reports or
 * the objects it is scanned through may not be listed, or are not listed yet). "Not scanned" is
 * never shown as clean, and a workload whose state cannot be told is `unknown`, never `scanned`.
 *
 * What is scanned follows the operator (`pkg/operator/workload/helper.go` SkipProcessing and the
 * workload controller): the kinds of `WORKLOAD_KINDS` it scans, except objects whose controller is
 * itself a built-in workload (a Deployment's ReplicaSets, a CronJob's Jobs, any controller's Pods),
 * which are covered through it, and objects the operator made (its scan jobs). A Deployment is
 * scanned through its current ReplicaSet — the one whose `deployment.kubernetes.io/revision` is the
 * Deployment's, as the operator's `IsActiveReplicaSet` decides. The reports a workload needs are
 * the kinds of `REPORT_KINDS` marked `coverage` that attach to the scanned object's kind and that
 * the cluster serves (or the kinds a host names, matching the operator's configuration).
 */
export type CoverageState = 'scanned' | 'stale' | 'scanning' | 'not-scanned' | 'unknown';

export const COVERAGE_STATES: readonly CoverageState[] = [
  'scanned',
  'stale',
  'scanning',
  'not-scanned',
  'unknown',
];

export interface CoverageOptions {
  /**
   * How old a report without its own TTL annotation may get: the operator's
   * OPERATOR_SCANNER_REPORT_TTL (Helm `operator.scannerReportTTL`), 24 h by default; `Infinity` when
   * the TTL is turned off. A report's annotation `trivy-operator.aquasecurity.github.io/report-ttl`,
   * which the operator acts on, wins.
   */
  readonly reportTtlMs?: number;
  /** Report kinds every scanned workload must have; default: the table's coverage kinds. */
  readonly kinds?: readonly string[];
  /** OPERATOR_NAMESPACE, where the operator runs its scan jobs (default `trivy-system`, its Helm chart's). */
  readonly operatorNamespace?: string;
}

export const DEFAULT_REPORT_TTL_MS = 24 * 3_600_000;
export const DEFAULT_OPERATOR_NAMESPACE = 'trivy-system';

/** One kind of report a workload needs, as it stands for one workload. */
export interface ReportCoverage {
  readonly kind: string;
  /** `present`, `stale` (past its TTL), `missing`, or `unknown` (the kind may not be listed here, or is not yet). */
  readonly state: 'present' | 'stale' | 'missing' | 'unknown';
  /** Reports held (one per container for vulnerability reports). */
  readonly reports: number;
  /** Creation time of the oldest of them. */
  readonly created?: string;
  /** When the first of them passes its TTL (ISO time), for kinds the operator rescans. */
  readonly expires?: string;
}

export interface WorkloadCoverage {
  /** `Deployment/shop/web` ({@link workloadKey}): the key of the store's workload index too. */
  readonly key: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly state: CoverageState;
  /** The object the operator scans for it (`ReplicaSet/shop/web-6d4cf56db6` for Deployment `web`), when known. */
  readonly scannedAs?: string;
  readonly reports: readonly ReportCoverage[];
  /** Why, when not `scanned`. */
  readonly reason?: string;
}

export interface CoverageCounts {
  readonly workloads: number;
  readonly scanned: number;
  readonly stale: number;
  readonly scanning: number;
  readonly notScanned: number;
  readonly unknown: number;
}

export interface NamespaceCoverage extends CoverageCounts {
  readonly namespace: string;
}

/** A workload kind whose objects cannot be listed somewhere: its workloads there are not counted. */
export interface UnknownScope {
  readonly kind: string;
  /** `null`: all namespaces (but those listed in the rows). */
  readonly namespace: string | null;
  readonly state: KindStatus['state'] | 'not-synced';
  readonly message?: string;
}

export interface CoverageReport {
  /** The time the states hold for (ISO). */
  readonly at: string;
  readonly reportTtlMs: number;
  /** The report kinds a workload needs here (those the cluster serves). */
  readonly requiredKinds: readonly string[];
  /** Kinds of the table that would be needed but that the cluster does not serve. */
  readonly notInstalledKinds: readonly string[];
  /** Workloads by namespace, kind (in `WORKLOAD_KINDS` order) and name. */
  readonly workloads: readonly WorkloadCoverage[];
  /** Counts per namespace, by namespace. */
  readonly namespaces: readonly NamespaceCoverage[];
  readonly totals: CoverageCounts;
  /** Listings of workloads that failed or are pending: coverage there is unknown, not clean. */
  readonly unknownScopes: readonly UnknownScope[];
  /** Whether the operator's scan jobs can be seen; when not, no workload is shown `scanning`. */
  readonly scanJobs: { readonly visible: boolean; readonly reason?: string };
}

/** What coverage reads of a cluster: its workloads and its reports. */
export interface CoverageSources {
  readonly workloads: Pick<
    WorkloadInventory,
    'list' | 'controlledBy' | 'scanJobsOf' | 'statusIn' | 'kindStatuses'
  >;
  readonly reports: {
    reportsAbout(subject: string, kind?: string): ReportSummary[];
    statusIn(kind: string, namespace: string): KindStatus | undefined;
    kindStatuses(): readonly { readonly kind: ReportKind; readonly status: KindStatus }[];
  };
}

/** The coverage of the cluster's workloads (of one namespace) at `now` (milliseconds since the epoch). */
export function computeCoverage(
  sources: CoverageSources,
  now: number,
  options: CoverageOptions = {},
  namespace?: string,
): CoverageReport {
  const ttl = options.reportTtlMs ?? DEFAULT_REPORT_TTL_MS;
  const operatorNamespace = options.operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE;
  const wanted = REPORT_KINDS.filter((k) => k.coverage && (!options.kinds || options.kinds.includes(k.kind)));
  const notInstalled = new Set(
    sources.reports
      .kindStatuses()
      .filter((s) => s.status.state === 'not-installed')
      .map((s) => s.kind.kind),
  );
  const required = wanted.filter((k) => !notInstalled.has(k.kind));
  const jobs = sources.workloads.statusIn('Job', operatorNamespace);
  const scanJobs =
    jobs?.state === 'ok' || jobs?.state === 'unreachable' || jobs?.state === 'unauthorized'
      ? { visible: true }
      : {
          visible: false,
          reason: `Jobs in ${operatorNamespace} ${jobs ? `may not be listed (${jobs.state})` : 'are not listed yet'}: scans in progress are not shown`,
        };
  const ctx: Context = { sources, now, ttl, required, scanJobsVisible: scanJobs.visible };
  const rows: WorkloadCoverage[] = [];
  for (const w of sources.workloads.list(namespace)) if (isWorkloadOfItsOwn(w)) rows.push(coverageOf(w, ctx));
  rows.sort(byPlace);
  const namespaces = new Map<string, Counter>();
  const totals = newCounter();
  for (const r of rows) {
    let c = namespaces.get(r.namespace);
    if (!c) namespaces.set(r.namespace, (c = newCounter()));
    count(c, r.state);
    count(totals, r.state);
  }
  return {
    at: new Date(now).toISOString(),
    reportTtlMs: ttl,
    requiredKinds: required.map((k) => k.kind),
    notInstalledKinds: wanted.filter((k) => notInstalled.has(k.kind)).map((k) => k.kind),
    workloads: rows,
    namespaces: [...namespaces]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([ns, c]) => ({ namespace: ns, ...c })),
    totals,
    unknownScopes: unknownScopes(sources.workloads, namespace),
    scanJobs,
  };
}

interface Context {
  readonly sources: CoverageSources;
  readonly now: number;
  readonly ttl: number;
  readonly required: readonly ReportKind[];
  readonly scanJobsVisible: boolean;
}

type Counter = { -readonly [K in keyof CoverageCounts]: CoverageCounts[K] };

function newCounter(): Counter {
  return { workloads: 0, scanned: 0, stale: 0, scanning: 0, notScanned: 0, unknown: 0 };
}

function count(c: Counter, state: CoverageState): void {
  c.workloads++;
  if (state === 'not-scanned') c.notScanned++;
  else c[state]++;
}

/**
 * A workload a person manages: of a kind of the table, not made by the operator, and not
 * controlled by another built-in workload (which it is covered through).
 */
function isWorkloadOfItsOwn(w: WorkloadObject): boolean {
  return !w.managedByTrivyOperator && !(w.controller && workloadKindOf(w.controller.kind));
}

function coverageOf(w: WorkloadObject, ctx: Context): WorkloadCoverage {
  const base = { key: w.key, kind: w.kind, namespace: w.namespace, name: w.name };
  const kind = workloadKindOf(w.kind)!;
  let scanned: WorkloadObject | undefined = w;
  if (!kind.scanned) {
    // Scanned through the objects it controls (a Deployment through its current ReplicaSet).
    const through = kind.scannedThrough;
    const children = through
      ? ctx.sources.workloads.controlledBy(w.key).filter((c) => c.kind === through)
      : [];
    scanned = currentRevision(w, children);
    if (!scanned) {
      const listing = through && ctx.sources.workloads.statusIn(through, w.namespace);
      if (through && (!listing || listing.state === 'forbidden' || listing.state === 'not-installed')) {
        return {
          ...base,
          state: 'unknown',
          reports: [],
          reason: `${through}s in ${w.namespace} ${listing ? `may not be listed (${listing.state})` : 'are not listed yet'}`,
        };
      }
      return {
        ...base,
        state: 'not-scanned',
        reports: [],
        reason: through ? `it has no ${through} to scan yet` : 'the operator does not scan it',
      };
    }
  }
  const reports = ctx.required
    .filter((k) => k.attachesTo.includes(scanned.kind))
    .map((k) => reportCoverage(k, scanned, ctx));
  const jobs = ctx.scanJobsVisible ? ctx.sources.workloads.scanJobsOf(scanned.key) : [];
  const unknown = reports.find((r) => r.state === 'unknown');
  const missing = reports.filter((r) => r.state === 'missing');
  const stale = reports.filter((r) => r.state === 'stale');
  const as = scanned === w ? {} : { scannedAs: scanned.key };
  if (jobs.length > 0)
    return {
      ...base,
      ...as,
      state: 'scanning',
      reports,
      reason: `scan job ${jobs[0]!.namespace}/${jobs[0]!.name} is running`,
    };
  if (unknown) {
    const s = ctx.sources.reports.statusIn(unknown.kind, w.namespace);
    return {
      ...base,
      ...as,
      state: 'unknown',
      reports,
      reason: `${unknown.kind}s in ${w.namespace} ${s ? `may not be listed (${s.state})` : 'are not listed yet'}`,
    };
  }
  if (reports.length === 0)
    return {
      ...base,
      ...as,
      state: 'not-scanned',
      reports,
      reason: 'the cluster serves no report kind the operator writes for it',
    };
  if (missing.length > 0)
    return {
      ...base,
      ...as,
      state: 'not-scanned',
      reports,
      reason: `no ${missing.map((r) => r.kind).join(' or ')} yet`,
    };
  if (stale.length > 0)
    return {
      ...base,
      ...as,
      state: 'stale',
      reports,
      reason: `${stale.map((r) => r.kind).join(' and ')} older than its TTL`,
    };
  return { ...base, ...as, state: 'scanned', reports };
}

function reportCoverage(kind: ReportKind, scanned: WorkloadObject, ctx: Context): ReportCoverage {
  const status = ctx.sources.reports.statusIn(kind.kind, scanned.namespace);
  if (!status || status.state === 'forbidden') return { kind: kind.kind, state: 'unknown', reports: 0 };
  const held = ctx.sources.reports.reportsAbout(scanned.key, kind.kind);
  if (held.length === 0) return { kind: kind.kind, state: 'missing', reports: 0 };
  let oldest: number | undefined;
  let created: string | undefined;
  let expires: number | undefined;
  for (const r of held) {
    const t = r.created ? Date.parse(r.created) : NaN;
    if (Number.isNaN(t)) continue;
    if (oldest === undefined || t < oldest) [oldest, created] = [t, r.created];
    if (kind.coverage?.expires) {
      const at = t + (r.ttlMs ?? ctx.ttl);
      if (expires === undefined || at < expires) expires = at;
    }
  }
  return {
    kind: kind.kind,
    state: expires !== undefined && ctx.now >= expires ? 'stale' : 'present',
    reports: held.length,
    ...(created ? { created } : {}),
    ...(expires !== undefined && Number.isFinite(expires)
      ? { expires: new Date(expires).toISOString() }
      : {}),
  };
}

/**
 * The object a workload is scanned through now: the one of its revision
 * (`deployment.kubernetes.io/revision`, the operator's `IsActiveReplicaSet`), else the highest
 * revision, else the newest.
 */
function currentRevision(
  owner: WorkloadObject,
  children: readonly WorkloadObject[],
): WorkloadObject | undefined {
  if (owner.revision !== undefined) {
    const same = children.find((c) => c.revision === owner.revision);
    if (same) return same;
  }
  let best: WorkloadObject | undefined;
  for (const c of children) {
    if (!best) best = c;
    else {
      const d = Number(c.revision ?? -1) - Number(best.revision ?? -1);
      if (d > 0 || (d === 0 && (c.created ?? '') > (best.created ?? ''))) best = c;
    }
  }
  return best;
}

/** The workload listings (of one namespace) that are not working, or not yet. */
function unknownScopes(
  workloads: CoverageSources['workloads'],
  namespace: string | undefined,
): UnknownScope[] {
  const entries = workloads.kindStatuses();
  const out: UnknownScope[] = [];
  for (const kind of WORKLOAD_KINDS) {
    if (namespace !== undefined) {
      const s = workloads.statusIn(kind.kind, namespace);
      if (!s || s.state !== 'ok') out.push(unknownScope(kind.kind, namespace, s));
      continue;
    }
    const mine = entries.filter((e) => e.kind.kind === kind.kind);
    if (mine.length === 0) out.push(unknownScope(kind.kind, null, undefined));
    for (const e of mine) {
      // A forbidden namespace of a fallback is dropped by the session; one that works says nothing.
      if (e.status.state !== 'ok') out.push(unknownScope(kind.kind, e.namespace ?? null, e.status));
    }
  }
  return out;
}

function unknownScope(kind: string, namespace: string | null, s: KindStatus | undefined): UnknownScope {
  return {
    kind,
    namespace,
    state: s ? s.state : 'not-synced',
    ...(s && 'message' in s ? { message: s.message } : {}),
  };
}

const KIND_ORDER = new Map(WORKLOAD_KINDS.map((k, i) => [k.kind, i]));

function byPlace(a: WorkloadCoverage, b: WorkloadCoverage): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  const k = KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!;
  if (k !== 0) return k;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
