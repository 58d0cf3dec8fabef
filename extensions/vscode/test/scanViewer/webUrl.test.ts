import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isWebUrl } from '../../src/scanViewer/webUrl.js';

describe('which references the viewer opens', () => {
  for (const url of [
    'https://avd.aquasec.com/nvd/cve-2019-1549',
    'http://lists.opensuse.org/opensuse-security-announce/2020-01/msg00030.html',
    'HTTPS://GITHUB.COM/advisories/GHSA-xxxx',
  ])
    it(`opens ${url}`, () => assert.equal(isWebUrl(url), true));

  for (const url of [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'command:workbench.action.quit',
    'vscode://ms-vscode.remote-server/x',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'https://example.com/a b',
    'https://example.com/\u0000',
    '//example.com/x',
    'https:',
    'cve-2019-1549',
    '',
  ])
    it(`refuses ${JSON.stringify(url)}`, () => assert.equal(isWebUrl(url), false));
});
