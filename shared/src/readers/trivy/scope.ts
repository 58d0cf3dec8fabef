import { canonicalCheckId, type CanonicalCheckId } from '../../model/checkIds.js';
import type { ArtifactRef, FindingType, Origin, ResourceRef } from '../../model/finding.js';
import type { Severity } from '../../model/severity.js';
import { newFixedShapeFinding, type FindingDraft } from '../findingDraft.js';
import { addProblem, type ReadContext } from '../readContext.js';
import type { CheckDetails } from './misconfiguration.js';
import type { VulnerabilityDetails } from './vulnerability.js';

/** Entry-level warnings kept word for word per file; the rest are counted in one closing problem. */
const MAX_ENTRY_WARNINGS = 50;

/**
 * State of one file being read: what all its findings share (`origin`, interned artifacts) and
 * caches that keep per-entry work constant (check-id canonicalisation runs once per distinct id).
 */
export interface FileScope {
  readonly ctx: ReadContext;
  readonly origin: Origin;
  /** By `ID`, then `AVDID`, then `Namespace` (nested so no key string is built per entry). */
  readonly checkIds: Map<string, Map<string, Map<string, CanonicalCheckId>>>;
  /** One object per distinct image, so findings of one image share their `artifact`. */
  readonly artifacts: Map<string, ArtifactRef>;
  /** Per check (as cached in `checkIds`): what Trivy copies from the check's metadata into each entry. */
  readonly checks: Map<CanonicalCheckId, CheckDetails>;
  /** Per vulnerability id: the details Trivy copies from its database into every entry of that id. */
  readonly vulnerabilities: Map<string, VulnerabilityDetails>;
  entryWarnings: number;
}

/** Where the entries of one Trivy `Result` are: shared by all of its findings. */
export interface ResultScope {
  readonly file: FileScope;
  /** The list the result is in, `Results` or `Resources[12].Results`, and its index there. */
  readonly list: string;
  readonly index: number;
  readonly target: string | undefined;
  /** Result `Type`: `alpine`, `npm`, `kubernetes`, `helm`, `dockerfile` … */
  readonly type: string | undefined;
  readonly resource: ResourceRef | undefined;
  readonly artifact: ArtifactRef | undefined;
  /** Findings come from `trivy k8s`: lines are of Trivy's serialisation of the live object. */
  readonly inCluster: boolean;
}

export function newFileScope(ctx: ReadContext, origin: Origin): FileScope {
  return {
    ctx,
    origin,
    checkIds: new Map(),
    artifacts: new Map(),
    checks: new Map(),
    vulnerabilities: new Map(),
    entryWarnings: 0,
  };
}

/**
 * Starts the finding of one entry of a result, placed where the result is: the file's origin,
 * and the result's target, resource and image, which all entries of the result share.
 */
export function entryFinding(
  scope: ResultScope,
  type: FindingType,
  id: string,
  aliases: readonly string[],
  severity: Severity,
  title: string,
): FindingDraft {
  const f = newFixedShapeFinding(type, id, aliases, severity, title, scope.file.origin);
  f.target = scope.target;
  f.resource = scope.resource;
  f.artifact = scope.artifact;
  return f;
}

/** Reports an entry that was skipped or read in part; `where` is its path in the document. */
export function entryProblem(file: FileScope, where: string, message: string): void {
  file.entryWarnings++;
  if (file.entryWarnings <= MAX_ENTRY_WARNINGS) addProblem(file.ctx, 'warning', `${where}: ${message}`);
}

/**
 * Reports an entry that is not read at all and why (`not an object`, `no RuleID`, `not a list`);
 * returns `undefined`, so a reader can `return skipEntry(…)`. The one wording of every skip.
 */
export function skipEntry(file: FileScope, where: string, why: string): undefined {
  entryProblem(file, where, `skipped, ${why}`);
  return undefined;
}

/** `Results[3]`: built only when a problem needs it, not per result. */
export function resultPath(scope: ResultScope): string {
  return `${scope.list}[${scope.index}]`;
}

/** `Results[3].Vulnerabilities[7]`; a negative index names a single object (`….Finding`). */
export function entryAt(scope: ResultScope, key: string, index: number): string {
  return index < 0 ? `${resultPath(scope)}.${key}` : `${resultPath(scope)}.${key}[${index}]`;
}

/** Closes a file's read: says how many entry warnings were not listed one by one. */
export function finishFileScope(file: FileScope): void {
  const hidden = file.entryWarnings - MAX_ENTRY_WARNINGS;
  if (hidden > 0) addProblem(file.ctx, 'warning', `${hidden} more entries were skipped or read in part`);
}

/** `canonicalCheckId`, cached per spelling triple: a file repeats a handful of checks many times. */
export function checkIdOf(
  file: FileScope,
  id: string,
  avdId: string | undefined,
  namespace: string | undefined,
): CanonicalCheckId {
  let byAvd = file.checkIds.get(id);
  if (!byAvd) file.checkIds.set(id, (byAvd = new Map()));
  let byNamespace = byAvd.get(avdId ?? '');
  if (!byNamespace) byAvd.set(avdId ?? '', (byNamespace = new Map()));
  let found = byNamespace.get(namespace ?? '');
  if (!found) byNamespace.set(namespace ?? '', (found = canonicalCheckId({ id, avdId, namespace })));
  return found;
}
