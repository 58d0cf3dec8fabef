// The first paint of the scan viewer's page for 10,000 rows, in headless Chromium (the harness's
// Debian Chromium driven by Playwright), against the first paint of the same rows as a plain
// <table>: the page an extension would write without windowing. `scripts/bench/viewerFirstPaint.ts`
// runs this in a child process (Chromium's and webpack's memory stay out of the bench's peak) and
// prints what it writes to stdout: `{ "rows": …, "viewerMs": …, "tableMs": …, "viewer": {…}, "oneMessage": {…}, "table": {…} }`
// with the breakdown of each (milliseconds after the first post: the first rows message handled,
// the first row in the DOM, the frame painted); `oneMessage` is the viewer fed every row in one
// message, as the host did before it sent the first window alone.
//
// The page is the production bundle (`webpack --config-name webview`) in a plain HTML page with a
// stand-in `acquireVsCodeApi`. The viewer gets the messages the host sends (`scanViewerSession.ts`:
// the scan with its summary, then `RowFeed`'s first window of rows, and the other rows and the
// upgrades when the page says it has painted them, `painted`); the plain table gets all rows in one message. Each message
// is posted when the page has taken the one before (a webview receives them one by one from the
// extension host), structured cloning included, as in a webview. The time runs from the first post to the end of the first frame painted with rows in
// it: the rows are looked for in every animation frame, and the frame that has them is painted
// right after its callbacks, before the task queued there runs. The messages are handed to the
// page before the clock starts, and the page is let settle: Playwright's `evaluate` of 10,000 rows
// as an argument kept the renderer busy for 150 ms to 2 s after the call (idle to loaded machine),
// which no webview does, and which was most of this figure before. Not measured here: the
// webview's own boot in VS Code (its iframe, service worker and CSP), which is the host's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { readSourceText } from '@trivy-findings/core/readers/readSource.js';
import { summarizeFindings } from '@trivy-findings/core/summary/findingSummary.js';
import { offlineWorkloads } from '@trivy-findings/core/workloads/offlineWorkloads.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../../../scripts/vscode/debianPackages.js';
import { findingRows } from '../../src/scanViewer/findingRows.js';
import { RowFeed } from '../../src/scanViewer/rowBatches.js';
import { upgradeList } from '../../src/scanViewer/upgradeList.js';
import type { HostMessage } from '../../src/scanViewer/protocol.js';
import { EXTENSION_DIR, REPO_DIR } from '../launcher/testWorkspace.js';

const ROWS = 10_000;
const RUNS = 7;

/** What the host posts: `sent` at once, one after the other, and `asked` when the page posts `painted`. */
interface Feed {
  readonly sent: readonly HostMessage[];
  readonly asked: readonly HostMessage[];
}

/**
 * 10,000 findings: the 398 real ones of a `kubectl get -o json` dump of VulnerabilityReports,
 * repeated under other Pod names, as a cluster of 26 copies of the workloads reports; read into
 * rows and a summary by the extension's own code.
 */
