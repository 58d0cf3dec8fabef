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

  it('allows vscode in the extension host code, and React and the core model in the webview', async () => {
    const host = `import * as vscode from 'vscode';\nexport { vscode };\n`;
    assert.deepEqual(await errorsFor(host, 'extensions/vscode/src/probe.ts'), []);
    const page = `import { StrictMode } from 'react';\nimport { SEVERITIES } from '@trivy-findings/core/model/severity.js';\nexport { StrictMode, SEVERITIES };\n`;
    assert.deepEqual(await errorsFor(page, 'extensions/vscode/webview/src/probe.tsx'), []);
  });
});
