import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  SCREENSHOT_NAME,
  UI_DRIVER_OPS,
  type UiDriverOp,
  type UiDriverOps,
} from '../harness/uiDriverProtocol.js';

type Handlers = {
  [K in UiDriverOp]: (params: UiDriverOps[K]['params']) => Promise<UiDriverOps[K]['result']>;
};

/** An answer the suite may retry (nothing of that title on the page yet), as opposed to a fault. */
class NotShown extends Error {}

/**
 * The launcher's side of the UI driver (see `harness/uiDriverProtocol.ts`): a loopback HTTP
 * server, reachable only under a random path, that answers the suite's questions about the
 * workbench page with Playwright.
 */
export class UiDriverServer {
  private page: Page | undefined;
  private readonly server: Server;
  private readonly token = randomBytes(16).toString('hex');

  private constructor(
    private readonly print: (line: string) => void,
    private readonly screenshotDir: string,
  ) {
    this.server = createServer((req, res) => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const prefix = `/${this.token}/`;
      const op = req.url?.startsWith(prefix) ? req.url.slice(prefix.length) : undefined;
      if (req.method !== 'POST' || !op || !(UI_DRIVER_OPS as readonly string[]).includes(op))
        return reply(404, { error: 'no such operation' });
      readJson(req)
        .then((params) => this.handle(op as UiDriverOp, params))
        .then(
          (result) => reply(200, { result }),
          (err: unknown) => reply(err instanceof NotShown ? 404 : 500, { error: String(err) }),
        );
    });
  }

  /** Starts the server; `print` receives the suite's progress lines, screenshots go to `screenshotDir`. */
  static async start(print: (line: string) => void, screenshotDir: string): Promise<UiDriverServer> {
    const driver = new UiDriverServer(print, screenshotDir);
    await new Promise<void>((resolve) => driver.server.listen(0, '127.0.0.1', resolve));
    return driver;
  }

  /** `http://127.0.0.1:PORT/<token>`, for the suite's environment. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${this.token}`;
  }

  /** The workbench page the operations read; set once the browser has opened it. */
  attach(page: Page): void {
    this.page = page;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(op: UiDriverOp, params: unknown): Promise<unknown> {
    if (op === 'log') {
      this.print(String((params as UiDriverOps['log']['params']).line));
      return Promise.resolve(null);
    }
    if (op === 'screenshot' && !SCREENSHOT_NAME.test(String((params as { name?: unknown } | null)?.name)))
      return Promise.reject(new Error(`not a plain .png file name: ${JSON.stringify(params)}`));
    const page = this.page;
    if (!page) return Promise.reject(new NotShown('the workbench page is not open yet'));
    const handlers: Omit<Handlers, 'log'> = {
      problemRows: () => rowTexts(page.locator('.markers-panel .monaco-list-row')),
      treeRows: async ({ view }) => rowTexts((await pane(page, view)).locator('.pane-body .monaco-list-row')),
      paneText: async ({ view }) =>
        normalise(
          await (await pane(page, view)).locator('.pane-body').innerText({ timeout: LOCATOR_TIMEOUT_MS }),
        ),
      webviewText: ({ title }) => webviewText(page, title),
      screenshot: async ({ name }) => {
        const path = join(this.screenshotDir, name);
        await page.screenshot({ path });
        return path;
      },
    };
    const handler = handlers[op] as (p: unknown) => Promise<unknown>;
    return handler(params ?? {});
  }
}

/**
 * Operations answer with what the page shows now; an element that is not there is not waited for
 * longer than this (the suite's `waitFor` asks again).
 */
const LOCATOR_TIMEOUT_MS = 2000;

/** The visible text of each row, whitespace collapsed. */
async function rowTexts(rows: Locator): Promise<string[]> {
  return (await rows.allInnerTexts()).map(normalise);
}

/**
 * The side-bar pane whose header is titled `view`. Titles are compared ignoring case: the
 * workbench shows them upper-cased by CSS.
 */
async function pane(page: Page, view: string): Promise<Locator> {
  const panes = page.locator('.part.sidebar .pane');
  const index = await panes.evaluateAll(
    (panes, wanted) =>
      panes.findIndex(
        (p) =>
          p.querySelector('.pane-header .title')?.textContent?.trim().toLowerCase() === wanted.toLowerCase(),
      ),
    view,
  );
  if (index < 0) throw new NotShown(`no side-bar pane titled "${view}"`);
  return panes.nth(index);
}

/**
 * The text of the visible webview titled `title` (an editor tab or a side-bar pane of that title
 * must be shown). A webview is two iframes deep: the host frame (`iframe.webview`) holds
 * `#active-frame` with the extension's page; Playwright reaches both.
 */
async function webviewText(page: Page, title: string): Promise<string> {
  const tab = page.locator('.tabs-container .tab.active', { hasText: title });
  const pane = page.locator('.pane-header .title', { hasText: title });
  if ((await tab.count()) + (await pane.count()) === 0)
    throw new NotShown(`no active tab or pane titled "${title}"`);
  const texts: string[] = [];
  for (const frame of page.frames()) {
    // The page of a webview is loaded in `#pending-frame`, renamed `#active-frame` when it is
    // shown; Playwright's frame name keeps the first, so the element's id is read now.
    const element = await frame.frameElement().catch(() => undefined);
    if (!element || (await element.getAttribute('id')) !== 'active-frame') continue;
    const host = await frame.parentFrame()?.frameElement();
    if (!host || !(await host.isVisible()) || !(await element.isVisible())) continue;
    texts.push(normalise(await frame.locator('body').innerText({ timeout: LOCATOR_TIMEOUT_MS })));
  }
  if (texts.length === 0) throw new NotShown(`no visible webview for "${title}"`);
  return texts.join('\n');
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 64 * 1024) throw new Error('request too large');
  }
  return body === '' ? {} : JSON.parse(body);
}
