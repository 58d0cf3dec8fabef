import { checkJoinKey } from '../model/checkIds.js';
import type { ArtifactRef, Finding } from '../model/finding.js';
import type { Problem } from '../model/problem.js';
import { emptyCounts, SEVERITIES, type SeverityCounts } from '../model/severity.js';
import { workloadKey, type WorkloadRef } from '../model/workloadRef.js';
import {
  countRows,
  sortRows,
  type FindingSummary,
  type WorkloadCountRow,
} from '../summary/findingSummary.js';
import type { ChangeBatcher } from './changeBatcher.js';
import { CheckIndex } from './checkIndex.js';
import { SeverityTally } from './severityTally.js';
import type { StoredReport, SubjectGroup } from './storedReport.js';

export interface WorkloadSummary {
  readonly key: string;
  readonly workload: WorkloadRef;
  readonly counts: SeverityCounts;
  /** Counts per report kind name (`VulnerabilityReport` …); a plain object, as webviews receive it. */
  readonly countsByKind: Readonly<Record<string, SeverityCounts>>;
  /** Reports about this workload (one per container and kind for Trivy Operator). */
  readonly reports: number;
  readonly findings: number;
}

export interface NamespaceSummary {
  /** `''` for cluster-scoped reports. */
  readonly namespace: string;
  readonly counts: SeverityCounts;
  readonly countsByKind: Readonly<Record<string, SeverityCounts>>;
  readonly reports: number;
}

export interface ImageSummary {
  readonly digest: string;
  readonly artifact?: ArtifactRef;
  /** Workloads whose reports name this image. */
  readonly workloads: readonly WorkloadRef[];
  readonly reports: number;
}

/** What {@link ReportIndex.countsFor} counts; all absent means the whole cluster. */
export interface CountScope {
  readonly workload?: WorkloadRef | string;
  readonly namespace?: string;
  readonly kind?: string;
}

/** A report as listed by {@link ReportIndex.reports}, without its findings. */
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

/**
 * The reports of one cluster and their indexes — by key, kind, namespace, workload, image digest
 * and check id — with severity tallies per workload, namespace and cluster kept up to date by
 * adding and subtracting whole reports. The queries the hosts' views run; the feeding side (watch
 * events, statuses, owner resolution) is {@link ReportStore}, which extends it.
 */
export class ReportIndex {
  protected readonly reportsByKey = new Map<string, StoredReport>();
  protected readonly byKind = new Map<string, Set<StoredReport>>();
  private readonly byNamespace = new Map<string, NamespaceNode>();
  private readonly byWorkload = new Map<string, WorkloadNode>();
  private readonly byImage = new Map<string, Set<StoredReport>>();
  /** By the object each report is about, as written in it (`ReplicaSet/shop/web-6d4cf56db6`). */
  private readonly bySubject = new Map<string, Set<StoredReport>>();
  private readonly byCheck = new CheckIndex();
  private readonly cluster = new SeverityTally();
  private joinKeys = new Map<string, string>();

  protected constructor(protected readonly batcher: ChangeBatcher) {}

  /** All findings about one workload (`Deployment/default/web` or a {@link WorkloadRef}). */
  findingsForWorkload(workload: WorkloadRef | string): Finding[] {
    const node = this.byWorkload.get(typeof workload === 'string' ? workload : workloadKey(workload));
    return node ? [...node.groups].flatMap((g) => g.findings) : [];
  }

  /**
   * The reports about one workload, those without findings too: a clean report says the workload
   * was scanned, where no report says it was not (yet). What a rescan deletes.
   */
  reportsForWorkload(workload: WorkloadRef | string): ReportSummary[] {
    const node = this.byWorkload.get(typeof workload === 'string' ? workload : workloadKey(workload));
    const reports = new Set<StoredReport>();
    for (const g of node?.groups ?? []) reports.add(g.report);
    return [...reports].map(({ subjects: _s, bucket: _b, ...summary }) => summary);
  }

  /** The findings of one report, by its key (`Kind/namespace/name`); empty when it is not held. */
  findingsForReport(key: string): Finding[] {
    const r = this.reportsByKey.get(key);
    return r ? [...findingsOf(r)] : [];
  }

  /** The workload of each finding of one report (a PolicyReport's findings may differ). */
  workloadsOfReport(key: string): Map<Finding, WorkloadRef> {
    const out = new Map<Finding, WorkloadRef>();
    for (const g of this.reportsByKey.get(key)?.subjects ?? [])
      for (const f of g.findings) out.set(f, g.workload);
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
      out.push({
        key,
        workload: node.ref,
        counts: node.tally.counts(),
        countsByKind: copyByKind(node.tally),
        reports: reports.size,
        findings,
      });
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
    if (scope.namespace !== undefined)
      return tallyCounts(this.byNamespace.get(scope.namespace)?.tally, scope.kind);
    return this.cluster.counts(scope.kind);
  }

