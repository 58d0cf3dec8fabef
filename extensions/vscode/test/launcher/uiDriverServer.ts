import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
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
      webviewText: async ({ title }) => {
        const texts: string[] = [];
        for (const frame of await webviewFrames(page, title))
          texts.push(normalise(await frame.locator('body').innerText({ timeout: LOCATOR_TIMEOUT_MS })));
        return texts.join('\n');
      },
      webviewElements: async ({ title, selector, attributes = [] }) => {
        const found: UiDriverOps['webviewElements']['result'] = [];
        for (const frame of await webviewFrames(page, title))
          found.push(
            ...(await frame.locator(selector).evaluateAll(
              (elements, names) =>
                elements.map((e) => ({
                  text: (e as { innerText?: string }).innerText ?? e.textContent ?? '',
                  attributes: Object.fromEntries(names.map((n) => [n, e.getAttribute(n)])),
                })),
              attributes,
            )),
          );
        return found.map((e) => ({ ...e, text: normalise(e.text) }));
      },
      webviewAction: async ({ title, selector, action, value }) => {
        const target = await firstMatch(await webviewFrames(page, title), selector);
        const options = { timeout: LOCATOR_TIMEOUT_MS };
        if (action === 'click') await target.click(options);
        else if (action === 'dblclick') await target.dblclick(options);
        else if (action === 'fill') await target.fill(value ?? '', options);
        else await target.press(value ?? '', options);
        return null;
      },
      webviewPostMessage: async ({ title, message }) => {
        const [frame] = await webviewFrames(page, title);
        // The page's `acquireVsCodeApi().postMessage(m)` calls this function of its host frame
        // (VS Code's webview/browser/pre/index.html), which hides itself from the page after.
        await frame!.parentFrame()!.evaluate((data) => {
          // Browser code: this launcher's types have no DOM.
          const host = globalThis as unknown as Record<string, (command: string, data: unknown) => void>;
          host['__vscode_post_message__']!('onmessage', { message: data, transfer: undefined });
        }, message);
        return null;
      },
      notifications: () => rowTexts(page.locator('.notifications-toasts .notification-toast')),
      codeLensClick: async ({ text }) => {
        const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: text });
        if ((await lens.count()) === 0) throw new NotShown(`no CodeLens saying "${text}"`);
        await lens.first().click({ timeout: LOCATOR_TIMEOUT_MS });
        return null;
      },
      notificationAction: async ({ message, button }) => {
        const toast = page.locator('.notifications-toasts .notification-toast', { hasText: message });
        if ((await toast.count()) === 0) throw new NotShown(`no notification saying "${message}"`);
        await toast
          .first()
          .locator('.monaco-button', { hasText: button })
          .first()
          .click({ timeout: LOCATOR_TIMEOUT_MS });
        return null;
      },
      quickInput: async ({ value, accept }) => {
        const widget = page.locator('.quick-input-widget');
        if (!(await widget.isVisible())) throw new NotShown('no quick input is shown');
        const input = widget.locator('.quick-input-box input');
        if (value !== undefined) await input.fill(value, { timeout: LOCATOR_TIMEOUT_MS });
        const shown = {
          title: normalise(
            await widget.locator('.quick-input-title').innerText({ timeout: LOCATOR_TIMEOUT_MS }),
          ),
          value: await input.inputValue({ timeout: LOCATOR_TIMEOUT_MS }),
        };
        if (accept) await input.press('Enter', { timeout: LOCATOR_TIMEOUT_MS });
        return shown;
      },
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
 * The frames of the visible webviews titled `title`: those shown in an editor group whose active
 * tab, or in a side-bar pane whose header, has that title. A webview is two iframes deep: the
 * host frame (`iframe.webview`) holds `#active-frame` with the extension's page; Playwright
 * reaches both. Webviews are laid over the workbench rather than put inside their group, so a
 * frame is told to be a group's or a pane's by where it is on the screen.
 */
async function webviewFrames(page: Page, title: string): Promise<Frame[]> {
  const areas = [
    page.locator('.editor-group-container', {
      has: page.locator('.tabs-container .tab.active', { hasText: title }),
    }),
    page.locator('.part.sidebar .pane', { has: page.locator('.pane-header .title', { hasText: title }) }),
  ];
  const boxes: Box[] = [];
  for (const area of areas)
    for (const element of await area.all()) {
      const box = await element.boundingBox();
      if (box) boxes.push(box);
    }
  if (boxes.length === 0) throw new NotShown(`no active tab or pane titled "${title}"`);
  const frames: Frame[] = [];
  for (const frame of page.frames()) {
    // The page of a webview is loaded in `#pending-frame`, renamed `#active-frame` when it is
    // shown; Playwright's frame name keeps the first, so the element's id is read now.
    const element = await frame.frameElement().catch(() => undefined);
    if (!element || (await element.getAttribute('id')) !== 'active-frame') continue;
    const host = await frame.parentFrame()?.frameElement();
    if (!host || !(await host.isVisible()) || !(await element.isVisible())) continue;
    const box = await host.boundingBox();
    if (box && boxes.some((area) => contains(area, box))) frames.push(frame);
  }
  if (frames.length === 0) throw new NotShown(`no visible webview for "${title}"`);
  return frames;
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Whether the centre of `inner` is inside `outer`. */
function contains(outer: Box, inner: Box): boolean {
  const x = inner.x + inner.width / 2;
  const y = inner.y + inner.height / 2;
  return x >= outer.x && x <= outer.x + outer.width && y >= outer.y && y <= outer.y + outer.height;
}

/** The first element matching `selector` in any of `frames`; not shown (retryable) when there is none. */
async function firstMatch(frames: readonly Frame[], selector: string): Promise<Locator> {
  for (const frame of frames) {
    const found = frame.locator(selector);
    if ((await found.count()) > 0) return found.first();
  }
  throw new NotShown(`nothing matches "${selector}" in the webview`);
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
