import type { Finding, ResourceRef, SourceLocation } from '../model/finding.js';
import { line1, type Line1, type LineRange } from '../model/lines.js';
import { workloadCandidates } from '../workloads/ownerResolution.js';
import { checkKeyPaths, type CheckKeyPath } from './checkKeyPaths.js';
import type { KeySegment } from './keyPath.js';
import type { ContainerEntry, KeyLookup, ManifestIndex, ManifestObject } from './manifestIndex.js';

/**
 * How narrowly a range points at the cause of a finding, best first:
 *  - `key`: the key the check is about (`runAsNonRoot:`), or a container's `image:` for an image finding;
 *  - `cause`: the line Trivy marked as the cause (`FirstCause`, else the first `IsCause` line);
 *  - `container`: the container entry, when the key the check wants is missing from it;
 *  - `parent`: the nearest existing parent of a missing key, other than the container entry
 *    (`metadata:` for a missing `metadata.namespace`, `securityContext:` for a missing flag in it);
 *  - `document`: the object's `metadata.name` line, when nothing narrower is known;
 *  - `block`: the whole block Trivy reported (`StartLine`–`EndLine`), nothing narrower known.
 */
export type RangePrecision = 'key' | 'cause' | 'container' | 'parent' | 'document' | 'block';

/** Where a finding goes in a manifest: 1-based inclusive lines (convert with `toLine0` for an editor). */
export interface ManifestRange extends LineRange {
  /**
   * True when the lines may not show what the scanner saw: lines of another text (Helm's rendered
   * manifest, `trivy k8s`'s serialisation of the live object), or a place found by identity
   * (a cluster finding placed on a workspace manifest, which may differ from the live object).
   * False only for a local scan's own lines in the very file it scanned.
   */
  readonly approximate: boolean;
  readonly precision: RangePrecision;
  /** The object the finding was placed on, when it was found in the index. */
  readonly object?: ManifestObject;
}

/**
 * The one mapping from a finding to lines of a manifest in the code base.
 *
 * - A local misconfiguration (exact `location` lines in `index`'s file): the block is narrowed to
 *   the cause line, then to the check's key (see `checkKeyPaths.ts`) when that key exists inside
 *   the block.
 * - A finding about a resource (ConfigAuditReport checks, policy results, vulnerability reports;
 *   also `trivy k8s` findings, whose lines are not of any file): the object is found by identity,
 *   lifted to its workload (a ReplicaSet or a Pod of Deployment `web` lands on the Deployment
 *   `web`), then narrowed to the check's key, the container, or `metadata.name`. A manifest
 *   without a namespace matches any namespace (see `ManifestIndex.find`).
 * - Otherwise approximate `location` lines (Helm) are returned as they are, narrowed to the cause
 *   line, and stay `approximate`.
 *
 * For local findings the caller passes the index of `finding.location.path`; when the index has a
 * path and it does not end with the location's path, the location's lines are not used on it.
 * `object`, an object of `index`, is where the finding's workload is when the caller already knows
 * (the manifest workspace looks workloads up across files, including owners that only the
 * cluster's `ownerReferences` tell); the finding is then placed on it without a lookup by name.
 * `undefined` when the finding cannot be placed in this file.
 */
export function rangeForFinding(
  finding: Finding,
  index: ManifestIndex,
  object?: ManifestObject,
): ManifestRange | undefined {
  const loc = finding.location;
  const here = loc !== undefined && samePath(index.path, loc.path);
  if (here && !loc.approximate && loc.endLine <= index.lineCount) return byLines(finding, loc, index);
  const byId =
    object || finding.resource
      ? byIdentity(finding, index, object ?? findObject(finding.resource!, index))
      : undefined;
  if (byId) return byId;
  if (here && loc.approximate) return linesOnly(finding, loc, true);
  return undefined;
}

function byLines(finding: Finding, loc: SourceLocation, index: ManifestIndex): ManifestRange {
  const cause = causeLine(finding, loc);
  const at = cause ?? loc.startLine;
  const object = index.objectAt(at);
  const paths = object ? keyPathsOf(finding) : undefined;
  if (object && paths) {
    const container =
      index.containers(object).find((c) => contains(c.range, at)) ??
      namedContainer(finding, object, index, true);
    for (const p of paths) {
      const k = resolve(index, object, p, container);
      if (k?.found && contains(loc, k.line)) return one(k.line, false, 'key', object);
    }
  }
  return { ...linesOnly(finding, loc, false), ...(object ? { object } : {}) };
}

function linesOnly(finding: Finding, loc: SourceLocation, approximate: boolean): ManifestRange {
  const cause = causeLine(finding, loc);
  return cause !== undefined
    ? one(cause, approximate, 'cause', undefined)
    : { startLine: loc.startLine, endLine: loc.endLine, approximate, precision: 'block' };
}

