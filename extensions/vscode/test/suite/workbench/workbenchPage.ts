import * as vscode from 'vscode';
import type { UiDriver } from './uiDriver.js';
import { waitFor } from './waitFor.js';

/**
 * The workbench as a person sees it, for specs that read as user steps: open a panel or a view
 * with the commands a person would run, read what it shows through the UI driver, and wait until
 * it shows what is expected.
 */
export class WorkbenchPage {
  readonly problems: ProblemsPanel;
  readonly sideBar: SideBar;

  constructor(private readonly driver: UiDriver) {
    this.problems = new ProblemsPanel(driver);
    this.sideBar = new SideBar(driver);
  }

  /** Writes a PNG of the whole workbench to the launcher's screenshot folder; returns its path. */
  screenshot(name: string): Promise<string> {
    return this.driver.call('screenshot', { name });
  }

  /** Text of the visible webview titled `title`, once it has some. */
  webviewText(title: string, done: (text: string) => boolean = (t) => t.trim() !== ''): Promise<string> {
    return waitFor(() => this.driver.call('webviewText', { title }), done, { what: `webview "${title}"` });
  }
}

export class ProblemsPanel {
  constructor(private readonly driver: UiDriver) {}

  /** View > Problems. */
  async open(): Promise<void> {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  }

  /** Rows as shown now: a row per file, then a row per problem in it. */
  rows(): Promise<string[]> {
    return this.driver.call('problemRows', {});
  }

  /** Waits until the rows satisfy `done`. */
  waitForRows(what: string, done: (rows: string[]) => boolean): Promise<string[]> {
    return waitFor(() => this.rows(), done, { what: `Problems panel to show ${what}` });
  }
}

export class SideBar {
  constructor(private readonly driver: UiDriver) {}

  /** Opens a view container of the activity bar by its command (`workbench.view.explorer`, …). */
  async show(viewContainerCommand: string): Promise<void> {
    await vscode.commands.executeCommand(viewContainerCommand);
  }

  /** Waits until the tree in the pane titled `view` has rows satisfying `done`. */
  waitForTreeRows(view: string, done: (rows: string[]) => boolean): Promise<string[]> {
    return waitFor(() => this.driver.call('treeRows', { view }), done, { what: `tree rows of "${view}"` });
  }

  /** Waits until the pane titled `view` shows text satisfying `done`. */
  waitForPaneText(view: string, done: (text: string) => boolean): Promise<string> {
    return waitFor(() => this.driver.call('paneText', { view }), done, { what: `text of pane "${view}"` });
  }
}
