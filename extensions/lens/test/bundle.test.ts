import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, type Bundle } from '../build/bundle.js';

const repoDir = fileURLToPath(new URL('../../..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'lens-bundle-test-'));
let built: Bundle;

before(async () => {
  built = await bundle(outDir);
});

after(() => rmSync(outDir, { recursive: true, force: true }));

describe('the bundle', () => {
  it('is main.js and renderer.js, with the licences of what the renderer bundles', () => {
    // The renderer's core reads report dumps with js-yaml, whose MIT notice ships beside it.
    assert.deepEqual(built.files.map((file) => relative(outDir, file)).sort(), [
      'main.js',
      'renderer.js',
      'renderer.js.LICENSE.txt',
    ]);
  });

  it('bundles the core’s sources in', () => {
    const modules = built.modules.map((module) => relative(repoDir, module));
    assert.ok(modules.includes('shared/src/model/reportKinds.ts'), modules.join('\n'));
    assert.ok(modules.includes('extensions/lens/src/renderer.tsx'));
  });

  it('takes the libraries both hosts have from the host, none bundled', () => {
    // Listed here, not read from build/hostGlobals.ts, so that a library dropped there shows up.
    const hostLibraries = [
      'react',
      'react-dom',
      'scheduler',
      'mobx',
      'mobx-react',
      '@k8slens',
      '@freelensapp',
    ];
    const bundled = built.modules.filter((module) =>
      hostLibraries.some((name) => module.includes(`/node_modules/${name}/`)),
    );
    assert.deepEqual(bundled, []);
  });
});
