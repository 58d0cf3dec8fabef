import type { Finding } from '../model/finding.js';
import { reportKindByName, reportKindOf } from '../model/reportKinds.js';
import { builtinWorkloadKind } from '../model/workloadKinds.js';
import { isRecord, text } from './fields.js';
import { addProblem, type ReadContext } from './readContext.js';
import { readChecksReport } from './reports/checksReport.js';
import { readComplianceReport } from './reports/complianceReport.js';
import { readExposedSecretReport } from './reports/exposedSecretReport.js';
import { readKubeBenchReport } from './reports/kubeBenchReport.js';
import { readPolicyReport } from './reports/policyReport.js';
import { describeObject, readHeader, warnReport, type ReportHeader } from './reports/reportHeader.js';
import { readVulnerabilityReport } from './reports/vulnerabilityReport.js';

/**
 * Reads parsed Kubernetes report objects (from a file: single, `List`, multi-document YAML) into
 * findings. Built-in workload objects among them are kept in `ctx.objects` for their owner
 * references; other objects that are not reports we know give warnings; nothing throws.
 */
export function readReportObjects(objects: readonly unknown[], ctx: ReadContext): Finding[] {
  const findings: Finding[] = [];
  for (const o of objects) appendAll(findings, readReportObject(o, ctx));
  return findings;
}

/**
 * Reads one report object, or a `List` / `<Kind>List` of them, into findings. This is what the
 * cluster store calls for each watched object: the findings share one `resource`, `origin` and
 * `artifact` object per report and keep no reference to the object itself, so the store may drop
 * the raw object.
 */
export function readReportObject(obj: unknown, ctx: ReadContext): Finding[] {
  return readObject(obj, ctx, 0);
}

// `kubectl get -o json` nests nothing deeper than one List; a little more is tolerated.
const MAX_LIST_DEPTH = 4;

/** `item` names a List entry (`List items[3]`) for problems about objects that cannot name themselves. */
function readObject(obj: unknown, ctx: ReadContext, depth: number, item?: string): Finding[] {
  const at = item ? `${item}: ` : '';
  if (!isRecord(obj)) {
    addProblem(
      ctx,
      'warning',
      `${at}not a Kubernetes object: ${obj === null ? 'null' : Array.isArray(obj) ? 'an array' : typeof obj}`,
    );
    return [];
  }
  const apiVersion = text(obj.apiVersion);
  const kind = text(obj.kind);
  if (!apiVersion || !kind) {
    addProblem(ctx, 'warning', `${at}not a Kubernetes object: no apiVersion and kind`);
    return [];
  }
  if (kind === 'List' || (kind.endsWith('List') && 'items' in obj)) return readList(obj, kind, ctx, depth);
  const reportKind = reportKindOf(apiVersion, kind);
  if (!reportKind) {
    // A workload among the reports (`kubectl get deploy,rs,vulns -o yaml`) says who owns what.
    if (!keepWorkloadObject(obj, apiVersion, kind, ctx))
      addProblem(ctx, 'warning', unknownKindMessage(apiVersion, kind, obj));
    return [];
  }
  const h = readHeader(obj, reportKind, apiVersion, ctx);
  try {
    return readByFamily(h);
  } catch (err) {
    // Readers are written not to throw; should one still do, one report is lost, not the file or the store.
    addProblem(
      ctx,
      'error',
      `${h.describe}: could not be read: ${err instanceof Error ? err.message : String(err)}`,
    );
    return [];
  }
}

function readList(
  list: Readonly<Record<string, unknown>>,
  kind: string,
  ctx: ReadContext,
  depth: number,
): Finding[] {
  if (!Array.isArray(list.items)) {
    addProblem(ctx, 'warning', `${kind}: "items" is not a list; nothing read`);
    return [];
  }
  if (depth >= MAX_LIST_DEPTH) {
    addProblem(ctx, 'warning', `${kind}: lists nested more than ${MAX_LIST_DEPTH} deep; inner list skipped`);
    return [];
  }
  return readItems(kind, list.items, ctx, depth);
}

/** An item of {@link readListItems} that could not be parsed; its problem is already reported. */
export const UNREADABLE_ITEM: unique symbol = Symbol('unreadable item');

