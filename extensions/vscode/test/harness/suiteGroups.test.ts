import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { specFilesOf, suiteGroupOf } from './suiteGroups.js';

// What the bundled suite folder holds: the run() module, spec bundles and their source maps.
const FILES = [
  'index.js',
  'localScans.test.js',
  'activation.test.js',
  'untrustedWorkspace.untrusted.test.js',
  'multiRootIgnore.multiroot.test.js',
  'activation.test.js.map',
];

test('each launch runs its own spec files: the untrusted and multi-root ones only in their launch', () => {
  assert.deepEqual(specFilesOf(FILES, 'trusted'), ['activation.test.js', 'localScans.test.js']);
  assert.deepEqual(specFilesOf(FILES, 'untrusted'), ['untrustedWorkspace.untrusted.test.js']);
  assert.deepEqual(specFilesOf(FILES, 'multiroot'), ['multiRootIgnore.multiroot.test.js']);
});

test('a launcher that says no group (test-electron) runs the trusted specs', () => {
  assert.equal(suiteGroupOf(undefined), 'trusted');
  assert.equal(suiteGroupOf('bogus'), 'trusted');
  assert.equal(suiteGroupOf('untrusted'), 'untrusted');
  assert.equal(suiteGroupOf('multiroot'), 'multiroot');
});
