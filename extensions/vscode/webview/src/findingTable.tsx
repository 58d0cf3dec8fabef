// @jsxRuntime automatic
import { useCallback, useMemo, type Dispatch, type KeyboardEvent } from 'react';
import type { FindingRow, SortColumn, ViewSort } from '../../src/scanViewer/protocol.js';
import { VirtualRows } from './virtualRows.js';
import type { ViewerAction } from './viewerState.js';

/** The height of a row in CSS pixels; `scanViewer.css` gives rows the same. */
export const ROW_HEIGHT = 24;

const COLUMNS: readonly { readonly column: SortColumn; readonly label: string }[] = [
  { column: 'severity', label: 'Severity' },
  { column: 'type', label: 'Type' },
  { column: 'id', label: 'ID' },
  { column: 'title', label: 'Title' },
  { column: 'package', label: 'Package' },
  { column: 'workload', label: 'Workload' },
  { column: 'location', label: 'Location' },
];

/**
 * The findings as a grid: a header of sort buttons and the rows, windowed. The grid holds the
 * focus and names the selected row as its active descendant, so screen readers follow the arrow
 * keys without a focus per row.
 */
export function FindingTable({
  rows,
  sort,
  selected,
  dispatch,
  onOpen,
  empty,
}: {
  readonly rows: readonly FindingRow[];
  readonly sort: ViewSort;
  /** The selected finding's index (`FindingRow.index`), which may be filtered out. */
  readonly selected: number | undefined;
  readonly dispatch: Dispatch<ViewerAction>;
  /** Opens the location of the finding with this index. */
  readonly onOpen: (index: number) => void;
  readonly empty: string;
}) {
  const position = useMemo(
    () => (selected === undefined ? -1 : rows.findIndex((r) => r.index === selected)),
    [rows, selected],
  );
  const select = useCallback(
    (at: number) => dispatch({ type: 'select', index: rows[at]?.index }),
    [dispatch, rows],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const page = Math.max(1, Math.floor((event.currentTarget.clientHeight - ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: position + 1,
      ArrowUp: position < 0 ? 0 : position - 1,
      PageDown: position + page,
      PageUp: position - page,
      Home: 0,
      End: rows.length - 1,
    };
    const to = moves[event.key];
    if (to !== undefined) {
      event.preventDefault();
      select(Math.min(rows.length - 1, Math.max(0, to)));
    } else if (event.key === 'Enter' && position >= 0) {
      event.preventDefault();
      const row = rows[position]!;
      if (row.location) onOpen(row.index);
    }
  };

  return (
    <div
      className="table"
      role="grid"
      aria-label="Findings"
      aria-rowcount={rows.length + 1}
      aria-activedescendant={position >= 0 ? rowId(rows[position]!) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div className="row head" role="row" aria-rowindex={1}>
        {COLUMNS.map(({ column, label }) => (
          <div
            key={column}
            role="columnheader"
            className={`cell col-${column}`}
            aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
          >
            <button
              type="button"
              tabIndex={-1}
              data-column={column}
              onClick={() => dispatch({ type: 'sortBy', column })}
            >
              {label}
              <span className="sort-mark" aria-hidden="true">
                {sort.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}
              </span>
            </button>
          </div>
        ))}
      </div>
      {rows.length === 0 ? (
        <div className="empty">{empty}</div>
      ) : (
        <VirtualRows
          count={rows.length}
          rowHeight={ROW_HEIGHT}
          reveal={position >= 0 ? position : undefined}
          renderRow={(at, style) => {
            const row = rows[at]!;
            return (
              <div
                key={row.index}
                id={rowId(row)}
                role="row"
                aria-rowindex={at + 2}
                aria-selected={row.index === selected}
                className={`row${row.hidden ? ' hidden-finding' : ''}`}
                data-index={row.index}
                style={style}
                onClick={() => select(at)}
                onDoubleClick={() => row.location && onOpen(row.index)}
              >
                <FindingCells row={row} />
              </div>
            );
          }}
        />
      )}
    </div>
  );
}

/** The cells of one row: text only, as the report wrote it. */
function FindingCells({ row }: { readonly row: FindingRow }) {
  return (
    <>
      <div role="gridcell" className="cell col-severity">
        <span className={`severity severity-${row.severity.toLowerCase()}`}>{row.severity}</span>
      </div>
      <div role="gridcell" className="cell col-type">
        {row.type}
      </div>
      <div role="gridcell" className="cell col-id">
        {row.id}
      </div>
      <div role="gridcell" className="cell col-title" title={row.title}>
        {row.title}
        {row.hidden && (
          <span className="outcome">
            {' '}
            ({row.outcome === 'pass' || row.outcome === 'skip' ? row.outcome : 'suppressed'})
          </span>
        )}
      </div>
      <div role="gridcell" className="cell col-package">
        {row.pkg && (
          <>
            {row.pkg} {row.installed}
            {row.fixed && <span className="fix"> → {row.fixed}</span>}
          </>
        )}
      </div>
      <div role="gridcell" className="cell col-workload" title={row.workload}>
        {row.workload}
      </div>
      <div role="gridcell" className="cell col-location" title={row.location}>
        {row.location}
      </div>
    </>
  );
}

function rowId(row: FindingRow): string {
  return `finding-${row.index}`;
}
