import React from 'react';
import { Renderer } from '@k8slens/extensions';
import { SEVERITIES, type Severity, type SeverityCounts } from '../../../../shared/src/model/severity.js';
import { SEVERITY_CSS, severityClass } from './severityStyle.js';

/** One severity, in its colour. */
export function SeverityBadge({ severity }: { readonly severity: Severity }): React.ReactElement {
  const { Badge } = Renderer.Component;
  return <Badge small flat className={`TrivyFindingsSeverity ${severityClass(severity)}`} label={severity} />;
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
        <Badge key={s} small flat className={severityClass(s)} label={`${counts[s]} ${s}`} />
      ))}
    </span>
  );
}

/** The severity colours' stylesheet: rendered once at the top of each section and page. */
export function SeverityStyles(): React.ReactElement {
  return <style>{SEVERITY_CSS}</style>;
}
