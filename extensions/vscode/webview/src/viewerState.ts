// The page's state and every change to it, as one pure reducer: host messages and user actions in,
// the next state out. The table's filtered and sorted rows are derived from it (`visibleRows`).
import {
  isViewFilter,
  isViewSort,
  type FindingDetails,
  type FindingRow,
  type HostMessage,
  type ScanInfo,
  type SortColumn,
  type UpgradeEntry,
  type ViewFilter,
  type ViewSort,
} from '../../src/scanViewer/protocol.js';
import { DEFAULT_SORT, sortRows } from '../../src/scanViewer/rowOrder.js';
import { filterRows, NO_FILTER } from '../../src/scanViewer/viewFilter.js';

export interface Notice {
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
  /** Counts notices, so the same text twice is announced twice. */
  readonly serial: number;
}

export interface ViewerState {
  readonly scan: ScanInfo | undefined;
  /** The rows received so far, in the scan's order. */
  readonly rows: readonly FindingRow[];
  /** The scan's upgrades, once received (they follow the first paint). */
  readonly upgrades: readonly UpgradeEntry[] | undefined;
  readonly filter: ViewFilter;
  readonly sort: ViewSort;
  /** The selected finding (`FindingRow.index`). */
  readonly selected: number | undefined;
  /** Details received for the current scan, by finding index. */
  readonly details: ReadonlyMap<number, FindingDetails>;
  readonly notice: Notice | undefined;
  /** The key of the host's preset filter last applied (`ScanInfo.preset`): each is applied once. */
  readonly preset: string | undefined;
}

/** What the page keeps across unloads (`vscode.setState`). */
export interface SavedView {
  readonly filter: ViewFilter;
  readonly sort: ViewSort;
  readonly selected?: number;
  readonly preset?: string;
}

export type ViewerAction =
  | { readonly type: 'host'; readonly message: HostMessage }
  | { readonly type: 'filter'; readonly change: Partial<ViewFilter> }
  | { readonly type: 'toggleSeverity'; readonly severity: ViewFilter['severities'][number] }
  | { readonly type: 'toggleType'; readonly findingType: ViewFilter['types'][number] }
  | { readonly type: 'clearFilter' }
  | { readonly type: 'sortBy'; readonly column: SortColumn }
  | { readonly type: 'select'; readonly index: number | undefined };

/** The state a page starts in: the saved view when there is a valid one. */
export function initialState(saved: unknown): ViewerState {
  const view = isSavedView(saved) ? saved : undefined;
  return {
    scan: undefined,
    rows: [],
    upgrades: undefined,
    filter: view?.filter ?? NO_FILTER,
    sort: view?.sort ?? DEFAULT_SORT,
    selected: view?.selected,
    details: new Map(),
    notice: undefined,
    preset: view?.preset,
  };
}

export function viewerReducer(state: ViewerState, action: ViewerAction): ViewerState {
  switch (action.type) {
    case 'host':
      return receive(state, action.message);
    case 'filter':
      return { ...state, filter: { ...state.filter, ...action.change } };
    case 'toggleSeverity':
      return {
        ...state,
        filter: { ...state.filter, severities: toggle(state.filter.severities, action.severity) },
      };
    case 'toggleType':
      return { ...state, filter: { ...state.filter, types: toggle(state.filter.types, action.findingType) } };
    case 'clearFilter':
      return { ...state, filter: { ...NO_FILTER, showHidden: state.filter.showHidden } };
    case 'sortBy': {
      // A new column starts in its natural order: severity most severe first, text A to Z.
      const descending =
        state.sort.column === action.column ? !state.sort.descending : action.column === 'severity';
      return { ...state, sort: { column: action.column, descending } };
    }
    case 'select':
      return { ...state, selected: action.index };
  }
}

function receive(state: ViewerState, message: HostMessage): ViewerState {
  switch (message.type) {
    case 'scan': {
      // A read of another file content: rows and details start over; the view (filter, sort,
      // selection) stays, as a person reading a scan that was written again expects.
      const same = state.scan?.generation === message.scan.generation;
      if (same) return state;
      const next = { ...state, scan: message.scan, rows: [], upgrades: undefined, details: new Map() };
      // A set opened for an upgrade or a workload starts filtered to it, once: what the user
      // makes of the filter afterwards stays across reloads.
      const preset = message.scan.preset;
      if (!preset || preset.key === state.preset) return next;
      return {
        ...next,
        preset: preset.key,
        filter: {
          ...NO_FILTER,
          showHidden: state.filter.showHidden,
          ...(preset.upgrade !== undefined ? { upgrade: preset.upgrade } : {}),
          ...(preset.workload !== undefined ? { workload: preset.workload } : {}),
        },
      };
    }
    case 'rows': {
      if (message.generation !== state.scan?.generation || message.start !== state.rows.length) return state;
      return { ...state, rows: state.rows.length === 0 ? message.rows : [...state.rows, ...message.rows] };
    }
    case 'upgrades':
      if (message.generation !== state.scan?.generation) return state;
      return { ...state, upgrades: message.upgrades };
    case 'details': {
      if (message.generation !== state.scan?.generation) return state;
      const details = new Map(state.details);
      details.set(message.details.index, message.details);
      return { ...state, details };
    }
    case 'notice':
      return {
        ...state,
        notice: { level: message.level, text: message.text, serial: (state.notice?.serial ?? 0) + 1 },
      };
  }
}

/** The rows the table shows: the filter's, in the sort's order (the host exports the same). */
export function visibleRows(rows: readonly FindingRow[], filter: ViewFilter, sort: ViewSort): FindingRow[] {
  return sortRows(filterRows(rows, filter), sort);
}

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((i) => i !== item) : [...list, item];
}

function isSavedView(value: unknown): value is SavedView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    isViewFilter(v.filter) &&
    isViewSort(v.sort) &&
    (v.selected === undefined || (typeof v.selected === 'number' && Number.isSafeInteger(v.selected))) &&
    (v.preset === undefined || typeof v.preset === 'string')
  );
}
