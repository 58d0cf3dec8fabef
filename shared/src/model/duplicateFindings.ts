import { checkJoinKey } from './checkIds.js';
import type { Finding, Origin } from './finding.js';

/**
 * Merges the findings that several sources (the files of one read) hold in common, so a report
 * saved twice — a compliance report as summary and as detail, `kubectl get` as YAML and as JSON —
 * or an image scanned to JSON and to SARIF is shown once. Two findings of different sources are
 * the same when they have the same type, id (any spelling, `checkJoinKey`), outcome, package,
 * Kubernetes object, target and location, and either
 *  - come from the same report object (group, kind, namespace and name; the uid when it has no
 *    name), or
 *  - concern the same artifact or location: an image (its digest, else registry, repository and
 *    tag) or lines of a file. Findings with neither (a policy result about nothing in particular)
 *    are only merged by their report, so two reports' alike results stay two.
 * The target is left out of the second rule: JSON names an image's OS target (`… (alpine 3.10.2)`)
 * where SARIF names the image alone.
 *
 * Findings of one source are never merged with each other: a source that lists a finding twice
 * means it, and the k-th copy in one source pairs with the k-th copy in another.
 *
 * The merged finding is the fullest copy (most fields, then the longest message and description)
 * with what it lacks taken from the others and their aliases added; `alsoSeenIn` lists the
 * others' origins. Findings that have no duplicate are returned as they are. The order is that
 * of each finding's first copy.
 */
export function mergeDuplicateFindings(sources: readonly (readonly Finding[])[]): Finding[] {
  // One source has nothing to merge with: the common case of one big file costs nothing.
  if (sources.filter((s) => s.length > 0).length <= 1) return sources.flat();
  const groups: Group[] = [];
  const byKey = new Map<string, Group[]>();
  // Per source and key, the first group of the key's list that may not hold the source yet. Lists
  // only grow and a group never loses a source, so cursors only move forward: a source that
  // repeats one finding 100,000 times costs 100,000 steps, not their square.
  const cursors = new Map<string, number>();
  const take = (key: string, source: number): Group | undefined => {
    const list = byKey.get(key);
    if (!list) return undefined;
    const cursor = `${source}\u0000${key}`;
    let i = cursors.get(cursor) ?? 0;
    while (i < list.length && list[i]!.sources.has(source)) i++;
    cursors.set(cursor, i);
    return list[i];
  };
  sources.forEach((findings, source) => {
    for (const f of findings) {
      const keys = sameKeys(f);
      let group: Group | undefined;
      for (const key of keys) if ((group = take(key, source))) break;
      if (!group) groups.push((group = { members: [], sources: new Set(), keys: new Set() }));
      group.members.push(f);
      group.sources.add(source);
      for (const key of keys) {
        if (group.keys.has(key)) continue;
        group.keys.add(key);
        const list = byKey.get(key);
        if (list) list.push(group);
        else byKey.set(key, [group]);
      }
    }
  });
  return groups.map((g) => (g.members.length === 1 ? g.members[0]! : merge(g.members)));
}

interface Group {
  readonly members: Finding[];
  readonly sources: Set<number>;
  /** The keys it is listed under. */
  readonly keys: Set<string>;
}

/** The keys under which a finding's duplicates are found: its report's, and its content's. */
function sameKeys(f: Finding): string[] {
  const what = [
    f.type,
    checkJoinKey(f.id),
    f.outcome,
    f.package ? `${f.package.name}@${f.package.installedVersion ?? ''}|${f.package.path ?? ''}` : '',
    f.resource
      ? `${f.resource.kind}/${f.resource.namespace ?? ''}/${f.resource.name}/${f.resource.container ?? ''}`
      : '',
    f.location ? `${f.location.path}:${f.location.startLine}-${f.location.endLine}` : '',
  ].join('\u0000');
  const keys: string[] = [];
  const report = reportIdentity(f.origin);
  if (report) keys.push(`report\u0000${report}\u0000${what}\u0000${f.target ?? ''}`);
  const artifact = artifactIdentity(f);
  if (artifact || f.location) keys.push(`content\u0000${artifact ?? ''}\u0000${what}`);
  return keys;
}

function reportIdentity(origin: Origin): string | undefined {
  const r = origin.report;
  if (!r) return undefined;
  // The group, not the version: one report read at v1alpha1 and at v1alpha2 is one report.
  const slash = r.apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : r.apiVersion.slice(0, slash);
  if (r.name) return `${group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
  return r.uid ? `uid:${r.uid}` : undefined;
}

function artifactIdentity(f: Finding): string | undefined {
  const a = f.artifact;
  if (!a) return undefined;
  if (a.digest) return a.digest;
  return a.registry || a.repository || a.tag
    ? `${a.registry ?? ''}/${a.repository ?? ''}:${a.tag ?? ''}`
    : undefined;
}

function merge(copies: readonly Finding[]): Finding {
  let kept = copies[0]!;
  for (const c of copies) if (fuller(c, kept)) kept = c;
  const merged: Record<string, unknown> = { ...kept };
  const aliases = new Set(kept.aliases);
  const seen: Origin[] = [...(kept.alsoSeenIn ?? [])];
  for (const c of copies) {
    if (c === kept) continue;
    for (const [key, value] of Object.entries(c))
      if (isEmpty(merged[key]) && !isEmpty(value)) merged[key] = value;
    for (const a of c.aliases) aliases.add(a);
    if (c.origin !== kept.origin && !seen.includes(c.origin)) seen.push(c.origin);
    for (const o of c.alsoSeenIn ?? []) if (o !== kept.origin && !seen.includes(o)) seen.push(o);
  }
  aliases.delete(kept.id);
  merged.aliases = [...aliases];
  merged.alsoSeenIn = seen;
  return merged as unknown as Finding;
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
  for (const value of Object.values(f)) if (!isEmpty(value)) n++;
  return n;
}

function textLength(f: Finding): number {
  return (f.message?.length ?? 0) + (f.description?.length ?? 0);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}
