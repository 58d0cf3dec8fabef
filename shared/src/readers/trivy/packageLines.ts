import { isRecord, num, text } from '../fields.js';

/** A package's first line range in its lock file. */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
}

/** Finds where a vulnerable package is declared: by `PkgID`, else by name and version. */
export interface PackageLines {
  find(pkgId: string | undefined, name: string, version: string | undefined): LineSpan | undefined;
}

/** Below this many vulnerability × package pairs a scan beats building an index. */
const SCAN_LIMIT = 512;

/**
 * Where the packages of a result are declared (`Packages[].Locations`, Trivy
 * `fanal/types/package.go`; present when the report lists packages, e.g. `--list-all-pkgs`). A
 * package declared several times in a lock file keeps its first place: a finding points at one
 * range. Most results have a vulnerability or two among many packages, so small cases scan the
 * list instead of allocating an index.
 */
export function packageLines(packages: unknown, vulnerabilities: number): PackageLines | undefined {
  if (!Array.isArray(packages) || packages.length === 0) return undefined;
  if (packages.length * vulnerabilities <= SCAN_LIMIT)
    return { find: (id, name, version) => scan(packages, id, name, version) };
  const index = buildIndex(packages);
  return {
    find: (id, name, version) =>
      (id !== undefined ? index.get(id) : undefined) ?? index.get(`${name}@${version ?? ''}`),
  };
}

function scan(
  packages: readonly unknown[],
  id: string | undefined,
  name: string,
  version: string | undefined,
): LineSpan | undefined {
  let byName: Record<string, unknown> | undefined;
  for (const p of packages) {
    if (!isRecord(p)) continue;
    if (id !== undefined && p.ID === id) return firstSpan(p);
    if (byName === undefined && p.Name === name && (p.Version ?? undefined) === version) byName = p;
  }
  return byName && firstSpan(byName);
}

function buildIndex(packages: readonly unknown[]): Map<string, LineSpan> {
  const index = new Map<string, LineSpan>();
  for (const p of packages) {
    if (!isRecord(p)) continue;
    const span = firstSpan(p);
    if (!span) continue;
    const id = text(p.ID);
    if (id && !index.has(id)) index.set(id, span);
    const name = text(p.Name);
    const key = name && `${name}@${text(p.Version) ?? ''}`;
    if (key && !index.has(key)) index.set(key, span);
  }
  return index;
}

function firstSpan(p: Record<string, unknown>): LineSpan | undefined {
  const loc = Array.isArray(p.Locations) ? p.Locations[0] : undefined;
  if (!isRecord(loc)) return undefined;
  const start = num(loc.StartLine);
  if (start === undefined || start < 1) return undefined;
  const end = num(loc.EndLine);
  return { start, end: end !== undefined && end >= start ? end : start };
}
