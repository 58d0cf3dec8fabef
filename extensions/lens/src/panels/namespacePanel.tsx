import React from 'react';
import type { ObjectRef } from '../../../../shared/src/ports/clusterSource.js';
import { KindCountTable, WorstWorkloadsTable } from './countTables.js';
import { CoverageSection } from './coverageSection.js';
import { ObjectFindingsPanel } from './objectFindingsPanel.js';
import type { NamespacePanelData, ObjectPanelData } from './panelModel.js';
import { scopeState } from './scopeState.js';
import { SeverityCountBadges } from './severityBadges.js';
import { Notes, StateSentence } from './stateSentence.js';

/**
 * A Namespace's section: the totals of the namespace by severity and report kind, its workloads'
 * coverage, its worst workloads (links to their details), then the findings about the Namespace
 * object itself (config audit, policies on namespaces).
 */
export function NamespacePanel({
  object,
  data,
  own,
}: {
  readonly object: ObjectRef;
  readonly data: NamespacePanelData;
  readonly own: ObjectPanelData;
}): React.ReactElement {
  const { summary } = data;
  const state = scopeState({
    loading: data.loading,
    total: summary.total,
    statuses: data.statuses,
    namespace: object.name,
  });
  return (
    <div className="TrivyFindingsNamespace">
      <h4>In namespace {object.name}</h4>
      {data.coverage ? <CoverageSection coverage={data.coverage} /> : null}
      <Notes notes={state.notes} />
      {state.state === 'findings' ? (
        <>
          <SeverityCountBadges counts={summary.counts} />
          <KindCountTable rows={summary.byKind} />
          <h4>Worst workloads</h4>
          <WorstWorkloadsTable rows={summary.byWorkload} />
        </>
      ) : (
        <StateSentence state={state.state} sentence={state.sentence ?? ''} />
      )}
      <h4>The Namespace object</h4>
      <ObjectFindingsPanel object={object} data={own} />
    </div>
  );
}
