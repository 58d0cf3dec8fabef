import React from 'react';
import type { CountRow, WorkloadCountRow } from '../../../../shared/src/summary/findingSummary.js';
import { FindingTable, type TableColumn } from './findingTable.js';
import { pageOf } from './rowPages.js';
import { countsColumn, workloadColumn } from './tableColumns.js';

const KIND_COLUMNS: readonly TableColumn<CountRow>[] = [
  { title: 'Report kind', cell: (r) => r.key },
  countsColumn('Findings', (r) => r.counts),
  { title: 'Total', cell: (r) => r.total },
];
const WORKLOAD_COLUMNS: readonly TableColumn<WorkloadCountRow>[] = [
  workloadColumn(),
  countsColumn('Findings', (r) => r.counts),
  { title: 'Total', cell: (r) => r.total },
];

/** How many workloads the worst-workloads tables list. */
export const WORST_WORKLOADS = 10;

/** Counts by report kind, as a summary's `byKind` rows give them (most severe first). */
export function KindCountTable({ rows }: { readonly rows: readonly CountRow[] }): React.ReactElement {
  return (
    <FindingTable<CountRow>
      className="TrivyFindingsKindCounts"
      columns={KIND_COLUMNS}
      page={pageOf(rows, rows.length)}
      keyOf={(r) => r.key}
    />
  );
}

/** The worst workloads of a summary (its `byWorkload` rows come most severe first), each a link. */
export function WorstWorkloadsTable({
  rows,
}: {
  readonly rows: readonly WorkloadCountRow[];
}): React.ReactElement {
  return (
    <FindingTable<WorkloadCountRow>
      className="TrivyFindingsWorstWorkloads"
      columns={WORKLOAD_COLUMNS}
      page={pageOf(rows, WORST_WORKLOADS)}
      keyOf={(r) => r.key}
    />
  );
}
