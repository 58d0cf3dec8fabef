import { checkJoinKey } from './checkIds.js';
import type { ArtifactRef, Finding, Origin } from './finding.js';

/**
 * Merges the findings that several sources (the files of one read) hold in common, so a report
 * saved twice — a compliance report as summary and as detail, `kubectl get` as YAML and as JSON —
 * or an image scanned to JSON and to SARIF is shown once.
 *
 * Findings are first put in buckets by what they came from: their report object (group, kind,
 * namespace and name; the uid when it has no name), else their artifact (an image's digest, else
 * registry, repository and tag), else the file their location is in. Findings with none of these
 * (a Trivy finding about nothing in particular) are never merged. Within a bucket found in several
 * sources, two findings of different sources are the same when they have the same type, id (any
 * spelling, `checkJoinKey`), outcome, package, Kubernetes object and location, and, for reports,
 * target: JSON names an image's OS target (`… (alpine 3.10.2)`) where SARIF names the image alone.
 *
 * Findings of one source are never merged with each other: a source that lists a finding twice
 * means it, and the k-th copy in one source pairs with the k-th copy in another.
 *
 * The merged finding is the fullest copy (most fields, then the longest message and description)
 * with what it lacks taken from the others and their aliases added; `alsoSeenIn` lists the
 * others' origins. Findings that have no duplicate are returned as they are. Findings keep their
 * order, except that the findings of a bucket found in several sources come together where the
 * bucket was first met. A report saved twice lists its findings in the same order both times;
 * such lists are paired by position, without a key lookup per finding.
 */
export function mergeDuplicateFindings(sources: readonly (readonly Finding[])[]): Finding[] {
  // One source has nothing to merge with: the common case of one big file costs nothing.
  if (sources.filter((s) => s.length > 0).length <= 1) return sources.flat();
  const parts = new IdentityParts();
  const merger = new Merger();
  // Per source, the bucket of each finding (-1: none), and the findings of each bucket.
  const bucketsOf = sources.map((findings) => {
    const ids = new Int32Array(findings.length);
    const lists = new Map<number, Finding[]>();
    findings.forEach((f, i) => {
      const bucket = bucketOf(f, parts);
      ids[i] = bucket;
      if (bucket < 0) return;
      const list = lists.get(bucket);
      if (list) list.push(f);
      else lists.set(bucket, [f]);
    });
    return { ids, lists };
  });
  const sourcesOf = new Map<number, number>();
  for (const { lists } of bucketsOf)
    for (const bucket of lists.keys()) sourcesOf.set(bucket, (sourcesOf.get(bucket) ?? 0) + 1);
  const out: Finding[] = [];
  const done = new Set<number>();
  sources.forEach((findings, source) => {
    const { ids } = bucketsOf[source]!;
    findings.forEach((f, i) => {
      const bucket = ids[i]!;
      if (bucket < 0 || sourcesOf.get(bucket) === 1) {
        out.push(f);
        return;
      }
      if (done.has(bucket)) return;
      done.add(bucket);
      // The bucket's lists in the sources that have it, this one first.
      const lists: Finding[][] = [];
      for (let s = source; s < sources.length; s++) {
        const list = bucketsOf[s]!.lists.get(bucket);
        if (list) lists.push(list);
      }
      for (const g of matchLists(lists, parts, merger)) out.push(g);
    });
  });
  return out;
}

/** The findings of one bucket from several sources, duplicates merged, in first-seen order. */
function matchLists(lists: readonly (readonly Finding[])[], parts: IdentityParts, merger: Merger): Finding[] {
  // A report saved twice lists the same findings in the same order: pair them by position.
  const first = lists[0]!;
  if (lists.every((l) => l.length === first.length && l.every((f, i) => same(f, first[i]!))))
    return first.map((_, i) => merger.merge(lists.map((l) => l[i]!)));
  const groups: Finding[][] = [];
  const byKey = new Map<string, Listed>();
  lists.forEach((list, source) => {
    for (const f of list) {
      const key = sameKey(f, parts);
      const listed = byKey.get(key);
      const group = take(listed, source);
      if (group) {
        group.members.push(f);
        group.lastSource = source;
        continue;
      }
      const created: Group = { members: [f], lastSource: source };
      groups.push(created.members);
      if (listed) listed.groups.push(created);
      else byKey.set(key, { groups: [created], source, next: 0 });
    }
  });
  return groups.map((members) => (members.length === 1 ? members[0]! : merger.merge(members)));
}

