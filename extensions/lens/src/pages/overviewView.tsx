import React from 'react';
import { ComplianceSection } from '../panels/complianceSection.js';
import { KindCountTable, WorstWorkloadsTable } from '../panels/countTables.js';
import { CoverageSection } from '../panels/coverageSection.js';
import type { OverviewData } from '../panels/panelModel.js';
import { scopeState } from '../panels/scopeState.js';
import { SeverityCountBadges, SeverityStyles } from '../panels/severityBadges.js';
import { Notes, StateSentence } from '../panels/stateSentence.js';
import { StatusTable } from '../panels/statusTable.js';

/**
 * The cluster's Trivy Findings page over plain data: totals by severity and report kind, the
 * workloads' coverage, the worst workloads, the compliance reports' controls, and the state of every
 * report kind's watch.
 */
export function OverviewView({ data }: { readonly data: OverviewData }): React.ReactElement {
  const { summary } = data;
  const state = scopeState({ loading: data.loading, total: summary.total, statuses: data.statuses });
  return (
    <div className="TrivyFindingsOverview" style={{ padding: 'var(--padding, 8px)' }}>
      <SeverityStyles />
      <h2>Trivy Findings</h2>
      <Notes notes={state.notes} />
      {state.state === 'findings' ? (
        <>
          <SeverityCountBadges counts={summary.counts} />
          <h3>By report kind</h3>
          <KindCountTable rows={summary.byKind} />
          <h3>Worst workloads</h3>
          <WorstWorkloadsTable rows={summary.byWorkload} />
        </>
      ) : (
        <StateSentence state={state.state} sentence={state.sentence ?? ''} />
      )}
      <h3>Coverage</h3>
      {data.coverage ? (
        <CoverageSection coverage={data.coverage} byNamespace />
      ) : (
        <StateSentence state="loading" sentence="Counting the cluster’s workloads…" />
      )}
      <h3>Compliance</h3>
      <ComplianceSection findings={data.compliance} />
      <h3>Report kinds</h3>
      <StatusTable statuses={data.statuses} />
    </div>
  );
}
