import React from 'react';
import { usePanelData } from '../panels/usePanelData.js';
import { OverviewView } from './overviewView.js';

/**
 * The cluster's "Trivy Findings" page as registered: the overview of the connected panel source,
 * or, until one is connected, where the findings will be.
 */
export function OverviewPage(): React.ReactElement {
  const data = usePanelData((source) => source.overview(), '');
  if (data) return <OverviewView data={data} />;
  return (
    <div className="TrivyFindingsOverview" style={{ padding: 'var(--padding, 8px)' }}>
      <h2>Trivy Findings</h2>
      <p>The cluster’s findings appear here once the cluster store is connected.</p>
    </div>
  );
}
