import type { Origin } from '../../model/finding.js';
import type { ReportKind } from '../../model/reportKinds.js';
import { isRecord, text } from '../fields.js';
import { addProblem, type ReadContext } from '../readContext.js';

/**
 * What every family reader needs to know about the report object it reads: the kind from the
 * table, the untrusted object, its metadata, and how to name it in problems. Built once per
 * report by `readReportObject`.
 */
export interface ReportHeader {
  readonly kind: ReportKind;
  readonly apiVersion: string;
  readonly object: Readonly<Record<string, unknown>>;
  /** `metadata`, or an empty object when it is missing or not an object. */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  /** `Kind namespace/name` (or `Kind name` when cluster-scoped), for problem messages. */
  readonly describe: string;
  readonly ctx: ReadContext;
}

export function readHeader(
  object: Readonly<Record<string, unknown>>,
  kind: ReportKind,
  apiVersion: string,
  ctx: ReadContext,
): ReportHeader {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  // The name is the report's own, so pooling it would share nothing; namespaces recur everywhere.
  const name = text(metadata.name);
  const namespace = ctx.strings.text(metadata.namespace);
  return {
    kind,
    apiVersion,
    object,
    metadata,
    name,
    namespace,
    describe: describeObject(kind.kind, namespace, name),
    ctx,
  };
}

/** `Kind namespace/name`, the way problems name a report object. */
export function describeObject(
  kind: string,
  namespace: string | undefined,
  name: string | undefined,
): string {
  const n = name ?? '(unnamed)';
  return namespace ? `${kind} ${namespace}/${n}` : `${kind} ${n}`;
}

/** A warning about this report; `where` is the field path, e.g. `report.vulnerabilities[3]`. */
export function warnReport(h: ReportHeader, where: string, message: string): void {
  addProblem(h.ctx, 'warning', `${h.describe}: ${where}: ${message}`);
}

/**
 * The origin shared by all findings of one report (or of one policy `source` in it). `tool` is
 * what produced the findings; without one it is the kind's writer (`trivy-operator`, `starboard`,
 * `policy-engine`). The object that carried them is in `report`.
 */
export function reportOrigin(
  h: ReportHeader,
  tool: string | undefined,
  toolVersion: string | undefined,
): Origin {
  const meta = h.metadata;
  const strings = h.ctx.strings;
  // Name and uid are this report's alone; everything else recurs across reports and is pooled.
  const uid = text(meta.uid);
  const report: NonNullable<Origin['report']> = {
    apiVersion: strings.intern(h.apiVersion),
    kind: h.kind.kind,
    ...(h.namespace ? { namespace: h.namespace } : {}),
    name: h.name ?? '',
    ...(uid ? { uid } : {}),
  };
  const origin: { -readonly [K in keyof Origin]: Origin[K] } = {
    tool: strings.intern(tool ?? h.kind.writer),
    format: 'report-object',
    report,
  };
  if (toolVersion) origin.toolVersion = strings.intern(toolVersion);
  if (h.ctx.path) origin.file = h.ctx.path;
  return origin;
}

/**
 * Origin from the `report.scanner` block every trivy-operator and Starboard report carries: the
 * scanner name lower-cased (`Trivy` → `trivy`, `kube-bench`) and its version.
 */
export function scannerOrigin(h: ReportHeader, report: Readonly<Record<string, unknown>>): Origin {
  const scanner = isRecord(report.scanner) ? report.scanner : {};
  return reportOrigin(h, toolName(text(scanner.name)), versionText(scanner.version));
}

function toolName(raw: string | undefined): string | undefined {
  const t = raw?.trim();
  if (!t) return undefined;
  // Most reports say `Trivy`; return one constant rather than a fresh lower-cased copy per report.
  return t === 'Trivy' ? 'trivy' : t.toLowerCase();
}

// Scanner versions are strings, but an unquoted `0.5` in YAML reads as a number.
function versionText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return text(value);
}

/**
 * A timestamp as text. Reports carry RFC 3339 strings; a YAML parser with the 1.1 schema, or a
 * typed Kubernetes client, may hand us a `Date` instead, which becomes an ISO string.
 */
export function timestampText(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return text(value);
}

/** `messages[]` of a check as one message: blank entries dropped, one entry kept as is (no copy). */
export function joinMessages(messages: unknown, single?: unknown): string | undefined {
  if (Array.isArray(messages)) {
    let first: string | undefined;
    let all: string[] | undefined;
    for (const m of messages) {
      if (typeof m !== 'string' || m.trim() === '') continue;
      if (first === undefined) first = m;
      else (all ??= [first]).push(m);
    }
    if (all) return all.join('\n');
    if (first !== undefined) return first;
  }
  return text(single);
}
