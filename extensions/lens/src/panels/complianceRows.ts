import type { Finding } from '../../../../shared/src/model/finding.js';
import { severityRank, type Severity } from '../../../../shared/src/model/severity.js';
import { compareText } from './rowSort.js';

/** A control's status as a compliance report gives it: failed, passed, or manual (checked by a person). */
export type ControlStatus = 'fail' | 'pass' | 'manual';

export interface ControlRow {
  readonly key: string;
  /** The control's id in its spec (`1.0`). */
  readonly id: string;
  readonly name: string;
  readonly severity: Severity;
  readonly status: ControlStatus;
  readonly message?: string;
}

/** One ClusterComplianceReport: its spec's title and its controls, failed ones first. */
export interface ComplianceReportRows {
  readonly report: string;
  readonly title: string;
  readonly controls: readonly ControlRow[];
  readonly failed: number;
  readonly passed: number;
  readonly manual: number;
}

const ORDER: readonly ControlStatus[] = ['fail', 'manual', 'pass'];

/**
 * Compliance findings by report. The core reads one finding per control, id `<spec title>/<control
 * id>` with the spec's title as category, outcome `fail`, `pass` or `skip` for manual controls
 * (`readers/reports/complianceReport.ts`); passed and manual ones are there when the store keeps passes.
 */
export function complianceReports(findings: readonly Finding[]): ComplianceReportRows[] {
  const reports = new Map<string, { title: string; controls: ControlRow[] }>();
  for (const f of findings) {
    if (f.type !== 'compliance' || f.outcome === 'warn' || f.outcome === 'error') continue;
    const report = f.origin.report?.name ?? f.origin.file ?? '';
    const title = f.category ?? report;
    let entry = reports.get(report);
    if (!entry) reports.set(report, (entry = { title, controls: [] }));
    const id = f.id.startsWith(`${title}/`) ? f.id.slice(title.length + 1) : f.id;
    entry.controls.push({
      key: f.id,
      id,
      name: f.title,
      severity: f.severity,
      status: f.outcome === 'fail' ? 'fail' : f.outcome === 'pass' ? 'pass' : 'manual',
      ...(f.message ? { message: f.message } : {}),
    });
  }
  return [...reports]
    .map(([report, { title, controls }]) => ({
      report,
      title,
      controls: controls.sort(
        (a, b) =>
          ORDER.indexOf(a.status) - ORDER.indexOf(b.status) ||
          severityRank(b.severity) - severityRank(a.severity) ||
          compareText(a.id, b.id),
      ),
      failed: controls.filter((c) => c.status === 'fail').length,
      passed: controls.filter((c) => c.status === 'pass').length,
      manual: controls.filter((c) => c.status === 'manual').length,
    }))
    .sort((a, b) => compareText(a.title, b.title) || compareText(a.report, b.report));
}
