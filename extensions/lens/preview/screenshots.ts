// `npm run screenshots:lens`: PNGs of the real Lens panels for the README, taken in headless
// Chromium (playwright-core, Debian's chromium) from the preview page over the fake API server.
// Writes media/screenshots/lens-*.png.
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startPreview } from './previewServer.js';

// Debian's chromium, headless as the VS Code harness runs it (scripts/vscode/debianPackages.ts, which
// this package's type-checked project cannot import).
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'];

const outDir = fileURLToPath(new URL('../../../media/screenshots/', import.meta.url));
mkdirSync(outDir, { recursive: true });

const preview = await startPreview();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const deployments = (await (await fetch(`${preview.url}/apis/apps/v1/deployments`)).json()) as {
    items: Array<{ metadata: { name: string; namespace: string } }>;
  };
  const first = deployments.items[0]!.metadata;
  // A page of its own per picture: a page's watches hold Chromium's six connections to the host.
  let page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  const shots: Array<{ name: string; path: string; ready: string; act?: () => Promise<void> }> = [
    {
      name: 'lens-workload-vulnerabilities',
      path: `?view=object&apiVersion=apps%2Fv1&kind=Deployment&namespace=${first.namespace}&name=${first.name}`,
      ready: '.TrivyFindingsVulnerabilityTable',
    },
    {
      name: 'lens-policy-results',
      path: `?view=object&apiVersion=apps%2Fv1&kind=Deployment&namespace=default&name=nginx`,
      ready: '[role="tab"]',
      act: async () => {
        await page.getByRole('tab', { name: /^Policy results/ }).click();
      },
    },
    { name: 'lens-overview', path: '?view=overview', ready: '.TrivyFindingsOverview' },
    {
      name: 'lens-coverage',
      path: '?view=overview',
      ready: '.TrivyFindingsCoverageTable',
      act: async () => {
        await page.getByRole('heading', { name: 'Coverage' }).evaluate((h) => h.scrollIntoView());
      },
    },
    {
      name: 'lens-carriers',
      path: '?view=carriers',
      ready: 'input',
      act: async () => {
        await page.locator('input').first().fill('CVE-2022-0778');
        await page.keyboard.press('Enter');
        await page.waitForTimeout(0);
      },
    },
  ];
  for (const shot of shots) {
    await page.close();
    page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
    await page.goto(`${preview.url}/${shot.path}`);
    await page.waitForSelector(shot.ready, { timeout: 30_000 });
    await page.waitForFunction(() => !document.querySelector('[data-state="loading"]'), undefined, {
      timeout: 30_000,
    });
    await shot.act?.();
    const file = `${outDir}${shot.name}.png`;
    await page.screenshot({ path: file });
    console.log(`${file} (${Math.round(statSync(file).size / 1024)} KB)`);
  }
  await page.close();
} finally {
  await browser.close();
  await preview.close();
}

// A cluster without Trivy Operator's (or Kyverno's) CRDs: each section says so, once, and nothing
// is asked of the resources that are not there (no 404 in the console).
const bare = await startPreview({ trivyOperator: false });
const bareBrowser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await bareBrowser.newPage({ viewport: { width: 1000, height: 640 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() === 404) errors.push(`404 ${r.url()}`);
  });
  await page.goto(`${bare.url}/?view=object&apiVersion=apps%2Fv1&kind=Deployment&namespace=shop&name=web`);
  await page
    .getByText(/Trivy Operator is not installed in this cluster/)
    .first()
    .waitFor({ timeout: 30_000 });
  const file = `${outDir}lens-not-installed.png`;
  await page.screenshot({ path: file });
  console.log(`${file} (${Math.round(statSync(file).size / 1024)} KB)`);
  if (errors.length > 0) throw new Error(`the not-installed page logged errors:\n${errors.join('\n')}`);
} finally {
  await bareBrowser.close();
  await bare.close();
}
