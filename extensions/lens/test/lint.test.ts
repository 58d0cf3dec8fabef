import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// `npm run lint` (eslint .) must reach the extension's TSX and its test hooks, with the repo's
// TypeScript rules, not only the .ts files.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function rulesBroken(code: string, file: string): Promise<string[]> {
  assert.equal(await eslint.isPathIgnored(`${root}/${file}`), false, file);
  const [result] = await eslint.lintText(code, { filePath: `${root}/${file}` });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('lint of the Lens extension', () => {
  it('checks TSX with the TypeScript rules', async () => {
    const code = `import React from 'react';\nexport const X = (p: any) => <div>{p}</div>;\nexport { React };\n`;
    assert.deepEqual(await rulesBroken(code, 'extensions/lens/src/probe.tsx'), [
      '@typescript-eslint/no-explicit-any',
    ]);
  });

  it('checks the test hooks (.mjs)', async () => {
    assert.deepEqual(await rulesBroken(`const unused = 1;\n`, 'extensions/lens/test/hooks/probe.mjs'), [
      '@typescript-eslint/no-unused-vars',
    ]);
  });
});
