import * as vscode from 'vscode';
import { ViewTypes } from '../../../src/commands.js';
import type { UiDriver } from './uiDriver.js';
import { waitFor } from './waitFor.js';

/** A row of the viewer's table as a person reads it, one field per column. */
export interface ViewerRow {
  readonly severity: string;
  readonly type: string;
  readonly id: string;
  readonly title: string;
  readonly pkg: string;
  readonly workload: string;
  readonly location: string;
  readonly selected: boolean;
}

const COLUMNS = ['severity', 'type', 'id', 'title', 'pkg', 'workload', 'location'] as const;

/**
 * The scan viewer of one file as a person sees and uses it: its summary, table and details are
 * read from the webview's DOM through the UI driver, and it is used with clicks and keys.
 */
export class ScanViewerPage {
  private constructor(
    private readonly driver: UiDriver,
    /** The editor tab's title: the file's name. */
    readonly title: string,
  ) {}

  /** Opens `uri` in the viewer, as "Reopen Editor With… › Trivy Findings Scan Viewer" does. */
  static async open(driver: UiDriver, uri: vscode.Uri): Promise<ScanViewerPage> {
    await vscode.commands.executeCommand('vscode.openWith', uri, ViewTypes.scanViewer);
    return ScanViewerPage.of(driver, uri);
  }

  /** The viewer of `uri` opened some other way. */
  static of(driver: UiDriver, uri: vscode.Uri): ScanViewerPage {
    return new ScanViewerPage(driver, uri.path.slice(uri.path.lastIndexOf('/') + 1));
  }

  /** The whole page's text, once `done` holds. */
  waitForText(what: string, done: (text: string) => boolean): Promise<string> {
    return waitFor(() => this.driver.call('webviewText', { title: this.title }), done, {
      what: `the viewer of ${this.title} to show ${what}`,
    });
  }

  /** The counts of the summary's severity buttons, e.g. `{ CRITICAL: 40, … }`, and which are pressed. */
  async severityCounts(): Promise<{ counts: Record<string, number>; pressed: string[] }> {
    const chips = await this.elements('.summary button[data-severity]', ['data-severity', 'aria-pressed']);
    const counts: Record<string, number> = {};
    const pressed: string[] = [];
    for (const chip of chips) {
      const severity = chip.attributes['data-severity']!;
      counts[severity] = Number(/(\d+)$/.exec(chip.text)?.[1]);
      if (chip.attributes['aria-pressed'] === 'true') pressed.push(severity);
    }
    return { counts, pressed };
  }

  /** The rows in the DOM, top to bottom (the table is windowed: the visible ones and a few more). */
  async rows(): Promise<ViewerRow[]> {
    const rows = await this.elements('.rows .row', ['aria-selected']);
    const cells = await this.elements('.rows .row .cell');
    return rows.map((row, i) => {
      const texts = cells.slice(i * COLUMNS.length, (i + 1) * COLUMNS.length).map((c) => c.text);
      const entries = COLUMNS.map((column, c) => [column, texts[c] ?? '']);
      return {
        ...Object.fromEntries(entries),
        selected: row.attributes['aria-selected'] === 'true',
      } as ViewerRow;
    });
  }

  waitForRows(what: string, done: (rows: ViewerRow[]) => boolean): Promise<ViewerRow[]> {
    return waitFor(() => this.rows(), done, { what: `the rows of ${this.title} to be ${what}` });
  }

  /** "N of M shown". */
  async shownCount(): Promise<{ shown: number; total: number }> {
    const [text] = (await this.elements('.filters .shown')).map((e) => e.text);
    const m = /(\d+) of (\d+) shown/.exec(text ?? '');
    return { shown: Number(m?.[1]), total: Number(m?.[2]) };
  }

  waitForShown(what: string, done: (count: { shown: number; total: number }) => boolean) {
    return waitFor(() => this.shownCount(), done, { what: `${this.title} to show ${what}` });
  }

  /** The details pane's text once `done` holds. */
  waitForDetails(what: string, done: (text: string) => boolean): Promise<string> {
    return waitFor(async () => (await this.elements('.details')).map((e) => e.text).join('\n'), done, {
      what: `the details of ${this.title} to show ${what}`,
    });
  }

  /** Waits for the Upgrades panel, which the host sends after the page's first paint. */
  async waitForUpgrades(): Promise<void> {
    await waitFor(
      () => this.elements('.upgrades summary'),
      (summaries) => summaries.length > 0,
      { what: `the Upgrades of ${this.title}` },
    );
  }

  /** The status line where the extension answers what the page asked. */
  waitForNotice(what: string, done: (text: string) => boolean): Promise<string> {
    return waitFor(async () => (await this.elements('.notice')).map((e) => e.text).join('\n'), done, {
      what: `the notice of ${this.title} to say ${what}`,
    });
  }

  elements(selector: string, attributes: string[] = []) {
    return this.driver.call('webviewElements', { title: this.title, selector, attributes });
  }

  click(selector: string): Promise<null> {
    return this.driver.call('webviewAction', { title: this.title, selector, action: 'click' });
  }

  press(selector: string, key: string): Promise<null> {
    return this.driver.call('webviewAction', { title: this.title, selector, action: 'press', value: key });
  }

  fill(selector: string, text: string): Promise<null> {
    return this.driver.call('webviewAction', { title: this.title, selector, action: 'fill', value: text });
  }

  /** Sends `message` to the extension as the page would: what a subverted page could send. */
  postAsPage(message: unknown): Promise<null> {
    return this.driver.call('webviewPostMessage', { title: this.title, message });
  }
}
