import React from 'react';

/**
 * The cluster's "Trivy Findings" page. For now a title and where the findings will be: the seam
 * the overview (counts by severity, kinds and their status, top workloads) replaces once the core's
 * cluster store is connected.
 */
export function OverviewPage(): React.ReactElement {
  return (
    <div className="TrivyFindingsOverview" style={{ padding: 'var(--padding, 8px)' }}>
      <h2>Trivy Findings</h2>
      <p>The cluster’s findings appear here once the cluster store is connected.</p>
    </div>
  );
}
