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
  /**
   * The elements of the visible webview titled `title` that match the CSS `selector`: their text
   * (whitespace collapsed) and the values of the attributes asked for (`null` when absent).
   */
  webviewElements: {
    params: { title: string; selector: string; attributes?: string[] };
    result: { text: string; attributes: Record<string, string | null> }[];
  };
  /**
   * Acts on the first element of the visible webview titled `title` that matches `selector`, as a
   * person would with mouse and keyboard: click, double-click, type `value` into it (replacing its
   * text), or press the key `value` (Playwright's names: `ArrowDown`, `Enter`, `/`) with it focused.
   */
  webviewAction: {
    params: {
      title: string;
      selector: string;
      action: 'click' | 'dblclick' | 'fill' | 'press';
      value?: string;
    };
    result: null;
  };
  /**
   * Posts `message` to the extension from inside the visible webview titled `title`, through the
   * channel its page uses: what a page whose code was subverted could send.
   */
  webviewPostMessage: { params: { title: string; message: unknown }; result: null };
  /** The text of each notification toast shown now. */
  notifications: { params: Record<string, never>; result: string[] };
  /** Clicks the CodeLens of a visible editor whose text contains `text`, as a person clicks it. */
  codeLensClick: { params: { text: string }; result: null };
  /** Clicks the button labelled `button` of the notification toast whose text contains `message`. */
  notificationAction: { params: { message: string; button: string }; result: null };
  /**
   * The quick input shown now (a quick pick, or the file dialog of a browser workbench): its
   * title, and its input's value after setting it to `value` when given; with `accept`, Enter.
   */
  quickInput: { params: { value?: string; accept?: boolean }; result: { title: string; value: string } };
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
  'webviewElements',
  'webviewAction',
  'webviewPostMessage',
  'notifications',
  'codeLensClick',
  'notificationAction',
  'quickInput',
  'screenshot',
  'log',
];

/** A screenshot name is a plain file name: no directory, so the suite cannot write elsewhere. */
export const SCREENSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.png$/;
