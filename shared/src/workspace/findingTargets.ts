import type { Finding } from '../model/finding.js';
import { parseWorkloadKey, workloadKey } from '../model/workloadRef.js';
import type { ManifestRange } from '../manifests/findingToRange.js';
import { inferWorkload, workloadCandidates } from '../workloads/ownerResolution.js';
import { kindNameKey, type ObjectRefLike } from './workloadObjects.js';

// How a set of findings is split for placement — by workload, each looked up once — and how two
// placements of one file compare. The workspace (manifestWorkspace.ts) holds the state.

/**
 * Findings to place, replaced as a whole by a later set with the same key. A cluster host sets one
 * per workload the store announces as changed (`key` and `workload` its workload key, `findings`
 * `store.findingsForWorkload(key)`); an offline host one per file it read.
 */
export interface FindingSet {
  readonly key: string;
  /**
   * The workload every finding belongs to (a store's, which may come from `ownerReferences` that
   * names cannot tell). Absent: each finding goes by its own `resource`, lifted to its owners by
   * name, and by its `location`.
   */
  readonly workload?: ObjectRefLike | string;
  /** Empty removes the set. */
  readonly findings: readonly Finding[];
}

/** Where one finding goes in one file. */
export interface Placement {
  readonly finding: Finding;
  readonly range: ManifestRange;
  /** The workload key (`Deployment/shop/web`) of the finding's workload, when it has one. */
  readonly workload?: string;
}

/** The findings of one set that share a workload (or, without one, neither resource nor workload). */
export interface Target {
  /** `workloadKey` of the workload; absent for findings that only a location can place. */
  readonly key?: string;
  /** Identities to look up, in order; the first one found anywhere in the workspace wins. */
  readonly candidates: readonly ObjectRefLike[];
  readonly findings: readonly Finding[];
  /** `kindNameKey`s of the candidates: a file declaring one of them may move the target. */
  readonly kindNames: readonly string[];
  /** Base names of the findings' locations: a file of that name may receive them. */
  readonly baseNames: readonly string[];
  placed: ReadonlyMap<string, readonly Placement[]>;
}

export const NO_PLACEMENTS: readonly Placement[] = [];

/**
 * The targets of a set: one for its workload, or one per resource the findings name (lifted to
 * their owners by name) and one for findings with neither.
 */
export function targetsOf(set: FindingSet): Target[] {
  const given = typeof set.workload === 'string' ? parseWorkloadKey(set.workload) : set.workload;
  if (given) {
    // Findings of one report share their resource object: collect the objects, then their keys.
    const resources = new Set<ObjectRefLike>();
    for (const f of set.findings) if (f.resource) resources.add(f.resource);
    const candidates = [given, ...workloadCandidates(given)];
    const seen = new Set<string>();
    for (const r of resources) {
      const k = refKey(r);
      if (!seen.has(k) && seen.add(k)) candidates.push(...workloadCandidates(r));
    }
    return [target(workloadKey(given), candidates, set.findings)];
  }
  const byResource = new Map<string, Finding[]>();
  const unnamed: Finding[] = [];
  let last: { resource: ObjectRefLike; list: Finding[] } | undefined;
  for (const f of set.findings) {
    if (!f.resource) unnamed.push(f);
    else if (f.resource === last?.resource) last.list.push(f);
    else {
      const k = refKey(f.resource);
      let list = byResource.get(k);
      if (!list) byResource.set(k, (list = []));
      list.push(f);
      last = { resource: f.resource, list };
    }
  }
  const out: Target[] = [];
  for (const findings of byResource.values()) {
    const resource = findings[0]!.resource!;
    out.push(target(workloadKey(inferWorkload(resource)), workloadCandidates(resource), findings));
  }
  if (unnamed.length > 0) out.push(target(undefined, [], unnamed));
  return out;
}

export function target(
  key: string | undefined,
  candidates: readonly ObjectRefLike[],
  findings: readonly Finding[],
): Target {
  const seen = new Set<string>();
  const unique = candidates.filter((c) => {
    const k = refKey(c);
    return !seen.has(k) && !!seen.add(k);
  });
  const baseNames = new Set<string>();
  for (const f of findings) if (f.location) baseNames.add(baseName(f.location.path));
  return {
    ...(key === undefined ? {} : { key }),
    candidates: unique,
    findings,
    kindNames: [...new Set(unique.map((c) => kindNameKey(c.kind, c.name)))],
    baseNames: [...baseNames],
    placed: new Map(),
  };
}

export function placement(finding: Finding, range: ManifestRange, workload: string | undefined): Placement {
  return workload === undefined ? { finding, range } : { finding, range, workload };
}

/** Files whose placements differ between a set's old and new placements. */
export function changedFiles(
  before: ReadonlyMap<string, readonly Placement[]>,
  after: ReadonlyMap<string, readonly Placement[]>,
): Set<string> {
  const out = new Set<string>();
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    if (!samePlacements(before.get(path) ?? NO_PLACEMENTS, after.get(path) ?? NO_PLACEMENTS)) out.add(path);
  }
  return out;
}

export function mergePlaced(targets: readonly Target[]): ReadonlyMap<string, readonly Placement[]> {
  if (targets.length === 1) return targets[0]!.placed;
  const out = new Map<string, Placement[]>();
  for (const t of targets) {
    for (const [path, list] of t.placed) {
      const all = out.get(path);
      if (all) appendTo(all, list);
      else out.set(path, [...list]);
    }
  }
  return out;
}

/** Same findings at the same lines (the objects they point into may be of a rebuilt index). */
export function samePlacements(a: readonly Placement[], b: readonly Placement[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.finding !== y.finding ||
      x.range.startLine !== y.range.startLine ||
      x.range.endLine !== y.range.endLine ||
      x.range.precision !== y.range.precision ||
      x.range.approximate !== y.range.approximate
    )
      return false;
  }
  return true;
}

export function refKey(r: ObjectRefLike): string {
  return `${r.kind.toLowerCase()}/${r.namespace ?? ''}/${r.name}`;
}

export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? path : path.slice(i + 1);
}

/** `push(...items)` without spreading: a workload can have more findings than a call has arguments. */
export function appendTo<V>(list: V[], items: readonly V[]): void {
  for (const x of items) list.push(x);
}
