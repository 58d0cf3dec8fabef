import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

// Webview code runs in a browser frame: the lint rule keeps `vscode` and Node out of it (the
// bundle would build, since webpack resolves `vscode` from @types only at type-check time, and
// fail only when a webview opens).
const root = new URL('..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

async function errorsFor(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('webview code stays browser code', () => {
  for (const spec of ['vscode', 'node:fs', '@trivy-findings/core/node/nodeFileReader.js']) {
    it(`refuses ${spec} in extensions/vscode/webview/`, async () => {
      const errors = await errorsFor(
        `import * as x from '${spec}';\nexport { x };\n`,
        'extensions/vscode/webview/src/probe.tsx',
      );
      assert.equal(errors.length, 1, `expected one boundary error for ${spec}`);
    });
  }

  it('refuses vscode in the scan viewer modules the page compiles too', async () => {
    for (const file of ['protocol', 'viewFilter', 'rowOrder', 'webUrl'])
      assert.equal(
        (
          await errorsFor(
            `import * as x from 'vscode';\nexport { x };\n`,
            `extensions/vscode/src/scanViewer/${file}.ts`,
          )
        ).length,
        1,
        file,
      );
  });

  it('allows vscode in the extension host code, and React and the core model in the webview', async () => {
    const host = `import * as vscode from 'vscode';\nexport { vscode };\n`;
    assert.deepEqual(await errorsFor(host, 'extensions/vscode/src/probe.ts'), []);
    const page = `import { StrictMode } from 'react';\nimport { SEVERITIES } from '@trivy-findings/core/model/severity.js';\nexport { StrictMode, SEVERITIES };\n`;
    assert.deepEqual(await errorsFor(page, 'extensions/vscode/webview/src/probe.tsx'), []);
  });
});

describe('webview code never writes report text as HTML', () => {
  async function htmlErrors(code: string, file = 'extensions/vscode/webview/src/probe.tsx'): Promise<number> {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').length;
  }

  for (const [what, code] of [
    [
      'dangerouslySetInnerHTML',
      `export const X = (p: { t: string }) => <p dangerouslySetInnerHTML={{ __html: p.t }} />;\n`,
    ],
    [
      'dangerouslySetInnerHTML in createElement props',
      `import { createElement } from 'react';\nexport const x = (t: string) => createElement('p', { dangerouslySetInnerHTML: { __html: t } });\n`,
    ],
    ['innerHTML', `export function f(e: HTMLElement, t: string) {\n  e.innerHTML = t;\n}\n`],
    ['outerHTML', `export function f(e: HTMLElement, t: string) {\n  e.outerHTML = t;\n}\n`],
    [
      'insertAdjacentHTML',
      `export function f(e: HTMLElement, t: string) {\n  e.insertAdjacentHTML('beforeend', t);\n}\n`,
    ],
    ['document.write', `export function f(t: string) {\n  document.write(t);\n}\n`],
  ] as const)
    it(`refuses ${what}`, async () => {
      assert.equal(await htmlErrors(code), 1);
    });

  it('refuses it in the shared scan viewer modules too, and allows text', async () => {
    assert.equal(
      await htmlErrors(
        `export function f(e: HTMLElement, t: string) {\n  e.innerHTML = t;\n}\n`,
        'extensions/vscode/src/scanViewer/protocol.ts',
      ),
      1,
    );
    assert.equal(await htmlErrors(`export const X = (p: { t: string }) => <p title={p.t}>{p.t}</p>;\n`), 0);
    assert.equal(
      await htmlErrors(`export function f(e: HTMLElement, t: string) {\n  e.textContent = t;\n}\n`),
      0,
    );
  });
});
