import type { CoverageCounts, WorkloadCoverage } from './panelModel.js';

/**
 * `40 scanned, 2 scanning, 3 not scanned yet, 1 stale`: how many workloads of a scope Trivy
 * Operator has scanned, never summed into a "clean" figure. States with none are left out.
 */
export function coverageCountsText(c: CoverageCounts): string {
  const parts: string[] = [];
  if (c.scanned) parts.push(`${c.scanned} scanned`);
  if (c.scanning) parts.push(`${c.scanning} scanning`);
  if (c['not-scanned']) parts.push(`${c['not-scanned']} not scanned yet`);
  if (c.stale) parts.push(`${c.stale} stale (older than the rescan interval)`);
  const total = c.scanned + c.scanning + c['not-scanned'] + c.stale;
  return total === 0
    ? 'No workloads found.'
    : `${total} workload${total === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}

/** The line over a workload's tabs when its scan is not simply done, `undefined` when it is. */
export function coverageNotice(c: WorkloadCoverage | undefined): string | undefined {
  switch (c?.state) {
    case 'scanning':
      return 'Scanning — Trivy Operator is scanning this workload; new reports replace these when done.';
    case 'not-scanned':
      return 'Not scanned yet — Trivy Operator scans new workloads within minutes.';
    case 'stale': {
      const interval = c.rescanInterval ? ` (${c.rescanInterval})` : '';
      const updated = c.updated ? `, written ${c.updated}` : '';
      return `These reports are older than Trivy Operator’s rescan interval${interval}${updated}: they may be out of date. Rescan to refresh them.`;
    }
    default:
      return undefined;
  }
}
