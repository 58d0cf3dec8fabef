import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { objectLabel, objectRefOf } from '../src/objectRef.js';

describe('objectRefOf', () => {
  it('takes a namespaced object’s apiVersion, kind, namespace and name', () => {
    const ref = objectRefOf({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
    });
    assert.deepEqual(ref, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' });
    assert.equal(objectLabel(ref!), 'Deployment shop/web');
  });

  it('leaves the namespace out for a cluster-scoped object', () => {
    const ref = objectRefOf({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', namespace: '' } });
    assert.deepEqual(ref, { apiVersion: 'v1', kind: 'Node', name: 'node-1' });
    assert.equal(objectLabel(ref!), 'Node node-1');
  });

  it('gives nothing for what has no kind or no name, whatever its shape', () => {
    for (const object of [
      undefined,
      {},
      { kind: 'Pod' },
      { kind: 'Pod', metadata: {} },
      { kind: 'Pod', metadata: { name: 42 } },
      { kind: ['Pod'], metadata: { name: 'p' } },
      { metadata: { name: 'p' } },
    ])
      assert.equal(objectRefOf(object), undefined, JSON.stringify(object));
  });
});
