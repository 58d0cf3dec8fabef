import type { Finding, FindingType, ResourceRef } from '../model/finding.js';
import type { Problem } from '../model/problem.js';
import { REPORT_TTL_ANNOTATION, type ReportKind } from '../model/reportKinds.js';
import { parseGoDuration } from '../model/goDuration.js';
import type { SeverityCounts } from '../model/severity.js';
import type { WorkloadRef } from '../model/workloadRef.js';
import type { KubeObject } from '../ports/clusterSource.js';
import { isRecord, text } from '../readers/fields.js';
import { newReadContext, type ReadContext } from '../readers/readContext.js';
import { readHeader, timestampText } from '../readers/reports/reportHeader.js';
import { reportResource } from '../readers/reports/reportResource.js';
import type { StringPool } from '../readers/stringPool.js';
import type { FindingCompactor } from './findingCompactor.js';
import { countFindings, countFindingTypes } from './severityTally.js';

/** Reads one report object into findings (`readReportObject` of the readers), pushing problems to `ctx`. */
export type ReportReader = (object: KubeObject, ctx: ReadContext) => Finding[];

/**
 * One report as the store keeps it: its findings (lean, see {@link FindingCompactor}), grouped by
 * the object they concern — one group for a Trivy Operator report, possibly several for a
 * PolicyReport whose results name different resources. The raw object is not kept.
 */
export interface StoredReport {
  /** `Kind/namespace/name`; namespace empty for cluster-scoped kinds. */
  readonly key: string;
  readonly kind: ReportKind;
  readonly namespace?: string;
  readonly name: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly subjects: readonly SubjectGroup[];
  readonly problems: readonly Problem[];
  /** Image digests of its findings (`finding.artifact.digest`), for the by-image index. */
  readonly digests: readonly string[];
  /** Where the by-check index files it: its image (`image\0…`) when it has one, else itself. */
  readonly bucket: string;
  readonly counts: SeverityCounts;
  /** Counts per finding type, only when its findings are not all of its kind's type (see `countFindingTypes`). */
  readonly typeCounts?: ReadonlyMap<FindingType, SeverityCounts>;
  readonly findingCount: number;
  /** `metadata.creationTimestamp`: the operator's reports are made anew at each scan, so their age. */
  readonly created?: string;
  /** The TTL the operator gave it (annotation {@link REPORT_TTL_ANNOTATION}), in milliseconds. */
  readonly ttlMs?: number;
}

/** The findings of one report about one object, and the workload that object belongs to. */
export interface SubjectGroup {
  readonly report: StoredReport;
  readonly resource: ResourceRef;
  readonly findings: readonly Finding[];
  readonly counts: SeverityCounts;
  /** Set from inference first, then from owner references when the lookup answers. */
  workload: WorkloadRef;
  workloadKey: string;
}

/** Store key of a report object or of a kind/namespace/name triple. */
export function reportKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** What the store needs to build a {@link StoredReport}. */
export interface BuildContext {
  readonly read: ReportReader;
  /** The store's pool: the readers intern the texts of every report into it. */
  readonly strings: StringPool;
  readonly compactor: FindingCompactor;
  readonly includePassed: boolean;
  readonly joinKey: (id: string) => string;
}

