// Renders media/icon.svg to media/icon.png (128×128), the marketplace icon: the marketplace and
// vsce refuse SVG icons. Run after editing the SVG: `node --import tsx scripts/vscode/renderIcon.ts`.
// Uses the same headless Chromium as the VS Code test suite (Debian `chromium`).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './debianPackages.js';

const media = fileURLToPath(new URL('../../media/', import.meta.url));
const svg = await readFile(`${media}icon.svg`, 'utf8');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: `${media}icon.png`, omitBackground: true });
} finally {
  await browser.close();
}
console.log('wrote media/icon.png');
