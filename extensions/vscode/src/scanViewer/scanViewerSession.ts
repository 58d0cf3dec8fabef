import * as vscode from 'vscode';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';
import { summarizeFindings } from '@trivy-findings/core/summary/findingSummary.js';
import type { ScanRead } from '../scanFile/scanReads.js';
import { exportFileName, exportText } from './exportText.js';
import { findingDetails, findingRows } from './findingRows.js';
import { openFindingLocation } from './openLocation.js';
import {
  isPageMessage,
  type ExportFormat,
  type FindingRow,
  type HostMessage,
  type PageMessage,
  type ScanInfo,
  type UpgradeEntry,
  type ViewFilter,
  type ViewSort,
} from './protocol.js';
import { defaultOrder, RowFeed } from './rowBatches.js';
import { sortRows } from './rowOrder.js';
import { filterRows } from './viewFilter.js';
import { newNonce, viewerHtml, viewerWebviewOptions } from './viewerHtml.js';
import { upgradeList } from './upgradeList.js';
import { isWebUrl } from './webUrl.js';

/**
 * What a viewer shows: a scan file's read, or a set of the cluster's findings that is not a file
 * (`findingSets/`), with the filter the page starts with.
 */
export interface ViewerRead extends Pick<ScanRead, 'name' | 'read' | 'workloadOf'> {
  readonly preset?: NonNullable<ScanInfo['preset']>;
}

/** A viewer's hold on what it shows: a scan file's handle (`ScanReads.acquire`) or a finding set's. */
export interface ViewerHandle extends vscode.Disposable {
  readonly uri: vscode.Uri;
  load(): Promise<ViewerRead>;
  readonly onDidChange: vscode.Event<void>;
}

/** What a viewer needs from the extension. */
export interface ScanViewerDeps {
  readonly extensionUri: vscode.Uri;
  readonly files: FileReader;
  readonly log: vscode.LogOutputChannel;
  /** The extension's version, which exported SARIF names as the tool's. */
  readonly version: string;
}

/** The rows of a read, made once however many viewers show it. */
const rowsOfRead = new WeakMap<ViewerRead, FindingRow[]>();

/** The Upgrades of a read, planned once however many viewers show it, and again only for a new read. */
const upgradesOfRead = new WeakMap<ViewerRead, UpgradeEntry[]>();

function upgradesOf(scan: ViewerRead): UpgradeEntry[] {
  let upgrades = upgradesOfRead.get(scan);
  if (!upgrades) upgradesOfRead.set(scan, (upgrades = upgradeList(scan.read.findings, scan.workloadOf)));
  return upgrades;
}

function rowsOf(scan: ViewerRead): FindingRow[] {
  let rows = rowsOfRead.get(scan);
  if (!rows) rowsOfRead.set(scan, (rows = findingRows(scan.read.findings, scan.workloadOf)));
  return rows;
}

/** The summary of a read, counted once however many viewers show it. */
const summaryOfRead = new WeakMap<ViewerRead, ScanInfo['summary']>();

function summaryOf(scan: ViewerRead): ScanInfo['summary'] {
  let summary = summaryOfRead.get(scan);
  if (!summary)
    summaryOfRead.set(
      scan,
      (summary = summarizeFindings(
        scan.read.findings.map((finding) => ({ finding, workload: scan.workloadOf(finding) })),
      )),
    );
  return summary;
}

/**
 * What `send` needs of a read before the first paint, made now: called as soon as the read is
 * there, while the page is still booting, so the page's `ready` finds it made. The upgrades
 * follow the first paint (`painted`): planning 10,000 packages takes longer than the rest.
 */
function prepare(scan: ViewerRead): void {
  defaultOrder(rowsOf(scan));
  summaryOf(scan);
}

/**
 * One viewer of a scan file: the host's side of the page. It sends the page the scan's summary,
 * problems and rows (again whenever the page loads, as a hidden webview is unloaded, and when the
 * file changes), answers its requests for details, and does what the page cannot: open a
 * location in an editor, open a web link, write an export.
 */
