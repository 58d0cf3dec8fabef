// @jsxRuntime automatic
import type { Dispatch, RefObject } from 'react';
import { FINDING_TYPES, type FindingType } from '@trivy-findings/core/model/finding.js';
import type { ExportFormat, ScanInfo, ViewFilter } from '../../src/scanViewer/protocol.js';
import { isFiltering } from '../../src/scanViewer/viewFilter.js';
import type { ViewerAction } from './viewerState.js';

/**
 * The filters that are not counts of the summary (text, type, workload, fixable only, hidden
 * findings), how many rows they leave, and the export of what they leave.
 */
export function FilterBar({
  scan,
  filter,
  shown,
  received,
  inputRef,
  dispatch,
  onExport,
}: {
  readonly scan: ScanInfo;
  readonly filter: ViewFilter;
  /** Rows the filters leave, and rows received (of `scan.total`). */
  readonly shown: number;
  readonly received: number;
  readonly inputRef: RefObject<HTMLInputElement>;
  readonly dispatch: Dispatch<ViewerAction>;
  readonly onExport: (format: ExportFormat) => void;
}) {
  const change = (change: Partial<ViewFilter>) => dispatch({ type: 'filter', change });
  const types = FINDING_TYPES.filter((t) => scan.summary.byType.some((row) => row.key === t));
  return (
    <div className="filters" role="search">
      <input
        ref={inputRef}
        type="search"
        className="text-filter"
        placeholder="Filter by id, title, package, workload, file (/)"
        aria-label="Filter findings"
        value={filter.text}
        onChange={(e) => change({ text: e.target.value })}
      />
      <label>
        Type{' '}
        <select
          className="type-filter"
          value={filter.types.length === 1 ? filter.types[0] : ''}
          onChange={(e) => change({ types: e.target.value === '' ? [] : [e.target.value as FindingType] })}
        >
          <option value="">all</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        Workload{' '}
        <select
          className="workload-filter"
          value={filter.workload ?? ''}
          onChange={(e) => change({ workload: e.target.value === '' ? undefined : e.target.value })}
        >
          <option value="">all</option>
          {scan.summary.byWorkload.map((row) => (
            <option key={row.key} value={row.key}>
              {row.key}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          className="fixable-filter"
          checked={filter.fixableOnly}
          onChange={(e) => change({ fixableOnly: e.target.checked })}
        />{' '}
        Fixable only
      </label>
      <label>
        <input
          type="checkbox"
          className="hidden-filter"
          checked={filter.showHidden}
          onChange={(e) => change({ showHidden: e.target.checked })}
        />{' '}
        Show suppressed and passed
      </label>
      {isFiltering(filter) && (
        <button
          type="button"
          className="secondary clear-filter"
          onClick={() => dispatch({ type: 'clearFilter' })}
        >
          Clear filters
        </button>
      )}
      <span className="shown" aria-live="polite">
        {shown} of {scan.total} shown{received < scan.total ? ` (${received} received)` : ''}
      </span>
      <span className="export">
        <button
          type="button"
          className="export-sarif"
          disabled={shown === 0}
          onClick={() => onExport('sarif')}
        >
          Export SARIF
        </button>
        <button type="button" className="export-json" disabled={shown === 0} onClick={() => onExport('json')}>
          Export JSON
        </button>
      </span>
    </div>
  );
}
