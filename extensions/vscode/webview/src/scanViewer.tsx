// @jsxRuntime automatic
import {
  startTransition,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useReducer,
  useRef,
} from 'react';
import { isHostMessage } from '../../src/scanViewer/protocol.js';
import { afterPaint } from './afterPaint.js';
import { DetailsPane } from './detailsPane.js';
import { FilterBar } from './filterBar.js';
import { FindingTable } from './findingTable.js';
import type { HostChannel } from './hostChannel.js';
import { NoticeBar } from './noticeBar.js';
import { ProblemList } from './problemList.js';
import { SummaryHeader } from './summaryHeader.js';
import { UpgradesPanel } from './upgradesPanel.js';
import { initialState, viewerReducer, visibleRows } from './viewerState.js';

/**
 * The scan viewer page: the summary of the scan (its counts are filters too), the filters, the
 * table of findings and the details of the selected one. Everything of the report is rendered as
 * React text nodes; links open only through the host, which opens only http(s) URLs.
 *
 * Keys: `/` focuses the filter, Escape clears it (then the other filters); in the table the arrow
 * keys, Page Up/Down, Home and End move the selection and Enter opens the finding's location.
 */
export function ScanViewer({ host }: { readonly host: HostChannel }) {
  const [state, dispatch] = useReducer(viewerReducer, host.saved, initialState);
  const filterInput = useRef<HTMLInputElement>(null);
  const { scan, rows, upgrades, filter, sort, selected, details } = state;

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (!isHostMessage(event.data)) return;
      const message = event.data;
      // The host sends the first window of rows alone (`rowBatches.ts`): it is rendered at once,
      // and the rest, sent once it is painted, in a transition, which React renders in slices
      // that a click or a key press can interrupt.
      if (message.type === 'rows' && message.start > 0)
        startTransition(() => dispatch({ type: 'host', message }));
      else dispatch({ type: 'host', message });
    };
    window.addEventListener('message', onMessage);
    host.post({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, [host]);

  const preset = state.preset;
  useEffect(() => {
    host.save({
      filter,
      sort,
      ...(selected !== undefined ? { selected } : {}),
      ...(preset !== undefined ? { preset } : {}),
    });
  }, [host, filter, sort, selected, preset]);

  // Typing stays responsive on 100,000 rows: the table follows the filter when it can.
  const deferredFilter = useDeferredValue(filter);
  const shown = useMemo(() => visibleRows(rows, deferredFilter, sort), [rows, deferredFilter, sort]);

  const generation = scan?.generation;

  // The host holds the rows past the first window and the upgrades back until this page has
  // painted that window, so their cloning and rendering never delay the first frame with rows.
  const hasFirstWindow = scan !== undefined && (rows.length > 0 || scan.total === 0);
  const saidPainted = useRef<number>();
  useEffect(() => {
    if (generation === undefined || !hasFirstWindow || saidPainted.current === generation) return;
    return afterPaint(() => {
      saidPainted.current = generation;
      host.post({ type: 'painted', generation });
    });
  }, [host, generation, hasFirstWindow]);
  const selectedDetails = selected === undefined ? undefined : details.get(selected);
  const selectedRow = useMemo(() => rows.find((r) => r.index === selected), [rows, selected]);
  useEffect(() => {
    if (generation !== undefined && selectedRow && !selectedDetails)
      host.post({ type: 'details', generation, index: selectedRow.index });
  }, [host, generation, selectedRow, selectedDetails]);

  const openLocation = useCallback(
    (index: number) => {
      if (generation !== undefined) host.post({ type: 'openLocation', generation, index });
    },
    [host, generation],
  );
  const openLink = useCallback((url: string) => host.post({ type: 'openLink', url }), [host]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, select, textarea') !== null && target !== null;
      if (event.key === '/' && !typing) {
        event.preventDefault();
        filterInput.current?.focus();
        filterInput.current?.select();
      } else if (event.key === 'Escape') {
        if (filter.text !== '') dispatch({ type: 'filter', change: { text: '' } });
        else dispatch({ type: 'clearFilter' });
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [filter.text]);

  if (!scan) return <main className="viewer loading">Reading the scan file…</main>;
  return (
    <main className="viewer">
      <SummaryHeader scan={scan} filter={filter} dispatch={dispatch} />
      <ProblemList problems={scan.problems} />
      <UpgradesPanel upgrades={upgrades ?? []} filter={filter} dispatch={dispatch} />
      <FilterBar
        scan={scan}
        filter={filter}
        shown={shown.length}
        received={rows.length}
        inputRef={filterInput}
        dispatch={dispatch}
        onExport={(format) =>
          host.post({ type: 'export', generation: scan.generation, format, filter, sort })
        }
      />
      <NoticeBar notice={state.notice} />
      <div className="split">
        <FindingTable
          rows={shown}
          sort={sort}
          selected={selected}
          dispatch={dispatch}
          onOpen={openLocation}
          empty={
            scan.total === 0
              ? 'No findings in this file.'
              : rows.length === 0
                ? 'Receiving the findings…'
                : 'No finding matches the filters.'
          }
        />
        <DetailsPane
          row={selectedRow}
          details={selectedDetails}
          onOpenLocation={openLocation}
          onOpenLink={openLink}
        />
      </div>
    </main>
  );
}