  /**
   * The cluster's counts (or one namespace's) by severity, report kind, finding type, namespace
   * and workload, as plain data for the hosts' panels — the shape `summarizeFindings` gives for
   * the same findings. Read from the tallies kept per namespace and workload: nothing is recounted
   * and nothing is stored for it.
   */
  summary(namespace?: string): FindingSummary {
    const scope =
      namespace === undefined
        ? [...this.byNamespace]
        : this.byNamespace.has(namespace)
          ? [[namespace, this.byNamespace.get(namespace)!] as const]
          : [];
    const byKind = new Map<string, SeverityCounts>();
    const byType = new Map<string, SeverityCounts>();
    let findings = 0;
    for (const [, node] of scope) {
      for (const r of node.reports) findings += r.findingCount;
      for (const [kind, counts] of node.tally.byKind) addCounts(byKind, kind, counts);
      for (const [type, counts] of node.tally.byType) addCounts(byType, type, counts);
    }
    const total = emptyCounts();
    for (const counts of byKind.values()) for (const s of SEVERITIES) total[s] += counts[s];
    const workloads: WorkloadCountRow[] = [];
    for (const [key, node] of this.byWorkload) {
      if (namespace !== undefined && (node.ref.namespace ?? '') !== namespace) continue;
      const counts = node.tally.counts();
      if (hasAny(counts)) workloads.push({ key, workload: node.ref, counts, total: sumOf(counts) });
    }
    return {
      findings,
      counts: total,
      total: sumOf(total),
      byType: countRows(byType),
      byKind: countRows(byKind),
      byNamespace: countRows(scope.map(([ns, node]) => [ns, node.tally.total] as const)),
      byWorkload: sortRows(workloads),
    };
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
    return [...(this.byImage.get(digest) ?? [])]
      .flatMap(findingsOf)
      .filter((f) => f.artifact?.digest === digest);
  }

  /** Findings of one check or vulnerability, in any spelling (`KSV001`, `KSV-0001`, `CVE-…`). */
  findingsForCheck(id: string): Finding[] {
    const key = this.joinKey(id);
    return [...this.byCheck.candidates(key)].flatMap(findingsOf).filter((f) => this.joinKey(f.id) === key);
  }

