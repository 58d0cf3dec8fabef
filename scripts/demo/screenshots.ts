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
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.addInitScript({ content: REFUSE_CODE_SERVER_WORKER });
    // Only the navigation's response: on a loaded machine the page's load can take long, and the
    // workbench's own parts are waited for next.
    await page.goto(opened.url, { waitUntil: 'commit' });
    await page.locator('.monaco-workbench .part.activitybar').waitFor();
    mkdirSync(OUT, { recursive: true });
    await takeAll(page).catch(async (err: unknown) => {
      const failed = join(repo, '.tmp', 'screenshots-failed.png');
      mkdirSync(join(repo, '.tmp'), { recursive: true });
      await page.screenshot({ path: failed }).catch(() => undefined);
      throw new Error(
        `${String(err)}\nthe screen then: ${relative(repo, failed)}; code-server's log: ${join(dir, 'code-server.log')}`,
      );
    });
  } finally {
    await browser?.close().catch(() => undefined);
    await editor?.stop();
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function takeAll(page: Page): Promise<void> {
  // The side bar, wider: the Cluster view with the demo cluster's namespaces (the cluster-scoped
  // branch closed, a namespace opened), the Workspace view with the local scan of the Dockerfile
  // (scanned by the fake trivy when it opens), the Suppressions view; the Dockerfile's problems.
  await page.locator('.part.activitybar .action-item a[aria-label^="Trivy Findings"]').first().click();
  await pane(page, 'Findings').locator('.pane-header').click();
  const sash = await page.locator('.part.sidebar').boundingBox();
  if (sash) {
    await page.mouse.move(sash.x + sash.width + 1, sash.y + 300);
    await page.mouse.down();
    await page.mouse.move(sash.x + sash.width + 140, sash.y + 300, { steps: 5 });
    await page.mouse.up();
  }
  await runCommand(page, 'Go to File', 'Dockerfile', { quickOpen: true });
  await pane(page, 'Workspace').locator('.monaco-list-row').first().waitFor();
  const cluster = pane(page, 'Cluster');
  await cluster.locator('.monaco-list-row', { hasText: 'Cluster-scoped reports' }).first().click();
  await cluster
    .locator('.monaco-list-row', { hasText: /^default/ })
    .first()
    .click();
  await cluster.locator('.monaco-list-row', { hasText: 'nginx' }).first().waitFor();
  await page.mouse.move(900, 700);
  await shoot(page, 'vscode-views');

  // A manifest kubectl wrote, scrolled to its first problem (the cluster's findings on its
  // container), and the Problems panel.
  await runCommand(page, 'Go to File', 'k8s/default/nginx.yaml', { quickOpen: true });
  await page
    .locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning')
    .first()
    .waitFor({ state: 'attached' });
  await runCommand(page, 'Go to Next Problem (Error, Warning, Info)');
  await page.locator('.monaco-editor .marker-widget').first().waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.monaco-editor .marker-widget').first().waitFor({ state: 'hidden' });
  await runCommand(page, 'View: Focus Problems');
  await page.locator('.markers-panel .monaco-list-row').first().waitFor();
  await page.mouse.move(900, 700);
  await shoot(page, 'vscode-diagnostics');

  // The hover of the finding under the cursor, with the Problems panel closed.
  await runCommand(page, 'View: Hide Panel');
  await runCommand(page, 'View: Focus Active Editor Group');
  await runCommand(page, 'Show or Focus Hover');
  await page.waitForFunction(
    // Browser code, hence a string: this file is type-checked for Node.
    "(document.querySelector('.monaco-hover:not(.hidden)')?.textContent ?? '').length > 40",
  );
  await shoot(page, 'vscode-hover');
  await page.keyboard.press('Escape');

  // The scan viewer on the cluster's reports saved with kubectl, the side bar hidden, a finding selected.
  await runCommand(page, 'Notifications: Clear All Notifications');
  await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  await runCommand(page, 'Go to File', 'scans/vulnerabilityreports.yaml', { quickOpen: true });
  await runCommand(page, 'View: Reopen Editor With...', undefined, {
    thenPick: 'Trivy Findings Scan Viewer',
  });
  const viewer = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await viewer.locator('.rows .row', { hasText: 'CRITICAL' }).first().click();
  await viewer.locator('.details', { hasText: 'CVE-' }).first().waitFor();
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.mouse.move(1200, 760);
  await shoot(page, 'vscode-scan-viewer');
}

/** A side-bar pane by its title (shown upper-cased by CSS). */
function pane(page: Page, title: string) {
  return page.locator('.part.sidebar .pane', {
    has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`, 'i') }),
  });
}

/**
 * Runs a command from the palette (F1), then picks `thenPick` in the list it shows, if any; or with
 * `quickOpen` opens a file by its path as Ctrl+P does.
 */
async function runCommand(
  page: Page,
  command: string,
  text?: string,
  opts: { quickOpen?: boolean; thenPick?: string } = {},
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
  // A command that asks a question (Reopen Editor With…) shows its own pick in the same widget.
  if (opts.thenPick)
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: opts.thenPick }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function shoot(page: Page, name: string): Promise<void> {
  // Two frames, so the workbench's last change is painted before the picture.
  await page.evaluate(
    'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
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