/**
 * Reads the items of a `List` (its `kind` is given) one at a time as `items` yields them, so a
 * file's List can be parsed item by item and each item dropped before the next is parsed.
 */
export function readListItems(kind: string, items: Iterable<unknown>, ctx: ReadContext): Finding[] {
  return readItems(kind, items, ctx, 0);
}

function readItems(kind: string, items: Iterable<unknown>, ctx: ReadContext, depth: number): Finding[] {
  const findings: Finding[] = [];
  let i = 0;
  for (const item of items) {
    if (item !== UNREADABLE_ITEM)
      appendAll(findings, readObject(item, ctx, depth + 1, `${kind} items[${i}]`));
    i++;
  }
  return findings;
}

/** Dispatches by what the kind table says its findings are; the table is the only list of kinds. */
function readByFamily(h: ReportHeader): Finding[] {
  const type = h.kind.findingType;
  if (type === undefined) return []; // SbomReport / ClusterSbomReport: an inventory, no findings
  if (type === 'compliance') return readComplianceReport(h);
  if (type === 'policy') return readPolicyReport(h, type);
  const report = h.object.report;
  if (!isRecord(report)) {
    warnReport(
      h,
      'report',
      report === undefined || report === null ? 'missing; nothing read' : 'is not an object; nothing read',
    );
    return [];
  }
  switch (type) {
    case 'vulnerability':
      return readVulnerabilityReport(h, report);
    case 'secret':
      return readExposedSecretReport(h, report);
    case 'misconfiguration':
    case 'rbac':
      return readChecksReport(h, report, type);
    case 'infra':
      // Starboard's infra kind is CISKubeBenchReport (kube-bench sections); the operator's are checks.
      return h.kind.writer === 'starboard'
        ? readKubeBenchReport(h, report, type)
        : readChecksReport(h, report, type);
    case 'license':
      warnReport(h, 'report', 'license reports are not read from report objects');
      return [];
  }
}

/**
 * Keeps a built-in workload object (by the workload kind table) with a name as an
 * {@link InputObject}: its owner references and labels, nothing else. False for any other object.
 */
function keepWorkloadObject(
  obj: Readonly<Record<string, unknown>>,
  apiVersion: string,
  kind: string,
  ctx: ReadContext,
): boolean {
  if (!builtinWorkloadKind(apiVersion, kind)) return false;
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const name = text(meta.name);
  if (!name) return false;
  const namespace = text(meta.namespace);
  const owners = Array.isArray(meta.ownerReferences) ? meta.ownerReferences.filter(isOwnerReference) : [];
  const labels = stringLabels(meta.labels);
  ctx.objects.push({
    apiVersion,
    kind,
    ...(namespace ? { namespace } : {}),
    name,
    ownerReferences: owners.map((o) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.name,
      ...(o.controller === true ? { controller: true } : {}),
    })),
    ...(labels ? { labels } : {}),
  });
  return true;
}

function isOwnerReference(
  v: unknown,
): v is { apiVersion: string; kind: string; name: string; controller?: unknown } {
  return isRecord(v) && !!text(v.apiVersion) && !!text(v.kind) && !!text(v.name);
}

function stringLabels(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  let labels: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') (labels ??= {})[k] = v;
  return labels;
}

function unknownKindMessage(
  apiVersion: string,
  kind: string,
  obj: Readonly<Record<string, unknown>>,
): string {
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const name = describeObject(kind, text(meta.namespace), text(meta.name));
  const known = reportKindByName(kind);
  const slash = apiVersion.lastIndexOf('/');
  if (known && slash > 0 && apiVersion.slice(0, slash) === known.group) {
    const version = apiVersion.slice(slash + 1);
    return `${name}: ${known.group} version ${version} is not one we read (we read ${known.versions.join(', ')})`;
  }
  return `not a report kind we read: ${apiVersion}/${kind} (${name})`;
}

// push(...many) can overflow the stack for large reports; a loop cannot.
function appendAll(into: Finding[], from: readonly Finding[]): void {
  for (const f of from) into.push(f);
}