interface Group {
  readonly members: Finding[];
  /** Sources are matched in order, so the group holds source `s` exactly when this is `s`. */
  lastSource: number;
}

/** The groups of one key, and where the current source's search for a free one stands. */
interface Listed {
  readonly groups: Group[];
  source: number;
  next: number;
}

/**
 * The first group of a key that does not hold `source` yet. Lists only grow and a group never
 * loses a source, so within one source the search only moves forward: a source that repeats one
 * finding 100,000 times costs 100,000 steps, not their square.
 */
function take(listed: Listed | undefined, source: number): Group | undefined {
  if (!listed) return undefined;
  if (listed.source !== source) {
    listed.source = source;
    listed.next = 0;
  }
  const { groups } = listed;
  while (listed.next < groups.length && groups[listed.next]!.lastSource === source) listed.next++;
  return groups[listed.next];
}

/**
 * Numbers for the parts of a finding's identity, so its key is a few short numbers instead of a
 * few hundred characters. Parts are numbered by their text, and found by object first: the
 * findings of one report share their origin, resource and package objects.
 */
class IdentityParts {
  private readonly byText = new Map<string, number>();
  private readonly byObject = new Map<object, number>();

  /** The number of a text; equal texts (of any file) get the same number. */
  text(s: string): number {
    let n = this.byText.get(s);
    if (n === undefined) this.byText.set(s, (n = this.byText.size));
    return n;
  }

  /** The number of `describe(o)` (-1 when it describes nothing), worked out once per object. */
  of<T extends object>(o: T | undefined, describe: (o: T) => string | undefined): number {
    if (o === undefined) return -1;
    let n = this.byObject.get(o);
    if (n === undefined) {
      const text = describe(o);
      this.byObject.set(o, (n = text === undefined ? -1 : this.text(text)));
    }
    return n;
  }
}

/** What a finding came from: its report, else its artifact, else its location's file; -1 for none. */
function bucketOf(f: Finding, parts: IdentityParts): number {
  const report = parts.of(f.origin, reportIdentity);
  if (report >= 0) return report;
  const artifact = parts.of(f.artifact, artifactIdentity);
  if (artifact >= 0) return artifact;
  return f.location ? parts.text(`file\u0000${f.location.path}`) : -1;
}

