import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

// ARCHITECTURE.md: shared/ never imports vscode, React or Lens. The lint rule is the guard (npm
// hoisting would let `import 'vscode'` resolve), so check the rule itself catches each import.
const root = new URL('..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

async function errorsFor(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the core stays host-free', () => {
  for (const spec of ['vscode', 'react', '@k8slens/extensions', '../../extensions/vscode/src/extension.js']) {
    it(`refuses ${spec} in shared/`, async () => {
      const errors = await errorsFor(
        `import * as x from '${spec}';\nexport { x };\n`,
        'shared/src/model/probe.ts',
      );
      assert.equal(errors.length, 1, `expected one boundary error for ${spec}`);
    });
  }

  it('allows the same imports in an extension', async () => {
    assert.deepEqual(
      await errorsFor(`import * as x from 'react';\nexport { x };\n`, 'extensions/lens/src/probe.ts'),
      [],
    );
  });

  it('keeps Node adapters out of the platform-neutral core', async () => {
    const code = `import { spawn } from 'node:child_process';\nimport { NodeFileReader } from '../node/nodeFileReader.js';\nexport { spawn, NodeFileReader };\n`;
    assert.equal((await errorsFor(code, 'shared/src/readers/probe.ts')).length, 2);
    assert.deepEqual(await errorsFor(code, 'shared/src/cli/probe.ts'), []);
  });
});