  /**
   * The findings of one check or vulnerability (any spelling), each with its workload: the reports
   * the check index names for the id, nothing else is read.
   */
  *findingsWithWorkloadsForCheck(
    id: string,
  ): IterableIterator<{ readonly finding: Finding; readonly workload: WorkloadRef }> {
    // Not `this.joinKey`: a query is not a report's id, and must not grow the cache of those.
    const key = checkJoinKey(id);
    for (const r of this.byCheck.candidates(key)) {
      for (const g of r.subjects)
        for (const finding of g.findings)
          if (this.joinKey(finding.id) === key) yield { finding, workload: g.workload };
    }
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
      return {
        digest,
        ...(artifact ? { artifact } : {}),
        workloads: [...workloads.values()],
        reports: reports.size,
      };
    });
  }

  /** Reports held, optionally of one kind name. */
  reports(kind?: string): ReportSummary[] {
    const source = kind === undefined ? this.reportsByKey.values() : (this.byKind.get(kind) ?? []);
    return [...source].map(summaryOf);
  }

  /** The report held under a key (`Kind/namespace/name`), without its findings. */
  report(key: string): ReportSummary | undefined {
    const r = this.reportsByKey.get(key);
    return r && summaryOf(r);
  }

  /**
   * Reports about one object as the report names it — what the operator scanned, a ReplicaSet
   * rather than its Deployment (`ReplicaSet/shop/web-6d4cf56db6` or the object) — optionally of
   * one kind name. One lookup, whatever the number of reports.
   */
  reportsAbout(
    subject: string | { readonly kind: string; readonly namespace?: string; readonly name: string },
    kind?: string,
  ): ReportSummary[] {
    const reports = this.bySubject.get(typeof subject === 'string' ? subject : workloadKey(subject));
    const out: ReportSummary[] = [];
    for (const r of reports ?? []) if (kind === undefined || r.kind.kind === kind) out.push(summaryOf(r));
    return out;
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

  /** What the readers could not read, over all reports. */
  problems(): Problem[] {
    return [...this.reportsByKey.values()].flatMap((r) => r.problems);
  }

  /** Reports held. */
  get size(): number {
    return this.reportsByKey.size;
  }

  /** Adds a report to every index except the workload one (see {@link place}). */
  protected index(report: StoredReport): void {
    this.reportsByKey.set(report.key, report);
    addTo(this.byKind, report.kind.kind, report);
    const ns = report.namespace ?? '';
    let nsNode = this.byNamespace.get(ns);
    if (!nsNode) this.byNamespace.set(ns, (nsNode = { reports: new Set(), tally: new SeverityTally() }));
    nsNode.reports.add(report);
    nsNode.tally.add(report.kind.kind, report.counts, 1, typesOf(report));
    this.cluster.add(report.kind.kind, report.counts, 1, typesOf(report));
    for (const d of report.digests) addTo(this.byImage, d, report);
    this.byCheck.add(report, this.checkKeys(report));
    for (const g of report.subjects) addTo(this.bySubject, workloadKey(g.resource), report);
  }

  /** Takes a report out of every index, the workload one included. */
  protected unindex(report: StoredReport): void {
    this.reportsByKey.delete(report.key);
    removeFrom(this.byKind, report.kind.kind, report);
    const ns = report.namespace ?? '';
    const nsNode = this.byNamespace.get(ns);
    if (nsNode) {
      nsNode.reports.delete(report);
      nsNode.tally.add(report.kind.kind, report.counts, -1, typesOf(report));
      if (nsNode.reports.size === 0) this.byNamespace.delete(ns);
    }
    this.cluster.add(report.kind.kind, report.counts, -1, typesOf(report));
    for (const d of report.digests) removeFrom(this.byImage, d, report);
    this.byCheck.remove(report, this.checkKeys(report));
    for (const g of report.subjects) removeFrom(this.bySubject, workloadKey(g.resource), report);
    for (const g of report.subjects) this.detach(g);
  }

  /** Files a report's group of findings under a workload. */
  protected place(group: SubjectGroup, workload: WorkloadRef): void {
    group.workload = workload;
    group.workloadKey = workloadKey(workload);
    let node = this.byWorkload.get(group.workloadKey);
    if (!node)
      this.byWorkload.set(
        group.workloadKey,
        (node = { ref: workload, groups: new Set(), tally: new SeverityTally() }),
      );
    else if (node.ref.inferred && !workload.inferred) node.ref = workload;
    node.groups.add(group);
    node.tally.add(group.report.kind.kind, group.counts, 1);
    this.batcher.workload(group.workloadKey);
  }

  /** Takes a group out of its workload (before it moves to another one, or goes). */
  protected detach(group: SubjectGroup): void {
    const node = this.byWorkload.get(group.workloadKey);
    if (!node) return;
    node.groups.delete(group);
    node.tally.add(group.report.kind.kind, group.counts, -1);
    if (node.groups.size === 0) this.byWorkload.delete(group.workloadKey);
    this.batcher.workload(group.workloadKey);
  }

  /** Distinct `checkJoinKey`s of a report's findings (computed, not stored: 8 bytes a finding saved). */
  private checkKeys(report: StoredReport): Set<string> {
    const keys = new Set<string>();
    for (const f of findingsOf(report)) keys.add(this.joinKey(f.id));
    return keys;
  }

  protected joinKey(id: string): string {
    let key = this.joinKeys.get(id);
    if (key === undefined) this.joinKeys.set(id, (key = checkJoinKey(id)));
    return key;
  }

  /** Forgets cached join keys (with the string pool they point into). */
  protected forgetJoinKeys(): void {
    this.joinKeys = new Map();
  }
}

function summaryOf({ subjects: _s, bucket: _b, ...summary }: StoredReport): ReportSummary {
  return summary;
}

/** All findings of a report, over its groups. */
export function findingsOf(r: StoredReport): readonly Finding[] {
  return r.subjects.length === 1 ? r.subjects[0]!.findings : r.subjects.flatMap((g) => g.findings);
}

function tallyCounts(tally: SeverityTally | undefined, kind: string | undefined): SeverityCounts {
  return tally ? tally.counts(kind) : new SeverityTally().counts();
}

function copyByKind(tally: SeverityTally): Record<string, SeverityCounts> {
  // Kind names come from REPORT_KINDS, and fromEntries defines own properties whatever the key.
  return Object.fromEntries([...tally.byKind].map(([k, c]) => [k, { ...c }]));
}

function addCounts(map: Map<string, SeverityCounts>, key: string, counts: SeverityCounts): void {
  let c = map.get(key);
  if (!c) map.set(key, (c = emptyCounts()));
  for (const s of SEVERITIES) c[s] += counts[s];
}

function hasAny(c: SeverityCounts): boolean {
  return SEVERITIES.some((s) => c[s] > 0);
}

function sumOf(c: SeverityCounts): number {
  let n = 0;
  for (const s of SEVERITIES) n += c[s];
  return n;
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

/** How a report's counts split by finding type: all its kind's, or as its findings say. */
function typesOf(report: StoredReport): string | ReadonlyMap<string, SeverityCounts> | undefined {
  return report.typeCounts ?? report.kind.findingType;
}
