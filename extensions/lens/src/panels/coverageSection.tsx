import React, { useState } from 'react';
import { COVERAGE_COLUMNS, coverageCountsText } from './coverageText.js';
import { FindingTable, type TableColumn } from './findingTable.js';
import type { NamespaceCoverage, ScopeCoverage } from './panelModel.js';
import { pageOf, PAGE_SIZE } from './rowPages.js';
import { Notes } from './stateSentence.js';

const COLUMNS: readonly TableColumn<NamespaceCoverage>[] = [
  { title: 'Namespace', cell: (r) => r.namespace },
  ...COVERAGE_COLUMNS.map((c) => ({ title: c.title, cell: (r: NamespaceCoverage) => r.counts[c.state] })),
];

/**
 * Which workloads of a scope Trivy Operator has scanned: the counts in a sentence, on the overview
 * a row per namespace, and what makes some of it unknown (a listing forbidden, with the server's
 * message).
 */
export function CoverageSection({
  coverage,
  byNamespace,
}: {
  readonly coverage: ScopeCoverage;
  /** Show the table of namespaces (the overview); a namespace's section has the sentence only. */
  readonly byNamespace?: boolean;
}): React.ReactElement {
  const [limit, setLimit] = useState(PAGE_SIZE);
  return (
    <div className="TrivyFindingsCoverage">
      <p className="TrivyFindingsCoverageCounts">{coverageCountsText(coverage.counts)}</p>
      {byNamespace && coverage.namespaces.length > 0 ? (
        <FindingTable<NamespaceCoverage>
          className="TrivyFindingsCoverageTable"
          columns={COLUMNS}
          page={pageOf(coverage.namespaces, limit)}
          keyOf={(r) => r.namespace}
          onShowMore={() => setLimit(limit + PAGE_SIZE)}
        />
      ) : null}
      <Notes notes={coverage.notes} />
    </div>
  );
}
