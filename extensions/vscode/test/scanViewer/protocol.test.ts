import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isHostMessage, isPageMessage, type PageMessage } from '../../src/scanViewer/protocol.js';
import { DEFAULT_SORT } from '../../src/scanViewer/rowOrder.js';
import { NO_FILTER } from '../../src/scanViewer/viewFilter.js';

const valid: PageMessage[] = [
  { type: 'ready' },
  { type: 'details', generation: 1, index: 0 },
  { type: 'painted', generation: 4 },
  { type: 'openLocation', generation: 3, index: 41 },
  { type: 'openLink', url: 'https://avd.aquasec.com/nvd/cve-2019-1549' },
  { type: 'export', generation: 2, format: 'sarif', filter: NO_FILTER, sort: DEFAULT_SORT },
  {
    type: 'export',
    generation: 2,
    format: 'json',
    filter: {
      text: 'openssl',
      severities: ['CRITICAL', 'HIGH'],
      types: ['vulnerability'],
      fixableOnly: true,
      workload: 'Deployment/default/web',
      showHidden: true,
    },
    sort: { column: 'package', descending: false },
  },
];

describe('the scan viewer protocol', () => {
  it('accepts every message the page sends, as they are after a trip through postMessage', () => {
    for (const message of valid) assert.ok(isPageMessage(structuredClone(message)), JSON.stringify(message));
  });

  const refused: [string, unknown][] = [
    ['not an object', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['null', null],
    ['an unknown type', { type: 'runCommand', command: 'workbench.action.quit' }],
    ['a negative index', { type: 'details', generation: 1, index: -1 }],
    ['a fractional index', { type: 'openLocation', generation: 1, index: 1.5 }],
    ['an index as text', { type: 'details', generation: 1, index: '1' }],
    ['no generation', { type: 'details', index: 1 }],
    ['painted, of no generation', { type: 'painted' }],
    ['painted, of a generation as text', { type: 'painted', generation: '4' }],
    ['a URL that is not a string', { type: 'openLink', url: { href: 'https://x' } }],
    ['a URL of 10,000 characters', { type: 'openLink', url: `https://example.com/${'a'.repeat(10_000)}` }],
    [
      'an unknown export format',
      { type: 'export', generation: 1, format: 'html', filter: NO_FILTER, sort: DEFAULT_SORT },
    ],
    [
      'an unknown severity',
      {
        type: 'export',
        generation: 1,
        format: 'json',
        filter: { ...NO_FILTER, severities: ['SEVERE'] },
        sort: DEFAULT_SORT,
      },
    ],
    [
      'a repeated list longer than the severities',
      {
        type: 'export',
        generation: 1,
        format: 'json',
        filter: { ...NO_FILTER, severities: Array(6).fill('HIGH') },
        sort: DEFAULT_SORT,
      },
    ],
    [
      'an unknown type',
      {
        type: 'export',
        generation: 1,
        format: 'json',
        filter: { ...NO_FILTER, types: ['malware'] },
        sort: DEFAULT_SORT,
      },
    ],
    [
      'a filter text of 2,000 characters',
      {
        type: 'export',
        generation: 1,
        format: 'json',
        filter: { ...NO_FILTER, text: 'x'.repeat(2000) },
        sort: DEFAULT_SORT,
      },
    ],
    [
      'a filter without showHidden',
      {
        type: 'export',
        generation: 1,
        format: 'json',
        filter: { ...NO_FILTER, showHidden: undefined },
        sort: DEFAULT_SORT,
      },
    ],
    [
      'an unknown sort column',
      {
        type: 'export',
        generation: 1,
        format: 'json',
        filter: NO_FILTER,
        sort: { column: 'cvss', descending: true },
      },
    ],
  ];
  for (const [what, message] of refused)
    it(`refuses a page message with ${what}`, () => {
      assert.equal(isPageMessage(message), false);
    });

  it('tells host messages by their type', () => {
    assert.ok(isHostMessage({ type: 'notice', level: 'info', text: 'x' }));
    assert.ok(isHostMessage({ type: 'rows', generation: 1, start: 0, rows: [] }));
    assert.equal(isHostMessage({ type: 'ready' }), false);
    assert.equal(isHostMessage({ data: 'from another extension' }), false);
  });
});
