import React, { useMemo } from 'react';
import type { Finding } from '../../../../shared/src/model/finding.js';
import { complianceReports, type ControlRow, type ControlStatus } from './complianceRows.js';
import { FindingTable, type TableColumn } from './findingTable.js';
import { pageOf } from './rowPages.js';
import { SeverityBadge } from './severityBadges.js';

const STATUS_TEXT: Readonly<Record<ControlStatus, string>> = { fail: 'FAIL', pass: 'PASS', manual: 'MANUAL' };

const COLUMNS: readonly TableColumn<ControlRow>[] = [
  { title: 'Control', cell: (c) => c.id },
  { title: 'Name', cell: (c) => c.name },
  { title: 'Severity', cell: (c) => <SeverityBadge severity={c.severity} /> },
  { title: 'Status', cell: (c) => STATUS_TEXT[c.status] },
  { title: 'Details', cell: (c) => c.message ?? '' },
];

/** The cluster's compliance reports (NSA, CIS, PSS …), each with its controls and their status. */
export function ComplianceSection({
  findings,
}: {
  readonly findings: readonly Finding[];
}): React.ReactElement {
  const reports = useMemo(() => complianceReports(findings), [findings]);
  if (reports.length === 0)
    return <p className="TrivyFindingsNoMatch">No failed controls in the cluster’s compliance reports.</p>;
  return (
    <>
      {reports.map((r) => (
        <section key={r.report} className="TrivyFindingsCompliance">
          <h4>{r.title}</h4>
          <p>
            {[
              `${r.failed} control${r.failed === 1 ? '' : 's'} failed`,
              ...(r.passed ? [`${r.passed} passed`] : []),
              ...(r.manual ? [`${r.manual} to check by hand`] : []),
            ].join(', ')}
          </p>
          <FindingTable<ControlRow>
            className="TrivyFindingsControls"
            columns={COLUMNS}
            page={pageOf(r.controls, r.controls.length)}
            keyOf={(c) => c.key}
          />
        </section>
      ))}
    </>
  );
}
