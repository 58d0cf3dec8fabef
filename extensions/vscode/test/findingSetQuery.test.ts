// The finding-set URI the viewer opens cluster findings by: what a CodeLens or a tree row writes is
// read back unchanged, and anything else (a hand-made link, a restored tab of another version) is
// refused without throwing.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  findingSetUriParts,
  parseFindingSetQuery,
  type FindingSetQuery,
} from '../src/findingSets/findingSetQuery.js';

describe('finding set URIs', () => {
  it('round-trips an image line and a namespace with a preset filter', () => {
    const image: FindingSetQuery = {
      context: 'kind-dev',
      scope: {
        kind: 'image',
        image: 'docker.io/library/nginx:1.16',
        document: 'file:///w/k8s/a.yaml',
        line: 21,
      },
    };
    const parts = findingSetUriParts(image);
    // The tab shows the last path segment: the image, its slashes made harmless.
    assert.equal(parts.path, '/kind-dev/docker.io∕library∕nginx:1.16');
    assert.deepEqual(parseFindingSetQuery(parts.query), image);
    const ns: FindingSetQuery = {
      context: 'kind-dev',
      scope: { kind: 'namespace', namespace: 'payments' },
      filter: { upgrade: 'fix:openssl\u00001.1.1k\u0000\u0000', workload: 'Deployment/payments/web' },
    };
    assert.deepEqual(parseFindingSetQuery(findingSetUriParts(ns).query), ns);
  });

  it('refuses anything else, never throwing', () => {
    for (const query of [
      '',
      '{',
      'null',
      '[]',
      '{"context":"kind-dev"}',
      '{"context":"","scope":{"kind":"namespace","namespace":"a"}}',
      '{"context":"c","scope":{"kind":"file","path":"/etc/passwd"}}',
      '{"context":"c","scope":{"kind":"image","image":"x","document":"d","line":-1}}',
      '{"context":"c","scope":{"kind":"image","image":"x","document":"d","line":1.5}}',
      '{"context":"c","scope":{"kind":"namespace","namespace":"a"},"filter":{"upgrade":3}}',
      `{"context":"${'c'.repeat(5000)}","scope":{"kind":"namespace","namespace":"a"}}`,
    ])
      assert.equal(parseFindingSetQuery(query), undefined, query.slice(0, 80));
  });
});