/** The object a resource is in this file: the object itself first; owners (lifted from names) only when the file does not have it. */
function findObject(resource: ResourceRef, index: ManifestIndex): ManifestObject | undefined {
  const own = index.find(resource)[0];
  if (own) return own;
  for (const candidate of workloadCandidates(resource)) {
    const object = index.find(candidate)[0];
    if (object) return object;
  }
  return undefined;
}

function byIdentity(
  finding: Finding,
  index: ManifestIndex,
  object: ManifestObject | undefined,
): ManifestRange | undefined {
  if (!object) return undefined;
  const paths = keyPathsOf(finding);
  const imageFinding = finding.type === 'vulnerability' || finding.type === 'secret';
  // A check about container keys, or an image, may go to the only container; anything else
  // (a policy result on the whole object) only to a container it names.
  const container = namedContainer(finding, object, index, paths !== undefined || imageFinding);
  if (paths) {
    let nearest: KeyLookup | undefined;
    for (const p of paths) {
      const k = resolve(index, object, p, container);
      if (k?.found) return one(k.line, true, 'key', object);
      nearest ??= k;
    }
    if (nearest && nearest.depth > 0) {
      const atContainer = container !== undefined && nearest.depth === container.path.length;
      return one(nearest.line, true, atContainer ? 'container' : 'parent', object);
    }
  } else if (container) {
    // Image findings (vulnerabilities, secrets in layers) are about the container's image.
    if (imageFinding) {
      const image = index.lookup(object, IMAGE, container.path);
      if (image?.found) return one(image.line, true, 'key', object);
    }
    return one(container.range.startLine, true, 'container', object);
  }
  return one(object.nameLine, true, 'document', object);
}

/** Resolves one of a check's key paths in `object`, relative to its scope. */
function resolve(
  index: ManifestIndex,
  object: ManifestObject,
  p: CheckKeyPath,
  container: ContainerEntry | undefined,
): KeyLookup | undefined {
  let base: readonly KeySegment[] | undefined;
  if (p.scope === 'object') base = [];
  else {
    const spec = index.podSpecPath(object);
    if (!spec) return undefined;
    if (p.scope === 'podSpec') base = spec;
    else if (p.scope === 'podTemplate') base = spec.slice(0, -1);
    else if (container) base = container.path;
    else {
      // A container check with no container known lands on the pod spec's `containers:` key,
      // which is a parent of the key, never the key.
      const list = index.lookup(object, CONTAINERS, spec);
      return list && { ...list, found: false };
    }
  }
  return index.lookup(object, p.path, base);
}

/**
 * The container a finding names: `resource.container` (vulnerability reports, checks scoped to a
 * container), else the name in Trivy's check message (`Container 'app' of Pod 'my-pod' should …`,
 * `container "app" of pod …`), else (when `orOnly`) the only container of the pod. Quick fixes
 * edit the container this returns, so a fix and its diagnostic always agree on the container.
 */
export function namedContainer(
  finding: Finding,
  object: ManifestObject,
  index: ManifestIndex,
  orOnly: boolean,
): ContainerEntry | undefined {
  const all = index.containers(object);
  const name = finding.resource?.container ?? CONTAINER_IN_MESSAGE.exec(finding.message ?? '')?.[1];
  if (name !== undefined) return all.find((c) => c.name === name);
  if (!orOnly) return undefined;
  const regular = all.filter((c) => c.list === 'containers');
  return all.length === 1
    ? all[0]
    : regular.length === 1 && all.length === regular.length
      ? regular[0]
      : undefined;
}

const IMAGE: readonly KeySegment[] = [{ key: 'image' }];
const CONTAINERS: readonly KeySegment[] = [{ key: 'containers' }];
const CONTAINER_IN_MESSAGE = /\bcontainer ['"]([^'"]+)['"]/i;

function keyPathsOf(finding: Finding): readonly CheckKeyPath[] | undefined {
  // The canonical id first: an alias may be a different check's (the trivy k8s fixture has
  // `ID: AVD-KSV-0110` on check KSV01010).
  const own = checkKeyPaths(finding.id);
  if (own) return own;
  for (const alias of finding.aliases) {
    const p = checkKeyPaths(alias);
    if (p) return p;
  }
  return undefined;
}

function causeLine(finding: Finding, loc: LineRange): Line1 | undefined {
  const c = finding.cause;
  const n = c?.first ?? c?.lines[0];
  return n !== undefined && n >= loc.startLine && n <= loc.endLine ? line1(n) : undefined;
}

function contains(range: LineRange, line: number): boolean {
  return line >= range.startLine && line <= range.endLine;
}

function one(
  line: Line1,
  approximate: boolean,
  precision: RangePrecision,
  object: ManifestObject | undefined,
): ManifestRange {
  return { startLine: line, endLine: line, approximate, precision, object };
}

/**
 * Whether a finding's path (relative, as Trivy writes it) names the file at `indexPath`: equal, or
 * one ends with the other at a `/`. The one rule for matching locations to files.
 */
export function samePath(indexPath: string, findingPath: string): boolean {
  if (indexPath === '') return true;
  const a = normalise(indexPath);
  const b = normalise(findingPath);
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
