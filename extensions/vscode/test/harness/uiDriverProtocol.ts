/**
 * The test-only channel from the suite (in the extension host, which cannot see the DOM) to the
 * launcher (which drives the workbench page with Playwright). The suite POSTs the parameters of an
 * operation as JSON to `<base>/<op>`; the launcher answers `{ "result": … }` or, with a 4xx/5xx
 * status, `{ "error": "…" }`. Every operation reads the page as it is now and returns at once:
 * waiting for a condition is the suite's business (`workbench/waitFor.ts`).
 */
export interface UiDriverOps {
  /** Text of each row of the Problems panel, as shown: file rows and marker rows. */
  problemRows: { params: Record<string, never>; result: string[] };
  /** Text of each row of the tree in the side-bar pane titled `view` (case-insensitive). */
  treeRows: { params: { view: string }; result: string[] };
  /** The whole text of the side-bar pane titled `view`, welcome content included. */
  paneText: { params: { view: string }; result: string };
  /** Text of the body of the visible webview whose editor tab or pane is titled `title`. */
  webviewText: { params: { title: string }; result: string };
  /** Writes a PNG of the workbench; the result is the file's path. `name` is a plain file name. */
  screenshot: { params: { name: string }; result: string };
  /** A line for the launcher's output (mocha's progress while the suite runs). */
  log: { params: { line: string }; result: null };
}

export type UiDriverOp = keyof UiDriverOps;

export const UI_DRIVER_OPS: readonly UiDriverOp[] = [
  'problemRows',
  'treeRows',
  'paneText',
  'webviewText',
  'screenshot',
  'log',
];

/** A screenshot name is a plain file name: no directory, so the suite cannot write elsewhere. */
export const SCREENSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.png$/;
