import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countBy, fixtureFolder, messages } from './readerTestHelpers.js';

const { fixtureText, readFixture } = fixtureFolder('reports', 'variant.json');

const NAME = 'exposedsecretreport_replicaset-app_docs.yaml';

describe('ExposedSecretReport objects', () => {
  it('reads each exposed secret as a finding on the container', () => {
    const read = readFixture(NAME);
    // python3 -c "import yaml; d=yaml.safe_load(open(F)); print([(s['ruleID'], s['severity']) for s in d['report']['secrets']])"
    //   → [('stripe-access-token', 'HIGH'), ('stripe-access-token', 'HIGH')]
    assert.deepEqual(messages(read), []);
    assert.deepEqual(
      countBy(read.findings, (f) => `${f.type} ${f.severity}`),
      { 'secret HIGH': 2 },
    );
    const [a, b] = read.findings;
    assert.equal(a?.id, 'stripe-access-token');
    assert.equal(a?.title, 'Stripe');
    assert.equal(a?.category, 'Stripe');
    assert.equal(a?.target, '/app/config/secret.yaml');
    assert.deepEqual(a?.resource, {
      kind: 'ReplicaSet',
      name: 'app-67b77f5965',
      namespace: 'default',
      container: 'app',
      apiVersion: 'apps/v1',
    });
    assert.deepEqual(a?.artifact, {
      registry: 'index.docker.io',
      repository: 'myimagewithsecret',
      tag: 'v1.2.3',
    });
    assert.equal(a?.resource, b?.resource);
    assert.equal(a?.artifact, b?.artifact);
  });

  it('keeps the matches masked exactly as the scanner wrote them', () => {
    const read = readFixture(NAME);
    assert.deepEqual(
      read.findings.map((f) => f.match),
      ['publishable_key: *****', 'secret_key: *****'],
    );
    // Nothing unmasked can come out of this file: every match in it is masked.
    assert.ok(read.findings.every((f) => fixtureText(NAME).includes(`match: '${f.match}'`)));
  });
});