function scanMessages(): { viewer: Feed; table: Feed } {
  const path = join(REPO_DIR, 'test/fixtures/reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
  const read = readSourceText(readFileSync(path, 'utf8'), 'cluster.json');
  const findings: Finding[] = [];
  for (let copy = 0; findings.length < ROWS; copy++)
    for (const f of read.findings) {
      if (findings.length === ROWS) break;
      findings.push(
        f.resource ? { ...f, resource: { ...f.resource, name: `${f.resource.name}-${copy}` } } : f,
      );
    }
  const { workloadOf } = offlineWorkloads([{ findings }]);
  const rows = findingRows(findings, workloadOf);
  const scan: HostMessage = {
    type: 'scan',
    scan: {
      generation: 1,
      name: 'cluster.json',
      format: read.format,
      total: rows.length,
      summary: summarizeFindings(findings.map((finding) => ({ finding, workload: workloadOf(finding) }))),
      problems: [],
    },
  };
  const feed = new RowFeed();
  const sent = [scan, ...feed.start(rows, 1)];
  const upgrades: HostMessage = {
    type: 'upgrades',
    generation: 1,
    upgrades: upgradeList(findings, workloadOf),
  };
  return {
    viewer: { sent, asked: [...(feed.rest(1) ?? []), upgrades] },
    table: { sent: [scan, { type: 'rows', generation: 1, start: 0, rows }], asked: [] },
  };
}

/** The production bundle and style sheet of the page, built into `dir`. */
function buildPage(dir: string): void {
  const webpack = createRequire(join(EXTENSION_DIR, 'package.json')).resolve('webpack-cli/bin/cli.js');
  const built = spawnSync(
    process.execPath,
    [
      webpack,
      '--mode',
      'production',
      '--config-name',
      'webview',
      '--output-path',
      dir,
      '--stats',
      'errors-only',
    ],
    { cwd: EXTENSION_DIR, encoding: 'utf8' },
  );
  if (built.status !== 0)
    throw new Error(`the webview bundle did not build:\n${built.stdout}${built.stderr}`);
  writeFileSync(
    join(dir, 'viewer.html'),
    `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="scanViewer.css"></head>
<body><div id="root"></div>
<script>window.posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => { window.posted.push(m); window.onPagePost?.(m); }, getState: () => undefined, setState: () => undefined });</script>
<script src="scanViewer.js"></script></body></html>`,
  );
  writeFileSync(
    join(dir, 'table.html'),
    `<!doctype html><html><head><meta charset="utf-8"></head><body><div id="root"></div>
<script>
window.posted = ['ready'];
addEventListener('message', (event) => {
  if (event.data.type !== 'rows') return;
  const table = document.createElement('table');
  for (const r of event.data.rows) {
    const tr = table.insertRow();
    for (const text of [r.severity, r.type, r.id, r.title, r.pkg, r.workload, r.location]) tr.insertCell().textContent = text ?? '';
    tr.className = 'row';
  }
  document.getElementById('root').append(table);
});
</script></body></html>`,
  );
}

/**
 * Browser code, as a string: tsx would wrap named functions in a helper the page does not have.
 * Resolves to the milliseconds from posting `messages` to the end of the first frame painted with
 * `.row`s in it.
 */
const MEASURE = `() => new Promise((resolve) => {
  const messages = [...window.benchMessages.sent];
  const start = performance.now();
  const at = {};
  let next = 0;
  // Whether the page has taken every message posted so far: the next one is posted at once.
  let idle = false;
  const postNext = () => {
    idle = next === messages.length;
    if (!idle) window.postMessage(messages[next++], '*');
  };
  // Added after the page's own listener, so it runs once the page has taken each message.
  addEventListener('message', (event) => {
    if (event.data.type === 'rows' && at.received === undefined) at.received = performance.now() - start;
    postNext();
  });
  // The host sends the rows it held back when the page asks (RowFeed).
  window.onPagePost = (message) => {
    if (message.type !== 'painted') return;
    messages.push(...window.benchMessages.asked);
    if (idle) postNext();
  };
  new MutationObserver((_, observer) => {
    if (!document.querySelector('.row:not(.head)')) return;
    at.rendered = performance.now() - start;
    observer.disconnect();
  }).observe(document.body, { childList: true, subtree: true });
  const look = () => {
    if (document.querySelector('.row:not(.head)'))
      setTimeout(() => resolve({ ...at, painted: performance.now() - start }), 0);
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
  postNext();
})`;

/** Milliseconds after the first post: rows message handled, first row in the DOM, frame painted. */
interface Paint {
  readonly received: number;
  readonly rendered: number;
  readonly painted: number;
}

/** {@link MEASURE} on a fresh load of `url`. */
async function firstPaint(page: Page, url: string, messages: Feed): Promise<Paint> {
  await page.goto(url);
  // The page listens once it has said so (the viewer's `ready`).
  await page.waitForFunction('window.posted.length > 0');
  await page.evaluate(`window.measureFirstPaint = ${MEASURE}`);
  await page.evaluate(
    (messages) => ((globalThis as unknown as { benchMessages: unknown }).benchMessages = messages),
    messages as { sent: HostMessage[]; asked: HostMessage[] },
  );
  // The renderer is busy for a while after taking a large argument: one frame and a task later it is not.
  await page.evaluate('new Promise((settled) => requestAnimationFrame(() => setTimeout(settled, 0)))');
  return page.evaluate('window.measureFirstPaint()') as Promise<Paint>;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'viewer-first-paint-'));
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    buildPage(dir);
    const messages = scanMessages();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const viewer: Paint[] = [];
    const oneMessage: Paint[] = [];
    const table: Paint[] = [];
    const viewerUrl = pathToFileURL(join(dir, 'viewer.html')).href;
    const tableUrl = pathToFileURL(join(dir, 'table.html')).href;
    // One unmeasured run of each warms the browser's caches; then the two in turn, so a load on
    // the shared machine weighs on both alike.
    await firstPaint(page, viewerUrl, messages.viewer);
    await firstPaint(page, tableUrl, messages.table);
    for (let i = 0; i < RUNS; i++) {
      viewer.push(await firstPaint(page, viewerUrl, messages.viewer));
      // The viewer as the host fed it before `rowMessages`: every row in one message.
      oneMessage.push(await firstPaint(page, viewerUrl, messages.table));
      table.push(await firstPaint(page, tableUrl, messages.table));
    }
    const rows = (messages.viewer.sent[0] as { scan: { total: number } }).scan.total;
    const medians = (paints: Paint[]): Paint => ({
      received: median(paints.map((p) => p.received)),
      rendered: median(paints.map((p) => p.rendered)),
      painted: median(paints.map((p) => p.painted)),
    });
    const v = medians(viewer);
    const t = medians(table);
    process.stdout.write(
      JSON.stringify({
        rows,
        viewerMs: v.painted,
        tableMs: t.painted,
        viewer: v,
        oneMessage: medians(oneMessage),
        table: t,
      }) + '\n',
    );
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
