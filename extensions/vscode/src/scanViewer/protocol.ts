// The scan viewer's one message protocol, imported by the extension host (`scanViewerSession.ts`)
// and by the page (`webview/src`). Everything that crosses is plain data (no Map, no class
// instance), as `postMessage` keeps nothing else. The page gets the table's rows, not findings:
// the details of a finding are asked for when it is selected, so a scan of 100,000 findings does
// not cross the channel whole.
import { FINDING_TYPES, type FindingType, type Outcome } from '@trivy-findings/core/model/finding.js';
import { SEVERITIES, type Severity, type SeverityCounts } from '@trivy-findings/core/model/severity.js';
import type { FindingSummary } from '@trivy-findings/core/summary/findingSummary.js';

/** One row of the table: what it shows, sorts and filters on. */
export interface FindingRow {
  /** The finding's position in the host's list of the scan: the key of details and actions. */
  readonly index: number;
  readonly severity: Severity;
  readonly type: FindingType;
  readonly id: string;
  readonly title: string;
  /** The vulnerable package and its versions, for vulnerabilities. */
  readonly pkg?: string;
  readonly installed?: string;
  /** The versions that fix it, as the report writes them (`1.1.1n, 3.0.2`). */
  readonly fixed?: string;
  /** The workload key (`Deployment/shop/web`); absent for findings about no Kubernetes object. */
  readonly workload?: string;
  readonly target?: string;
  /** `path:line` of the finding in a file, when the report gives one. */
  readonly location?: string;
  /** The entry of the scan's upgrades it counts under ({@link UpgradeEntry.entry}), for vulnerabilities. */
  readonly upgrade?: string;
  /** Suppressed, or a passed or skipped check: shown only when asked for, as the CLI's `--all` does. */
  readonly hidden: boolean;
  readonly outcome: Outcome;
}

/** What the page shows about the scan as a whole, sent before its rows. */
export interface ScanInfo {
  /** Increases with every read of the file; rows and details of an older read are dropped. */
  readonly generation: number;
  /** The file as the workspace names it. */
  readonly name: string;
  /** The format the core recognised, `unknown` when nothing was read. */
  readonly format: string;
  /** How many rows the scan has; they follow in `rows` messages. */
  readonly total: number;
  readonly summary: FindingSummary;
  readonly problems: readonly ProblemRow[];
  /**
   * A filter the page starts with (a finding set opened for an upgrade or a workload); `key` tells
   * one preset from another, so the page applies it once and keeps what the user makes of it.
   */
  readonly preset?: { readonly key: string; readonly upgrade?: string; readonly workload?: string };
}

/** One line of the Upgrades list, computed by the core's `planUpgrades` on the host. */
export interface UpgradeEntry {
  /** `fix:<package>` or `nofix:<package>` (`insights/upgradeEntries.ts`): what the filter takes. */
  readonly entry: string;
  readonly fixable: boolean;
  /** `openssl 1.1.1k → 1.1.1n clears 14 findings in 3 workloads`, or `… no fix yet`. */
  readonly text: string;
  readonly counts: SeverityCounts;
  readonly worst: Severity;
  readonly findings: number;
}

/** A problem of the read, as the page lists it. */
export interface ProblemRow {
  readonly level: 'error' | 'warning';
  readonly message: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
}

/** Everything known about one finding, sent when the page asks for it. */
export interface FindingDetails {
  readonly index: number;
  readonly id: string;
  readonly aliases: readonly string[];
  readonly severity: Severity;
  readonly type: FindingType;
  readonly title: string;
  readonly description?: string;
  readonly message?: string;
  readonly resolution?: string;
  readonly package?: {
    readonly name: string;
    readonly installed?: string;
    readonly fixed?: string;
    readonly status?: string;
    readonly path?: string;
    readonly purl?: string;
  };
  readonly cvss: readonly {
    readonly source: string;
    readonly v2Score?: number;
    readonly v2Vector?: string;
    readonly v3Score?: number;
    readonly v3Vector?: string;
    readonly v40Score?: number;
    readonly v40Vector?: string;
  }[];
  /** The primary URL first, then the other references, each once; any scheme, as the report wrote it. */
  readonly references: readonly string[];
  readonly target?: string;
  /** `Kind/namespace/name` of the object the finding is about, with its container when named. */
  readonly resource?: string;
  readonly workload?: { readonly key: string; readonly inferred: boolean };
  readonly location?: {
    readonly path: string;
    readonly startLine: number;
    readonly endLine: number;
    readonly approximate: boolean;
  };
  readonly category?: string;
  /** A secret's matched text, masked as the scanner masked it. */
  readonly match?: string;
  readonly publishedDate?: string;
  readonly lastModifiedDate?: string;
  readonly outcome: Outcome;
  readonly suppressed: boolean;
  /** Where it was read from (tool, version, format, report object), and the other places it was seen in. */
  readonly origin: string;
  readonly alsoSeenIn: readonly string[];
}

