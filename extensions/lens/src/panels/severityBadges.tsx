import React from 'react';
import { Renderer } from '@k8slens/extensions';
import { SEVERITIES, type Severity, type SeverityCounts } from '../../../../shared/src/model/severity.js';
import { SEVERITY_STYLE } from './severityStyle.js';

/** One severity, in its colour. */
export function SeverityBadge({ severity }: { readonly severity: Severity }): React.ReactElement {
  const { Badge } = Renderer.Component;
  return (
    <Badge small flat className="TrivyFindingsSeverity" style={SEVERITY_STYLE[severity]} label={severity} />
  );
}

/** `2 CRITICAL  5 HIGH …`: a badge per severity that has findings; `none` says there are none. */
export function SeverityCountBadges({
  counts,
  none = 'No findings',
}: {
  readonly counts: SeverityCounts;
  readonly none?: string;
}): React.ReactElement {
  const { Badge } = Renderer.Component;
  const shown = SEVERITIES.filter((s) => counts[s] > 0);
  if (shown.length === 0) return <span className="TrivyFindingsCounts">{none}</span>;
  return (
    <span className="TrivyFindingsCounts">
      {shown.map((s) => (
        <Badge key={s} small flat style={SEVERITY_STYLE[s]} label={`${counts[s]} ${s}`} />
      ))}
    </span>
  );
}
