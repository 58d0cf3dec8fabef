// The sentences of the core's insights (upgrades, coverage) as the Cluster view and the scan viewer
// show them: one wording in both. No `vscode` here, so the page imports it too.
import type { CoverageCounts, WorkloadCoverage } from '@trivy-findings/core/insights/coverage.js';
import type { PackageTally, PackageUpgrade, UnfixedPackage } from '@trivy-findings/core/insights/upgrades.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `openssl 1.1.1k`: the package as it is installed. */
export function packageText(p: PackageTally): string {
  return p.package.installedVersion ? `${p.package.name} ${p.package.installedVersion}` : p.package.name;
}

/** `in 3 workloads`, else `in 2 images`, else nothing: where the findings are. */
function whereText(p: PackageTally): string {
  if (p.workloads > 0) return ` in ${plural(p.workloads, 'workload')}`;
  if (p.images > 0) return ` in ${plural(p.images, 'image')}`;
  return '';
}

/**
 * `openssl 1.1.1k → 1.1.1n clears 14 findings in 3 workloads`; when the version is not sure,
 * every version it may be: `… → 2.0.5-1+deb10u1 or 2.0.5 beta (order unknown) clears …`.
 */
export function upgradeSentence(u: PackageUpgrade): string {
  const to = u.to !== undefined ? u.to : `${u.candidates.join(' or ') || 'a fixed version'} (order unknown)`;
  return `${packageText(u)} → ${to} clears ${plural(u.findings, 'finding')}${whereText(u)}`;
}

/** `libwebp6 0.6.1-2: 3 findings in 1 workload, no fix yet`. */
export function unfixedSentence(p: UnfixedPackage): string {
  return `${packageText(p)}: ${plural(p.findings, 'finding')}${whereText(p)}, no fix yet`;
}

/** `no fix yet: 9 packages`. */
export function noFixText(packages: number): string {
  return `no fix yet: ${plural(packages, 'package')}`;
}

/**
 * `12 scanned · 1 scanning · 3 not scanned · 1 stale · 2 unknown`: states with none left out, never
 * summed into a "clean" figure; `no workloads` when there are none.
 */
export function coverageCountsText(c: CoverageCounts): string {
  const parts: string[] = [];
  if (c.scanned) parts.push(`${c.scanned} scanned`);
  if (c.scanning) parts.push(`${c.scanning} scanning`);
  if (c.notScanned) parts.push(`${c.notScanned} not scanned`);
  if (c.stale) parts.push(`${c.stale} stale`);
  if (c.unknown) parts.push(`${c.unknown} unknown`);
  return parts.length > 0 ? parts.join(' · ') : 'no workloads';
}

/**
 * A workload's state as its row says it: `scanned 2 h ago`, `stale: report 3 d old`, `scanning`,
 * `not scanned`, `coverage unknown`. The age is of its oldest report, at `now` (ms since the epoch).
 */
export function coverageStateText(w: WorkloadCoverage, now: number): string {
  const age = oldestReportAge(w, now);
  switch (w.state) {
    case 'scanned':
      return age !== undefined ? `scanned ${durationText(age)} ago` : 'scanned';
    case 'stale':
      return age !== undefined ? `stale: report ${durationText(age)} old` : 'stale';
    case 'scanning':
      return 'scanning';
    case 'not-scanned':
      return 'not scanned';
    case 'unknown':
      return 'coverage unknown';
  }
}

function oldestReportAge(w: WorkloadCoverage, now: number): number | undefined {
  let oldest: number | undefined;
  for (const r of w.reports) {
    const t = r.created ? Date.parse(r.created) : NaN;
    if (!Number.isNaN(t) && (oldest === undefined || t < oldest)) oldest = t;
  }
  return oldest === undefined ? undefined : Math.max(0, now - oldest);
}

/** `45 s`, `12 min`, `5 h`, `3 d`: the largest whole unit. */
export function durationText(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}