/** The filters of the page; the host applies the same ones (`viewFilter.ts`) to export the view. */
export interface ViewFilter {
  /** Case-insensitive text matched against id, title, package, workload, target and location. */
  readonly text: string;
  /** Only these severities; empty = all. */
  readonly severities: readonly Severity[];
  /** Only these types; empty = all. */
  readonly types: readonly FindingType[];
  /** Only findings with a fixed version. */
  readonly fixableOnly: boolean;
  /** Only this workload key; `undefined` = any. */
  readonly workload?: string;
  /** Only the findings of this upgrade entry ({@link UpgradeEntry.entry}); `undefined` = any. */
  readonly upgrade?: string;
  /** Also suppressed findings and passed or skipped checks. */
  readonly showHidden: boolean;
}

export const SORT_COLUMNS = ['severity', 'type', 'id', 'title', 'package', 'workload', 'location'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface ViewSort {
  readonly column: SortColumn;
  /** Severity descending is most severe first. */
  readonly descending: boolean;
}

export const EXPORT_FORMATS = ['sarif', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Messages from the extension host to the page. */
export type HostMessage =
  | { readonly type: 'scan'; readonly scan: ScanInfo }
  | {
      readonly type: 'rows';
      readonly generation: number;
      /** Index of the first row of this batch among all the scan's rows. */
      readonly start: number;
      readonly rows: readonly FindingRow[];
    }
  | { readonly type: 'details'; readonly generation: number; readonly details: FindingDetails }
  /**
   * The scan's vulnerabilities by package: the upgrades that fix them, then the packages no
   * version fixes. Sent after the first paint: a scan of a whole cluster has thousands.
   */
  | {
      readonly type: 'upgrades';
      readonly generation: number;
      readonly upgrades: readonly UpgradeEntry[];
    }
  | { readonly type: 'notice'; readonly level: 'info' | 'warning' | 'error'; readonly text: string };

/** Messages from the page to the extension host. */
export type PageMessage =
  /** The page has loaded and listens: the host sends (or sends again) the scan. */
  | { readonly type: 'ready' }
  /**
   * The page has painted the scan `generation` with its first window of rows: the host sends the
   * rest (the other rows, the upgrades), which would have delayed that first frame.
   */
  | { readonly type: 'painted'; readonly generation: number }
  | { readonly type: 'details'; readonly generation: number; readonly index: number }
  | { readonly type: 'openLocation'; readonly generation: number; readonly index: number }
  /** A reference link; the host opens only http: and https: URLs. */
  | { readonly type: 'openLink'; readonly url: string }
  | {
      readonly type: 'export';
      readonly generation: number;
      readonly format: ExportFormat;
      readonly filter: ViewFilter;
      readonly sort: ViewSort;
    };

/** The longest URL the page may ask to open, and the longest filter text: a page cannot flood the host. */
const MAX_URL = 8192;
const MAX_TEXT = 1024;
/** Upgrade entries name a package by name, version, PURL and path. */
const MAX_ENTRY = 4096;

/**
 * Whether a message received from the page is one of {@link PageMessage}. The page is ours, but
 * it renders untrusted report text and its messages drive the host, so the host checks each one.
 */
export function isPageMessage(value: unknown): value is PageMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'painted':
      return isCount(value.generation);
    case 'details':
    case 'openLocation':
      return isCount(value.generation) && isCount(value.index);
    case 'openLink':
      return typeof value.url === 'string' && value.url.length <= MAX_URL;
    case 'export':
      return (
        isCount(value.generation) &&
        isOneOf(value.format, EXPORT_FORMATS) &&
        isViewFilter(value.filter) &&
        isViewSort(value.sort)
      );
    default:
      return false;
  }
}

/** Whether a message received by the page is one of {@link HostMessage} (its type only: the host is trusted). */
export function isHostMessage(value: unknown): value is HostMessage {
  return isObject(value) && isOneOf(value.type, ['scan', 'rows', 'details', 'upgrades', 'notice'] as const);
}

export function isViewFilter(value: unknown): value is ViewFilter {
  return (
    isObject(value) &&
    typeof value.text === 'string' &&
    value.text.length <= MAX_TEXT &&
    isListOf(value.severities, SEVERITIES) &&
    isListOf(value.types, FINDING_TYPES) &&
    typeof value.fixableOnly === 'boolean' &&
    (value.workload === undefined ||
      (typeof value.workload === 'string' && value.workload.length <= MAX_TEXT)) &&
    (value.upgrade === undefined ||
      (typeof value.upgrade === 'string' && value.upgrade.length <= MAX_ENTRY)) &&
    typeof value.showHidden === 'boolean'
  );
}

export function isViewSort(value: unknown): value is ViewSort {
  return isObject(value) && isOneOf(value.column, SORT_COLUMNS) && typeof value.descending === 'boolean';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function isListOf<T extends string>(value: unknown, allowed: readonly T[]): value is T[] {
  return Array.isArray(value) && value.length <= allowed.length && value.every((v) => isOneOf(v, allowed));
}