function reportIdentity(origin: Origin): string | undefined {
  const r = origin.report;
  if (!r) return undefined;
  // The group, not the version: one report read at v1alpha1 and at v1alpha2 is one report.
  const slash = r.apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : r.apiVersion.slice(0, slash);
  if (r.name) return `report\u0000${group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
  return r.uid ? `report\u0000${r.uid}` : undefined;
}

function artifactIdentity(a: ArtifactRef): string | undefined {
  if (a.digest) return `artifact\u0000${a.digest}`;
  return a.registry || a.repository || a.tag
    ? `artifact\u0000${a.registry ?? ''}/${a.repository ?? ''}:${a.tag ?? ''}`
    : undefined;
}

/** What makes two findings of one bucket the same (see {@link mergeDuplicateFindings}). */
function sameKey(f: Finding, parts: IdentityParts): string {
  const key =
    `${f.type}|${parts.text(checkJoinKey(f.id))}|${f.outcome}` +
    `|${parts.of(f.package, (p) => `${p.name}@${p.installedVersion ?? ''}|${p.path ?? ''}`)}` +
    `|${parts.of(f.resource, (r) => `${r.kind}/${r.namespace ?? ''}/${r.name}/${r.container ?? ''}`)}` +
    (f.location ? `|${f.location.path}:${f.location.startLine}-${f.location.endLine}` : '|');
  return f.origin.report ? `${key}|${f.target === undefined ? -1 : parts.text(f.target)}` : key;
}

/** {@link sameKey} of two findings of one bucket compared field by field, without building keys. */
function same(a: Finding, b: Finding): boolean {
  if (a.type !== b.type || a.outcome !== b.outcome) return false;
  if (a.id !== b.id && checkJoinKey(a.id) !== checkJoinKey(b.id)) return false;
  const pa = a.package;
  const pb = b.package;
  if (
    pa !== pb &&
    (!pa || !pb || pa.name !== pb.name || pa.installedVersion !== pb.installedVersion || pa.path !== pb.path)
  )
    return false;
  const ra = a.resource;
  const rb = b.resource;
  if (
    ra !== rb &&
    (!ra ||
      !rb ||
      ra.kind !== rb.kind ||
      ra.namespace !== rb.namespace ||
      ra.name !== rb.name ||
      ra.container !== rb.container)
  )
    return false;
  const la = a.location;
  const lb = b.location;
  if (
    la !== lb &&
    (!la || !lb || la.path !== lb.path || la.startLine !== lb.startLine || la.endLine !== lb.endLine)
  )
    return false;
  return !a.origin.report || a.target === b.target;
}

/**
 * Merges copies of one finding. The `alsoSeenIn` list of a finding kept from one report and seen
 * in one other is the same for all the findings of that pair of reports: one list, shared.
 */
class Merger {
  private readonly places = new Map<Origin, Map<Origin, readonly Origin[]>>();

  merge(copies: readonly Finding[]): Finding {
    let kept = copies[0]!;
    for (let i = 1; i < copies.length; i++) if (fuller(copies[i]!, kept)) kept = copies[i]!;
    const merged: Record<string, unknown> = { ...kept };
    let aliases: Set<string> | undefined;
    for (const c of copies) {
      if (c === kept) continue;
      const fields = c as unknown as Record<string, unknown>;
      for (const key in fields) if (isEmpty(merged[key]) && !isEmpty(fields[key])) merged[key] = fields[key];
      for (const a of c.aliases)
        if (a !== kept.id && !kept.aliases.includes(a)) (aliases ??= new Set()).add(a);
    }
    // Most copies spell the id alike: the kept list is shared, not copied.
    merged.aliases = aliases ? [...kept.aliases, ...aliases] : kept.aliases;
    merged.alsoSeenIn = this.seenIn(kept, copies);
    return merged as unknown as Finding;
  }

  private seenIn(kept: Finding, copies: readonly Finding[]): readonly Origin[] {
    const other = copies.length === 2 ? copies[copies[0] === kept ? 1 : 0]! : undefined;
    if (other && !kept.alsoSeenIn && !other.alsoSeenIn && other.origin !== kept.origin) {
      let byOther = this.places.get(kept.origin);
      if (!byOther) this.places.set(kept.origin, (byOther = new Map()));
      let list = byOther.get(other.origin);
      if (!list) byOther.set(other.origin, (list = [other.origin]));
      return list;
    }
    const seen: Origin[] = [...(kept.alsoSeenIn ?? [])];
    for (const c of copies) {
      if (c === kept) continue;
      if (c.origin !== kept.origin && !seen.includes(c.origin)) seen.push(c.origin);
      for (const o of c.alsoSeenIn ?? []) if (o !== kept.origin && !seen.includes(o)) seen.push(o);
    }
    return seen;
  }
}

/** Whether `a` says more than `b`: more fields, then more message and description text. */
function fuller(a: Finding, b: Finding): boolean {
  const fa = fieldCount(a);
  const fb = fieldCount(b);
  if (fa !== fb) return fa > fb;
  return textLength(a) > textLength(b);
}

function fieldCount(f: Finding): number {
  let n = 0;
  const fields = f as unknown as Record<string, unknown>;
  for (const key in fields) if (!isEmpty(fields[key])) n++;
  return n;
}

function textLength(f: Finding): number {
  return (f.message?.length ?? 0) + (f.description?.length ?? 0);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}
