import { isRecord, num, text } from '../fields.js';

/** First line range of a package in its lock file, by `ID` and by `name@version`. */
export type PackageLines = ReadonlyMap<string, { readonly start: number; readonly end: number }>;

/**
 * Indexes a result's `Packages[].Locations` (Trivy `fanal/types/package.go`; present when the
 * report lists packages, e.g. with `--list-all-pkgs`). A package declared several times in a lock
 * file keeps its first place: a finding points at one range.
 */
export function indexPackageLines(packages: unknown): PackageLines | undefined {
  if (!Array.isArray(packages) || packages.length === 0) return undefined;
  let index: Map<string, { start: number; end: number }> | undefined;
  for (const p of packages) {
    if (!isRecord(p) || !Array.isArray(p.Locations)) continue;
    const loc = p.Locations[0];
    const start = isRecord(loc) ? num(loc.StartLine) : undefined;
    if (start === undefined || start < 1) continue;
    const end = num((loc as Record<string, unknown>).EndLine);
    const range = { start, end: end !== undefined && end >= start ? end : start };
    index ??= new Map();
    const id = text(p.ID);
    if (id && !index.has(id)) index.set(id, range);
    const name = text(p.Name);
    if (name) {
      const key = `${name}@${text(p.Version) ?? ''}`;
      if (!index.has(key)) index.set(key, range);
    }
  }
  return index;
}
