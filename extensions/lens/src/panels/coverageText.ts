import type { CoverageCounts, CoverageState, WorkloadCoverage } from './panelModel.js';

/**
 * `40 workloads: 34 scanned, 2 scanning, 3 not scanned yet, 1 stale`: how many workloads of a scope
 * Trivy Operator has scanned, never summed into a "clean" figure. States with none are left out.
 */
export function coverageCountsText(c: CoverageCounts): string {
  const parts: string[] = [];
  if (c.scanned) parts.push(`${c.scanned} scanned`);
  if (c.scanning) parts.push(`${c.scanning} scanning`);
  if (c['not-scanned']) parts.push(`${c['not-scanned']} not scanned yet`);
  if (c.stale) parts.push(`${c.stale} stale (older than the rescan interval)`);
  if (c.unknown) parts.push(`${c.unknown} unknown (see below)`);
  const total = c.scanned + c.scanning + c['not-scanned'] + c.stale + c.unknown;
  return total === 0
    ? 'No workloads found.'
    : `${total} workload${total === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}

/** The coverage states in the order the tables show them, with their headings. */
export const COVERAGE_COLUMNS: readonly { readonly state: CoverageState; readonly title: string }[] = [
  { state: 'scanned', title: 'Scanned' },
  { state: 'scanning', title: 'Scanning' },
  { state: 'not-scanned', title: 'Not scanned' },
  { state: 'stale', title: 'Stale' },
  { state: 'unknown', title: 'Unknown' },
];

/** `Scanned`, `Not scanned yet` …: the workload's state in a word or two, beside its totals. */
export function coverageLabel(c: WorkloadCoverage): string {
  switch (c.state) {
    case 'scanned':
      return c.updated ? `Scanned (reports of ${c.updated})` : 'Scanned';
    case 'scanning':
      return 'Scanning';
    case 'not-scanned':
      return 'Not scanned yet';
    case 'stale':
      return 'Stale';
    case 'unknown':
      return 'Coverage unknown';
  }
}

/** The line over a workload's tabs when its scan is not simply done, `undefined` when it is. */
export function coverageNotice(c: WorkloadCoverage | undefined): string | undefined {
  switch (c?.state) {
    case 'scanning':
      return 'Scanning — Trivy Operator is scanning this workload; new reports replace these when done.';
    case 'not-scanned':
      return `Not scanned yet — Trivy Operator scans new workloads within minutes${c.reason ? ` (${c.reason})` : ''}.`;
    case 'stale': {
      const interval = c.rescanInterval ? ` (${c.rescanInterval})` : '';
      const updated = c.updated ? `, written ${c.updated}` : '';
      return `These reports are older than Trivy Operator’s rescan interval${interval}${updated}: they may be out of date. Rescan to refresh them.`;
    }
    case 'unknown':
      return `Whether Trivy Operator scanned this workload cannot be told${c.reason ? `: ${c.reason}` : ''}.`;
    default:
      return undefined;
  }
}
