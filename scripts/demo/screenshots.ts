// `npm run screenshots`: the README's pictures of the VS Code extension, taken from the real UI.
// Starts the demo as `npm start` does (its cluster without live changes, so the pictures are the
// same each run) under code-server, drives headless Debian Chromium through what a person would
// do — open the Trivy Findings side bar, a manifest with the cluster's problems, a hover, the
// Problems panel, the scan viewer on a real scan — and writes media/screenshots/vscode-*.png.
//   npm run screenshots [-- --no-build]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REFUSE_CODE_SERVER_WORKER } from '../vscode/codeServer.js';
import { CHROMIUM_ARGS, chromiumPath } from '../vscode/debianPackages.js';
import { startDemoCluster, type DemoCluster } from './demoCluster.js';
import { openInCodeServer, type DemoEditor } from './demoEditor.js';
import { prepareDemoWorkspace } from './demoWorkspace.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(repo, 'media', 'screenshots');
/** The README's limit per picture. */
const MAX_BYTES = 250 * 1024;
const STEP_TIMEOUT_MS = 90_000;

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    const built = spawnSync(
      'npm',
      ['run', '--silent', 'build:dev', '-w', 'extensions/vscode', '--', '--stats', 'errors-warnings'],
      {
        cwd: repo,
        stdio: 'inherit',
      },
    );
    if (built.status !== 0) throw new Error('the extension did not build');
  }
  const dir = mkdtempSync(join(tmpdir(), 'trivy-findings-screenshots-'));
  let cluster: DemoCluster | undefined;
  let editor: DemoEditor | undefined;
  let browser: Browser | undefined;
  try {
    cluster = await startDemoCluster({
      reportsDir: join(repo, 'test', 'fixtures', 'reports'),
      generate: 60,
      kubeconfigPath: join(dir, 'kubeconfig'),
      replayIntervalMs: 0,
    });
    const workspace = join(dir, 'workspace');
    const fakeTrivy = join(repo, 'test', 'doubles', 'fakeTrivy', 'bin', 'trivy');
    prepareDemoWorkspace({
      dir: workspace,
      server: cluster.server,
      fixturesDir: join(repo, 'test', 'fixtures'),
      trivyPath: fakeTrivy,
    });
    const opened = await openInCodeServer({
      extensionDir: join(repo, 'extensions', 'vscode'),
      workspace,
      kubeconfigPath: cluster.kubeconfigPath,
      trivyPath: fakeTrivy,
      stateDir: dir,
    });
    editor = opened;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.addInitScript({ content: REFUSE_CODE_SERVER_WORKER });
    await page.goto(opened.url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench .part.activitybar').waitFor();
    mkdirSync(OUT, { recursive: true });
    await takeAll(page);
  } finally {
    await browser?.close().catch(() => undefined);
    await editor?.stop();
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function takeAll(page: Page): Promise<void> {
  // The side bar: Cluster view with the demo cluster's namespaces, a namespace opened.
  await page.locator('.part.activitybar .action-item a[aria-label^="Trivy Findings"]').first().click();
  const cluster = pane(page, 'Cluster');
  await cluster.locator('.monaco-list-row', { hasText: 'payments' }).first().waitFor();
  await cluster.locator('.monaco-list-row', { hasText: 'default' }).first().click();
  await cluster.locator('.monaco-list-row', { hasText: 'nginx' }).first().waitFor();
  await shoot(page, 'vscode-cluster-view');

  // A manifest kubectl wrote, with the cluster's findings on its lines, and the Problems panel.
  await runCommand(page, 'Go to File', 'k8s/default/nginx.yaml', { quickOpen: true });
  const squiggle = page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first();
  await squiggle.waitFor();
  await runCommand(page, 'View: Focus Problems');
  await page.locator('.markers-panel .monaco-list-row').first().waitFor();
  await shoot(page, 'vscode-diagnostics');

  // The hover of a finding on the manifest.
  await page.locator('.monaco-editor .view-lines').first().click();
  await squiggle.hover();
  await page.locator('.monaco-hover:not(.hidden)').first().waitFor();
  await page.waitForFunction(
    () => (document.querySelector('.monaco-hover:not(.hidden)')?.textContent ?? '').length > 40,
  );
  await shoot(page, 'vscode-hover');
  await page.keyboard.press('Escape');

  // The scan viewer on a real image scan.
  await runCommand(page, 'Go to File', 'scans/image_alpine-3.10_trivy-json.json', { quickOpen: true });
  await runCommand(page, 'View: Reopen Editor With...');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Scan Viewer' }).first().click();
  const viewer = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await viewer.locator('body', { hasText: 'CVE-' }).first().waitFor();
  await runCommand(page, 'View: Close Panel');
  await shoot(page, 'vscode-scan-viewer');
}

/** A side-bar pane by its title (shown upper-cased by CSS). */
function pane(page: Page, title: string) {
  return page.locator('.part.sidebar .pane', {
    has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`, 'i') }),
  });
}

/** Runs a command from the palette (F1), or with `quickOpen` opens a file by its path as Ctrl+P does. */
async function runCommand(
  page: Page,
  command: string,
  text?: string,
  opts: { quickOpen?: boolean } = {},
): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  if (opts.quickOpen) {
    await input.fill(text ?? '');
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: (text ?? '').split('/').pop()! })
      .first()
      .waitFor();
  } else {
    await input.fill(`>${command}`);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: command }).first().waitFor();
  }
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function shoot(page: Page, name: string): Promise<void> {
  // The mouse is parked where it hides nothing, and the workbench's animations are let finish.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path });
  const bytes = statSync(path).size;
  console.log(`${relative(repo, path)}: ${(bytes / 1024).toFixed(0)} KB`);
  if (bytes > MAX_BYTES)
    throw new Error(`${name}.png is ${(bytes / 1024).toFixed(0)} KB, over the README's 250 KB`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
