import * as vscode from 'vscode';
import {
  createIgnoreFilesMatcher,
  type IgnoreFilesOptions,
  type SourcedIgnoreFile,
} from '@trivy-findings/core/ignore/ignoreFilesMatcher.js';
import type { IgnoreMatcher } from '@trivy-findings/core/ignore/trivyIgnoreMatcher.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { SEVERITIES } from '@trivy-findings/core/model/severity.js';
import { ContextKeys, Settings } from '../commands.js';
import {
  filtersDescription,
  filtersFromSettings,
  findingPredicate,
  NO_FILTERS,
  type FindingFilters,
} from './findingFilters.js';

const FILTER_SETTINGS = [
  Settings.filterSeverities,
  Settings.filterIgnoreUnfixed,
  Settings.filterShowSuppressed,
  Settings.filterNamespaces,
  Settings.filterKinds,
] as const;

/**
 * The filters in force: read from the settings `trivyFindings.filters.*` (so they persist and a
 * team can share them in the workspace's settings), written by the picker and the one-click
 * commands. Every view and publisher listens to {@link onDidChange} and filters what it already
 * holds: nothing is fetched from the cluster again and no `trivy` runs again.
 * It also holds the workspace folders' root ignore files ({@link setIgnore}): a finding an entry
 * in force matches is suppressed wherever it is shown — the cluster's included, which trivy's
 * `--ignorefile` never sees, by any folder's file; a local one by its own folder's — hidden
 * unless "show suppressed", and then marked with its entry and file.
 */
export class FilterState implements vscode.Disposable {
  private current: FindingFilters;
  private predicate: (f: Finding) => boolean;
  private ignoreMatcher: IgnoreMatcher | undefined;
  /** Writes in progress: their own change events are read once, when all are done. */
  private writing = 0;
  private readonly emitter = new vscode.EventEmitter<FindingFilters>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.current = readFilters();
    this.predicate = findingPredicate(this.current);
    this.setContextKey();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (this.writing === 0 && FILTER_SETTINGS.some((key) => e.affectsConfiguration(key))) this.reload();
    });
  }

  get filters(): FindingFilters {
    return this.current;
  }

  /** Whether a finding is shown under the current filters (suppressed by the ignore file included). */
  readonly matches = (f: Finding): boolean =>
    this.predicate(!f.suppressed && this.ignoreMatcher?.match(f) ? { ...f, suppressed: true } : f);

  /** The ignore files' matcher, or `undefined` when they have no entries in force. */
  get ignore(): IgnoreMatcher | undefined {
    return this.ignoreMatcher;
  }

  /**
   * The ignore files whose entries suppress findings from now on (`[]`: none), judged at this
   * moment (an entry that expires later applies until they are given again, as in a Trivy run)
   * as `createIgnoreFilesMatcher` judges several files (`options.scopeOf`: which folder's file
   * judges a local finding). Fires {@link onDidChange}: every view and publisher shows through it again.
   */
  setIgnore(files: readonly SourcedIgnoreFile[], options?: IgnoreFilesOptions): void {
    const matcher = createIgnoreFilesMatcher(files, new Date(), options);
    if (!matcher && !this.ignoreMatcher) return;
    this.ignoreMatcher = matcher;
    this.emitter.fire(this.current);
  }

  /** "filtered: HIGH+, fixable", or `''`: for the views' descriptions. */
  get description(): string {
    return filtersDescription(this.current);
  }

  /**
   * Writes `filters` to the settings — the workspace's when a folder is open, else the user's —
   * removing the keys that are at their defaults, and applies them once.
   */
  async set(filters: FindingFilters): Promise<void> {
    const config = vscode.workspace.getConfiguration();
    const target =
      (vscode.workspace.workspaceFolders?.length ?? 0) > 0
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
    const allSeverities = filters.severities.length === SEVERITIES.length;
    const values: Record<(typeof FILTER_SETTINGS)[number], unknown> = {
      [Settings.filterSeverities]: allSeverities ? undefined : [...filters.severities],
      [Settings.filterIgnoreUnfixed]: filters.ignoreUnfixed || undefined,
      [Settings.filterShowSuppressed]: filters.showSuppressed || undefined,
      [Settings.filterNamespaces]: filters.namespaces.length > 0 ? [...filters.namespaces] : undefined,
      [Settings.filterKinds]: filters.kinds.length > 0 ? [...filters.kinds] : undefined,
    };
    this.writing++;
    try {
      for (const key of FILTER_SETTINGS) await config.update(key, values[key], target);
    } finally {
      this.writing--;
    }
    this.reload();
  }

  /** Back to the defaults: every severity, unfixed too, suppressed hidden. */
  clear(): Promise<void> {
    return this.set(NO_FILTERS);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }

  /** Reads the settings again; fires only when the filters changed. */
  private reload(): void {
    const next = readFilters();
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.predicate = findingPredicate(next);
    this.setContextKey();
    this.emitter.fire(next);
  }

  private setContextKey(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.filtered, this.description !== '');
  }
}

function readFilters(): FindingFilters {
  const config = vscode.workspace.getConfiguration();
  return filtersFromSettings({
    severities: config.get<unknown>(Settings.filterSeverities),
    ignoreUnfixed: config.get<unknown>(Settings.filterIgnoreUnfixed),
    showSuppressed: config.get<unknown>(Settings.filterShowSuppressed),
    namespaces: config.get<unknown>(Settings.filterNamespaces),
    kinds: config.get<unknown>(Settings.filterKinds),
  });
}
