import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEBIAN_REQUIREMENTS, describeMissing, missingDebianPackages } from './debianPackages.js';

test('names exactly the packages whose file is missing, with the command that installs them', () => {
  const absent = new Set(['/usr/bin/chromium', '/usr/include/X11/extensions/XKBfile.h']);
  const missing = missingDebianPackages(DEBIAN_REQUIREMENTS, (path) => !absent.has(path));
  assert.deepEqual(
    missing.map((r) => r.pkg),
    ['chromium', 'libxkbfile-dev'],
  );
  const message = describeMissing(missing);
  assert.match(message, /^missing Debian packages:/);
  assert.match(message, /- chromium \(\/usr\/bin\/chromium is missing\)/);
  assert.match(message, /install with: apt-get update && apt-get install -y chromium libxkbfile-dev$/);
});

test('nothing is missing when every file is there', () => {
  assert.deepEqual(
    missingDebianPackages(DEBIAN_REQUIREMENTS, () => true),
    [],
  );
});