/** Reads, compacts and groups one report object. Never throws: a reader failure is a problem. */
export function buildStoredReport(object: KubeObject, kind: ReportKind, ctx: BuildContext): StoredReport {
  const strings = ctx.strings;
  const meta = isRecord(object.metadata) ? object.metadata : {};
  const namespace = strings.text(meta.namespace);
  const name = text(meta.name) ?? '';
  const key = reportKey(kind.kind, namespace, name);
  // No path: the readers would put it into `origin.file`, which is for files. Problems get the
  // report key as their source below.
  const readCtx = newReadContext('', { includePassed: ctx.includePassed, strings });
  let raw: Finding[];
  try {
    raw = ctx.read(object, readCtx);
  } catch (err) {
    // Readers must not throw; if one does, the report is shown as unreadable, not the watch killed.
    raw = [];
    readCtx.problems.push({ level: 'error', message: `could not read report: ${String(err)}`, source: key });
  }
  const problems = readCtx.problems.map((p) => (p.source ? p : { ...p, source: key }));
  const findings = raw.map((f) => ctx.compactor.compact(f));
  const report = {
    key,
    kind,
    ...(namespace !== undefined ? { namespace } : {}),
    name,
    ...(text(meta.uid) ? { uid: text(meta.uid) } : {}),
    ...(text(meta.resourceVersion) ? { resourceVersion: text(meta.resourceVersion) } : {}),
    subjects: [] as SubjectGroup[],
    problems,
    digests: distinct(findings, (f) => f.artifact?.digest),
    bucket: bucketOf(findings, key),
    counts: countFindings(findings),
    ...typeCountsOf(findings, kind),
    findingCount: findings.length,
    ...lifetimeOf(meta),
  } satisfies StoredReport;
  const groups = new Map<string, { resource: ResourceRef; findings: Finding[] }>();
  let fallback: ResourceRef | undefined;
  const subject = () => (fallback ??= subjectOf(object, kind, namespace, name, strings));
  for (const f of findings) {
    const resource = f.resource ?? subject();
    const id = `${resource.kind}/${resource.namespace ?? ''}/${resource.name}`;
    const group = groups.get(id);
    if (group) group.findings.push(f);
    else groups.set(id, { resource, findings: [f] });
  }
  // A report without findings still says its subject was scanned (and is clean).
  if (groups.size === 0) groups.set('', { resource: subject(), findings: [] });
  const single = groups.size === 1;
  for (const g of groups.values()) {
    report.subjects.push({
      report,
      resource: g.resource,
      // The one group of a Trivy Operator report is all of it: keep the exact-size array, not the pushed one.
      findings: single ? findings : g.findings,
      counts: countFindings(g.findings),
      workload: { kind: g.resource.kind, name: g.resource.name, inferred: true },
      workloadKey: '',
    });
  }
  return report;
}

/**
 * The object a report is about when no finding says (a clean report): what the readers take from
 * the operator's labels or the controller owner (`reportResource`), else a PolicyReport's
 * `scope`, else the report itself.
 */
function subjectOf(
  object: KubeObject,
  kind: ReportKind,
  namespace: string | undefined,
  name: string,
  strings: StringPool,
): ResourceRef {
  const scratch = newReadContext('', { strings });
  const fromLabels = reportResource(readHeader(object, kind, object.apiVersion, scratch));
  if (fromLabels) return fromLabels;
  const scope = (object as { scope?: unknown }).scope;
  if (isRecord(scope) && text(scope.kind) && text(scope.name)) {
    const ns = text(scope.namespace);
    return { kind: text(scope.kind)!, name: text(scope.name)!, ...(ns ? { namespace: ns } : {}) };
  }
  return { kind: kind.kind, name, ...(namespace ? { namespace } : {}) };
}

function lifetimeOf(meta: Readonly<Record<string, unknown>>): { created?: string; ttlMs?: number } {
  const created = timestampText(meta.creationTimestamp);
  const annotations = isRecord(meta.annotations) ? meta.annotations : {};
  const ttlMs = parseGoDuration(text(annotations[REPORT_TTL_ANNOTATION]));
  return { ...(created ? { created } : {}), ...(ttlMs !== undefined ? { ttlMs } : {}) };
}

function typeCountsOf(
  findings: readonly Finding[],
  kind: ReportKind,
): { typeCounts?: ReadonlyMap<FindingType, SeverityCounts> } {
  const typeCounts = countFindingTypes(findings, kind.findingType);
  return typeCounts ? { typeCounts } : {};
}

function bucketOf(findings: readonly Finding[], key: string): string {
  const a = findings.find((f) => f.artifact)?.artifact;
  return a
    ? `image\0${a.registry ?? ''}\0${a.repository ?? ''}\0${a.tag ?? ''}\0${a.digest ?? ''}`
    : `report\0${key}`;
}

function distinct(findings: readonly Finding[], pick: (f: Finding) => string | undefined): string[] {
  const seen = new Set<string>();
  for (const f of findings) {
    const v = pick(f);
    if (v) seen.add(v);
  }
  return [...seen];
}
