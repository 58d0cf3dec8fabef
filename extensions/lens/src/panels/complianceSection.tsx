import React, { useMemo } from 'react';
import { Renderer } from '@k8slens/extensions';
import type { Finding } from '../../../../shared/src/model/finding.js';
import { complianceReports, type ControlRow, type ControlStatus } from './complianceRows.js';
import { FindingTable, type TableColumn } from './findingTable.js';
import { pageOf } from './rowPages.js';
import { SeverityBadge } from './severityBadges.js';

const COLUMNS: readonly TableColumn<never>[] = [
  { title: 'Control' },
  { title: 'Name' },
  { title: 'Severity' },
  { title: 'Status' },
  { title: 'Details' },
];

const STATUS_TEXT: Readonly<Record<ControlStatus, string>> = { fail: 'FAIL', pass: 'PASS', manual: 'MANUAL' };

/** The cluster's compliance reports (NSA, CIS, PSS …), each with its controls and their status. */
export function ComplianceSection({
  findings,
}: {
  readonly findings: readonly Finding[];
}): React.ReactElement {
  const { TableCell } = Renderer.Component;
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
          <FindingTable<ControlRow, never>
            className="TrivyFindingsControls"
            columns={COLUMNS}
            page={pageOf(r.controls, r.controls.length)}
            keyOf={(c) => c.key}
            cells={(c) => (
              <>
                <TableCell>{c.id}</TableCell>
                <TableCell>{c.name}</TableCell>
                <TableCell>
                  <SeverityBadge severity={c.severity} />
                </TableCell>
                <TableCell>{STATUS_TEXT[c.status]}</TableCell>
                <TableCell>{c.message ?? ''}</TableCell>
              </>
            )}
          />
        </section>
      ))}
    </>
  );
}
