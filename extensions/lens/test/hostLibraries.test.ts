import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

// The hosts run React 17, and the extension API's types are written against React 17's. The other
// workspaces may bring another React (the VS Code webview uses 18): npm must then nest that one in
// its workspace, never make it the React this package or the host API's types resolve.
const fromLens = createRequire(new URL('../package.json', import.meta.url));

function versionFrom(require: NodeJS.Require, name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

function requireFromPackageOf(require: NodeJS.Require, name: string): NodeJS.Require {
  return createRequire(require.resolve(`${name}/package.json`));
}

describe('the host libraries this package builds and tests against', () => {
  it('are React 17.0.2 and its types, MobX 6 and mobx-react 7, as in both hosts', () => {
    assert.equal(versionFrom(fromLens, 'react'), '17.0.2');
    assert.equal(versionFrom(fromLens, 'react-dom'), '17.0.2');
    assert.match(versionFrom(fromLens, '@types/react'), /^17\./);
    assert.match(versionFrom(fromLens, 'mobx'), /^6\./);
    assert.match(versionFrom(fromLens, 'mobx-react'), /^7\./);
  });

  for (const [api, core] of [
    ['@k8slens/extensions', '@k8slens/core'],
    ['@freelensapp/extensions', '@freelensapp/core'],
  ] as const)
    it(`are the ones ${api}'s types resolve`, () => {
      const fromCore = requireFromPackageOf(requireFromPackageOf(fromLens, api), core);
      for (const name of ['react', '@types/react'])
        assert.equal(
          dirname(fromCore.resolve(`${name}/package.json`)),
          dirname(fromLens.resolve(`${name}/package.json`)),
          `${core} sees another ${name}`,
        );
    });

  it('leave the VS Code workspace its own React 18, for its webview', () => {
    const fromVscode = createRequire(new URL('../../vscode/package.json', import.meta.url));
    assert.match(versionFrom(fromVscode, 'react'), /^18\./);
    assert.match(versionFrom(fromVscode, '@types/react'), /^18\./);
  });
});
