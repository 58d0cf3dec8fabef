// What the panels are given: plain data only — arrays, strings, numbers, the core's `Finding`s —
// never a host object or anything with methods, so that a cluster frame's store can hand it over
// as it is (Freelens cannot call methods on objects that crossed into an extension) and the panels
// render the same from a test's fixtures as from a live cluster.
import type { Finding } from '../../../../shared/src/model/finding.js';
import type { Severity, SeverityCounts } from '../../../../shared/src/model/severity.js';
import type { WorkloadRef } from '../../../../shared/src/model/workloadRef.js';
import type { KindStatus, ObjectRef } from '../../../../shared/src/ports/clusterSource.js';
import type { FindingSummary } from '../../../../shared/src/summary/findingSummary.js';

/**
 * Why a report kind is or is not shown, for one watch: the store's `KindStatusEntry` with the
 * kind by name. `namespace` absent: the watch of all namespaces (or of a cluster-scoped kind).
 */
export interface KindStatusView {
  /** The report kind's name, `VulnerabilityReport`. */
  readonly kind: string;
  readonly namespace?: string;
  readonly status: KindStatus;
}

/**
 * A report held about the object shown. A report without findings is still listed: it says the
 * object was scanned and is clean, where no report says it was not scanned (yet).
 */
export interface ReportView {
  /** The report kind's name, `ConfigAuditReport`. */
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Its findings, counted or not (passed checks, suppressed findings). */
  readonly findings: number;
}

/**
 * Whether Trivy Operator has scanned a workload, as the core's coverage insight says: `stale`
 * when a report is older than the operator's rescan interval; `unknown` when it cannot be told
 * (the reports or the objects it is scanned through may not be listed, or are not listed yet).
 */
export type CoverageState = 'scanned' | 'scanning' | 'not-scanned' | 'stale' | 'unknown';

export interface WorkloadCoverage {
  readonly state: CoverageState;
  /** When its reports were written (the oldest of them), as the reports write it (RFC 3339). */
  readonly updated?: string;
  /** The operator's rescan interval as it is configured (`24h`), when known. */
  readonly rescanInterval?: string;
  /** Why it is not scanned, or why that cannot be told, as the insight says it. */
  readonly reason?: string;
}

/** Workloads of a scope (a namespace, the cluster) in each coverage state. */
export type CoverageCounts = Readonly<Record<CoverageState, number>>;

/** One namespace's workloads in each coverage state: a row of the overview's coverage table. */
export interface NamespaceCoverage {
  readonly namespace: string;
  readonly counts: CoverageCounts;
}

/** The coverage of a scope (a namespace, the cluster). */
export interface ScopeCoverage {
  readonly counts: CoverageCounts;
  /** Per namespace, by name (the overview's table; one row on a namespace's section). */
  readonly namespaces: readonly NamespaceCoverage[];
  /**
   * What makes some of it unknown, in sentences: workload listings forbidden or failing (with the
   * server's message), scan jobs that cannot be seen.
   */
  readonly notes: readonly string[];
}

/**
 * One package upgrade and what it clears, as the core's upgrade insight gives it: the findings of
 * every container running the package folded into one row.
 */
export interface PackageUpgrade {
  readonly package: string;
  readonly installedVersion: string;
  /** The lowest version that fixes every finding it clears; absent when no fix is published. */
  readonly fixedVersion?: string;
  /** Findings the upgrade clears (or, without a fix, that the package carries). */
  readonly findings: number;
  readonly counts: SeverityCounts;
  /** The vulnerability ids, most severe first. */
  readonly ids: readonly string[];
  /** The images that carry the package (`library/nginx:1.21.6`). */
  readonly images: readonly string[];
}

/** The Security findings section of one object's details page. */
export interface ObjectPanelData {
  /** True until the watches of this object's report kinds have listed once. */
  readonly loading: boolean;
  /** The object's findings, its workload's when it is one (a Deployment's ReplicaSets', Pods'). */
  readonly findings: readonly Finding[];
  readonly reports: readonly ReportView[];
  readonly statuses: readonly KindStatusView[];
  /** Workloads only, once the core's coverage insight is connected. */
  readonly coverage?: WorkloadCoverage;
  /** Workloads only, once the core's upgrade insight is connected. */
  readonly upgrades?: readonly PackageUpgrade[];
}

/** The section of a Namespace's details page: its totals and its worst workloads. */
export interface NamespacePanelData {
  readonly loading: boolean;
  /** The namespace's summary (`ReportIndex.summary(namespace)`). */
  readonly summary: FindingSummary;
  readonly statuses: readonly KindStatusView[];
  readonly coverage?: ScopeCoverage;
}

/** The cluster's Trivy Findings page. */
export interface OverviewData {
  readonly loading: boolean;
  readonly summary: FindingSummary;
  readonly statuses: readonly KindStatusView[];
  /** Findings of ClusterComplianceReports: one per control (failed ones, and passed ones if kept). */
  readonly compliance: readonly Finding[];
  readonly coverage?: ScopeCoverage;
}

/** A workload that carries a vulnerability or fails a check, as the core's carrier insight gives it. */
export interface Carrier {
  readonly workload: WorkloadRef;
  /** Its findings of that id (one per container or package that carries it). */
  readonly findings: number;
  readonly severity: Severity;
  readonly images: readonly string[];
}

/** The "Which workloads carry …" page for one id (`CVE-2022-0778`, `KSV001`, any spelling). */
export interface CarriersData {
  readonly id: string;
  readonly loading: boolean;
  readonly carriers: readonly Carrier[];
  readonly statuses: readonly KindStatusView[];
}

/** What a rescan did: Trivy Operator scans a workload again when its reports are deleted. */
export interface RescanResult {
  readonly deletedReports: number;
}

/** Rescans one workload: deletes its reports (the plumbing does, after the person confirmed). */
export type Rescan = (workload: ObjectRef) => Promise<RescanResult>;