export class ScanViewerSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The read the page was last sent and its number; the page's requests name that number. */
  private shown: { readonly scan: ViewerRead; readonly generation: number } | undefined;
  private generation = 0;
  private readonly rows = new RowFeed();
  /** The read started with the page, which the page's first `ready` sends (a finding set reads anew per `load`). */
  private loading: Promise<ViewerRead> | undefined;

  constructor(
    private readonly handle: ViewerHandle,
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: ScanViewerDeps,
  ) {
    const webview = panel.webview;
    webview.options = viewerWebviewOptions(deps.extensionUri);
    webview.html = viewerHtml(webview, deps.extensionUri, newNonce());
    this.disposables.push(
      handle,
      webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      handle.onDidChange(() => {
        this.loading = undefined;
        void this.send();
      }),
    );
    // Read, and make the rows and counts, while the page loads; `ready` sends them.
    this.loading = handle.load();
    this.loading.then(prepare, (err: unknown) =>
      deps.log.error(`scan viewer: ${handle.uri.toString()}: ${(err as Error).message}`),
    );
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private notice(level: 'info' | 'warning' | 'error', text: string): void {
    this.post({ type: 'notice', level, text });
  }

  private async receive(message: unknown): Promise<void> {
    if (!isPageMessage(message)) {
      this.deps.log.warn(`scan viewer: ignored a message the page should not send: ${describe(message)}`);
      return;
    }
    try {
      await this.respond(message);
    } catch (err) {
      this.deps.log.error(`scan viewer: ${message.type}: ${(err as Error).message}`);
      this.notice('error', (err as Error).message);
    }
  }

  private async respond(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.send();
      case 'painted':
        return this.sendRest(message.generation);
      case 'details': {
        const found = this.finding(message.generation, message.index);
        if (found)
          this.post({
            type: 'details',
            generation: message.generation,
            details: findingDetails(found.finding, message.index, found.scan.workloadOf(found.finding)),
          });
        return;
      }
      case 'openLocation': {
        const found = this.finding(message.generation, message.index);
        if (!found) return;
        const why = await openFindingLocation(found.finding, this.handle.uri, this.deps.files);
        if (why !== undefined) {
          this.deps.log.info(`scan viewer: location of ${found.finding.id} not opened: ${why}`);
          this.notice('warning', `Not opened: ${why}.`);
        }
        return;
      }
      case 'openLink':
        return this.openLink(message.url);
      case 'export':
        return this.export(message.generation, message.format, message.filter, message.sort);
    }
  }

  /**
   * Sends the current read: summary and problems first, then the first window of rows; the rest
   * when the page has painted them (`sendRest`).
   */
  private async send(): Promise<void> {
    const loading = this.loading ?? this.handle.load();
    this.loading = undefined;
    const scan = await loading;
    const generation = ++this.generation;
    this.shown = { scan, generation };
    const rows = rowsOf(scan);
    const { read } = scan;
    this.post({
      type: 'scan',
      scan: {
        generation,
        name: scan.name,
        format: read.format,
        total: rows.length,
        summary: summaryOf(scan),
        problems: read.problems.map((p) => ({
          level: p.level,
          message: p.message,
          ...(p.line !== undefined ? { line: p.line } : {}),
        })),
        ...(scan.preset ? { preset: scan.preset } : {}),
      },
    });
    for (const message of this.rows.start(rows, generation)) this.post(message);
  }

  /** The other rows and the upgrades of the read the page has painted, once per read sent. */
  private sendRest(generation: number): void {
    const shown = this.shown;
    const rest = this.rows.rest(generation);
    if (!rest || shown?.generation !== generation) return;
    for (const rows of rest) this.post(rows);
    this.post({ type: 'upgrades', generation, upgrades: upgradesOf(shown.scan) });
  }

  /** The finding a page's request names, when it names one of the read the page shows. */
  private finding(generation: number, index: number) {
    const shown = this.shown;
    if (!shown || shown.generation !== generation) return undefined;
    const finding = shown.scan.read.findings[index];
    return finding ? { scan: shown.scan, finding } : undefined;
  }

  private async openLink(url: string): Promise<void> {
    if (!isWebUrl(url)) {
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
      this.deps.log.warn(
        `scan viewer: refused to open a link that is not http(s): ${JSON.stringify(url.slice(0, 200))}`,
      );
      this.notice(
        'warning',
        `Refused to open ${scheme ? `a ${scheme}: link` : 'a link'}: only http and https links are opened.`,
      );
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }

  /** Writes the view the page shows (its filter, in its order) where the user says. */
  private async export(
    generation: number,
    format: ExportFormat,
    filter: ViewFilter,
    sort: ViewSort,
  ): Promise<void> {
    const shown = this.shown;
    if (!shown || shown.generation !== generation) return;
    const { scan } = shown;
    const findings = sortRows(filterRows(rowsOf(scan), filter), sort).map(
      (row) => scan.read.findings[row.index]!,
    );
    const target = await vscode.window.showSaveDialog({
      title: `Export ${findings.length} findings as ${format === 'sarif' ? 'SARIF' : 'JSON'}`,
      saveLabel: 'Export',
      defaultUri: exportFolder(this.handle.uri)
        ? vscode.Uri.joinPath(exportFolder(this.handle.uri)!, exportFileName(scan.name, format))
        : undefined,
      filters: format === 'sarif' ? { SARIF: ['sarif', 'json'] } : { JSON: ['json'] },
    });
    if (!target) return;
    const text = exportText(format, {
      findings,
      workloadOf: scan.workloadOf,
      read: scan.read,
      toolVersion: this.deps.version,
    });
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    const where = vscode.workspace.asRelativePath(target, true);
    this.deps.log.info(`scan viewer: exported ${findings.length} findings of ${scan.name} to ${where}`);
    this.notice('info', `Exported ${findings.length} findings to ${where}.`);
  }
}

/** Beside the scan file; a finding set, which is no file, in the first workspace folder. */
function exportFolder(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme === 'file' || uri.scheme === 'vscode-remote') return vscode.Uri.joinPath(uri, '..');
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** A short description of an unexpected message for the log. */
function describe(message: unknown): string {
  const text = JSON.stringify(message) ?? String(message);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
