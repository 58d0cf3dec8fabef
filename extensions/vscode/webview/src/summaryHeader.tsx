// @jsxRuntime automatic
import type { Dispatch } from 'react';
import { SEVERITIES } from '@trivy-findings/core/model/severity.js';
import type { FindingType } from '@trivy-findings/core/model/finding.js';
import type { ScanInfo, ViewFilter } from '../../src/scanViewer/protocol.js';
import type { ViewerAction } from './viewerState.js';

/** Workloads listed in the header; the workload filter lists them all. */
const WORKLOADS_SHOWN = 8;

/**
 * The scan in numbers: findings by severity, by type and by workload, as the core's summary counts
 * them (failures and warnings that are not suppressed). Each count is a toggle of its filter.
 */
export function SummaryHeader({
  scan,
  filter,
  dispatch,
}: {
  readonly scan: ScanInfo;
  readonly filter: ViewFilter;
  readonly dispatch: Dispatch<ViewerAction>;
}) {
  const { summary } = scan;
  const workloads = summary.byWorkload.slice(0, WORKLOADS_SHOWN);
  return (
    <header className="summary">
      <h1>
        <span className="file">{scan.name}</span> <span className="format">{scan.format}</span>
      </h1>
      <div className="counts" role="group" aria-label="Findings by severity">
        <span className="total">
          {summary.total} {summary.total === 1 ? 'finding' : 'findings'}
        </span>
        {SEVERITIES.map((severity) => (
          <button
            key={severity}
            type="button"
            className={`chip severity-${severity.toLowerCase()}`}
            aria-pressed={filter.severities.includes(severity)}
            data-severity={severity}
            onClick={() => dispatch({ type: 'toggleSeverity', severity })}
          >
            {severity} <span className="count">{summary.counts[severity]}</span>
          </button>
        ))}
      </div>
      {summary.byType.length > 0 && (
        <div className="counts" role="group" aria-label="Findings by type">
          {summary.byType.map((row) => (
            <button
              key={row.key}
              type="button"
              className="chip"
              aria-pressed={filter.types.includes(row.key as FindingType)}
              data-type={row.key}
              onClick={() => dispatch({ type: 'toggleType', findingType: row.key as FindingType })}
            >
              {row.key} <span className="count">{row.total}</span>
            </button>
          ))}
        </div>
      )}
      {workloads.length > 0 && (
        <div className="counts" role="group" aria-label="Findings by workload">
          {workloads.map((row) => (
            <button
              key={row.key}
              type="button"
              className="chip"
              aria-pressed={filter.workload === row.key}
              data-workload={row.key}
              title={row.workload.inferred ? 'owner inferred from names' : undefined}
              onClick={() =>
                dispatch({
                  type: 'filter',
                  change: { workload: filter.workload === row.key ? undefined : row.key },
                })
              }
            >
              {row.key} <span className="count">{row.total}</span>
            </button>
          ))}
          {summary.byWorkload.length > workloads.length && (
            <span className="more">and {summary.byWorkload.length - workloads.length} more workloads</span>
          )}
        </div>
      )}
    </header>
  );
}
