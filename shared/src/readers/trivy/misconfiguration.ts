import type { CanonicalCheckId } from '../../model/checkIds.js';
import type { CauseLines, FindingType, Outcome, SourceLocation } from '../../model/finding.js';
import { line1 } from '../../model/lines.js';
import { parseSeverity } from '../../model/severity.js';
import { isRecord, num, str, stringList, text } from '../fields.js';
import type { FindingDraft } from '../findingDraft.js';
import {
  checkIdOf,
  entryAt,
  entryFinding,
  entryProblem,
  skipEntry,
  type FileScope,
  type ResultScope,
} from './scope.js';

/** Kinds whose checks Trivy's k8s report files under "RBAC Assessment" (`pkg/k8s/report/report.go` `rbacResource`). */
const RBAC_KINDS: ReadonlySet<string> = new Set(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);

/**
 * One `DetectedMisconfiguration` (Trivy `pkg/types/misconfiguration.go`). Only failures are
 * findings unless passed checks were asked for; `EXCEPTION` (a Rego exception matched) is read
 * as a suppressed, skipped check. Old reports have no `Status` (a listed check failed) and call
 * `CauseMetadata` `IacMetadata`.
 */
export function readMisconfiguration(
  raw: unknown,
  scope: ResultScope,
  key: string,
  index: number,
  suppressed: boolean,
): FindingDraft | undefined {
  if (!isRecord(raw)) return skipEntry(scope.file, entryAt(scope, key, index), 'not an object');
  let outcome: Outcome = 'fail';
  const status = raw.Status;
  if (status === 'PASS') {
    if (!scope.file.ctx.includePassed) return undefined;
    outcome = 'pass';
  } else if (status === 'EXCEPTION') {
    outcome = 'skip';
    suppressed = true;
  } else if (status !== 'FAIL' && status !== undefined && status !== null && status !== '') {
    entryProblem(
      scope.file,
      entryAt(scope, key, index),
      `unknown Status ${JSON.stringify(status).slice(0, 40)}, read as FAIL`,
    );
  }
  const rawId = text(raw.ID) ?? text(raw.AVDID);
  if (!rawId) return skipEntry(scope.file, entryAt(scope, key, index), 'no ID');
  const check = checkIdOf(scope.file, rawId, text(raw.AVDID), text(raw.Namespace));
  const type = scope.inCluster ? clusterCheckType(scope.resource?.kind, check.id) : 'misconfiguration';
  const details = detailsOf(scope.file, check, raw);
  const f = entryFinding(scope, type, check.id, check.aliases, parseSeverity(raw.Severity), details.title);
  f.description = details.description;
  f.message = text(raw.Message);
  f.resolution = details.resolution;
  f.primaryUrl = details.primaryUrl;
  f.references = details.references;
  const cause = raw.CauseMetadata ?? raw.IacMetadata;
  if (isRecord(cause)) {
    if (scope.target) f.location = causeLocation(cause, scope.target, scope.inCluster || isHelm(scope, raw));
    f.cause = causeLines(cause.Code);
  }
  f.category = details.category;
  f.outcome = outcome;
  f.suppressed = suppressed;
  return f;
}

/**
 * What a check says about itself, the same in every entry of it (Trivy copies it from the check's
 * metadata): read once per check spelling and shared. `Message` and lines are per entry.
 */
export interface CheckDetails {
  /** `Title`, `Type` as written and the length of `References`, to notice an entry that differs. */
  readonly rawTitle: unknown;
  readonly rawType: unknown;
  readonly rawReferenceCount: number | undefined;
  readonly title: string;
  readonly description: string | undefined;
  readonly resolution: string | undefined;
  readonly primaryUrl: string | undefined;
  readonly references: readonly string[];
  readonly category: string | undefined;
}

function detailsOf(file: FileScope, check: CanonicalCheckId, raw: Record<string, unknown>): CheckDetails {
  const refs = raw.References;
  const refCount = Array.isArray(refs) ? refs.length : undefined;
  const known = file.checks.get(check);
  // The same check differs in `Type` between scanners (Kubernetes vs Helm), and may differ in a hand-merged file.
  if (
    known &&
    known.rawTitle === raw.Title &&
    known.rawType === raw.Type &&
    known.rawReferenceCount === refCount
  )
    return known;
  const details: CheckDetails = {
    rawTitle: raw.Title,
    rawType: raw.Type,
    rawReferenceCount: refCount,
    title: text(raw.Title) ?? check.id,
    description: text(raw.Description),
    resolution: text(raw.Resolution),
    primaryUrl: text(raw.PrimaryURL),
    references: stringList(refs),
    category: text(raw.Type),
  };
  if (!known) file.checks.set(check, details);
  return details;
}

/**
 * `trivy k8s` splits its checks as Trivy Operator does: RBAC kinds go to the RBAC assessment,
 * `KCV` checks (node and control-plane configuration) to the infra assessment
 * (`pkg/k8s/report/report.go` `SeparateMisconfigReports`). The same split keeps local cluster
 * scans comparable with RbacAssessmentReports and InfraAssessmentReports.
 */
export function clusterCheckType(kind: string | undefined, checkId: string): FindingType {
  if (kind !== undefined && RBAC_KINDS.has(kind)) return 'rbac';
  if (checkId.startsWith('KCV')) return 'infra';
  return 'misconfiguration';
}

/** Helm findings' lines are of the rendered manifest, not of the template the target names. */
function isHelm(scope: ResultScope, raw: Record<string, unknown>): boolean {
  if (scope.type === 'helm') return true;
  const t = str(raw.Type);
  return t !== undefined && t.startsWith('Helm');
}

function causeLocation(
  cause: Record<string, unknown>,
  path: string,
  approximate: boolean,
): SourceLocation | undefined {
  const start = num(cause.StartLine);
  if (start === undefined || start < 1) return undefined; // e.g. Dockerfile DS002: a missing USER has no line
  const end = num(cause.EndLine);
  return {
    path,
    startLine: line1(start),
    endLine: line1(end !== undefined && end >= start ? end : start),
    approximate,
  };
}

/** `IsCause` and `FirstCause` of `CauseMetadata.Code.Lines`; `Highlighted` (ANSI colour) is never read. */
function causeLines(code: unknown): CauseLines | undefined {
  if (!isRecord(code) || !Array.isArray(code.Lines)) return undefined;
  let lines: number[] | undefined;
  let first: number | undefined;
  for (const l of code.Lines) {
    if (!isRecord(l) || l.IsCause !== true) continue;
    const n = num(l.Number);
    if (n === undefined || n < 1) continue;
    (lines ??= []).push(n);
    if (l.FirstCause === true && first === undefined) first = n;
  }
  return lines ? { lines, first } : undefined;
}
