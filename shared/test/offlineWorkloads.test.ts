import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { offlineWorkloads } from '../src/workloads/offlineWorkloads.js';
import { readSourceText } from '../src/readers/readSource.js';
import { fixtureFolder, messages } from './readerTestHelpers.js';

const { fixtureDocs, readFixture } = fixtureFolder('reports', 'variant.json');

// reports/vulnerabilityreport_replicaset-nginx_docs.yaml and configauditreport_replicaset-nginx_docs.yaml:
// both about ReplicaSet default/nginx-6d4cf56db6 (labels trivy-operator.resource.*), 2 and 2 findings.
const VULNS = 'vulnerabilityreport_replicaset-nginx_docs.yaml';
const AUDIT = 'configauditreport_replicaset-nginx_docs.yaml';
// The wg trivy-adapter PolicyReport: owner Pod default/zipkin-6b59cc5ddb-bp9h8, 14 findings.
const ZIPKIN = 'policyreport_pod-zipkin_wg-trivy-adapter.yaml';

/** A ReplicaSet as `kubectl get rs -o yaml` prints it (apps/v1 ObjectMeta): only what owners need. */
function replicaSet(name: string, owner: { apiVersion: string; kind: string; name: string }) {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: 'nginx', 'pod-template-hash': '6d4cf56db6' },
      ownerReferences: [{ ...owner, uid: 'f0e1d2c3', controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: 1 },
  };
}

const read = (doc: unknown, path: string) => readSourceText(JSON.stringify(doc), path);

describe('offline workloads', () => {
  it('infers the Deployment of a saved ReplicaSet report from its name, marked inferred, as the cluster does', () => {
    const vulns = readFixture(VULNS);
    const w = offlineWorkloads([vulns]);
    for (const f of vulns.findings)
      assert.deepEqual(w.workloadOf(f), {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'default',
        name: 'nginx',
        inferred: true,
      });
  });

  it('takes the owner from a ReplicaSet object in another input, over what the name suggests', () => {
    // The owner reference is the truth: here an Argo Rollout, which the name alone would call a Deployment.
    const rs = read(
      replicaSet('nginx-6d4cf56db6', {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        name: 'nginx-canary',
      }),
      'rs.json',
    );
    assert.deepEqual(
      messages(rs),
      [],
      'a workload object among reports is read for its owners, not warned about',
    );
    assert.equal(rs.objects?.length, 1);
    const vulns = readFixture(VULNS);
    const w = offlineWorkloads([vulns, rs]);
    assert.deepEqual(w.workloadOf(vulns.findings[0]!), {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      namespace: 'default',
      name: 'nginx-canary',
      inferred: false,
    });
  });

  it('reads the owners of a `kubectl get rs,vulns -o yaml` List, in the same file as the reports', () => {
    const [report] = fixtureDocs(VULNS);
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        replicaSet('nginx-6d4cf56db6', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }),
        report,
      ],
    };
    const both = read(list, 'list.json');
    assert.deepEqual(messages(both), []);
    assert.equal(both.findings.length, 2);
    const w = offlineWorkloads([both]).workloadOf(both.findings[0]!);
    assert.deepEqual(w, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'default',
      name: 'nginx',
      inferred: false,
    });
  });

  it('lifts a Pod to the Deployment of its ReplicaSet by names, in two hops', () => {
    const zipkin = readFixture(ZIPKIN);
    const w = offlineWorkloads([zipkin]);
    assert.deepEqual(w.workloadOf(zipkin.findings[0]!), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'default',
      name: 'zipkin',
      inferred: true,
    });
  });

  it('gives every finding about one workload the same object, across reports and files', () => {
    const vulns = readFixture(VULNS);
    const audit = readFixture(AUDIT);
    const zipkin = readFixture(ZIPKIN);
    const w = offlineWorkloads([vulns, audit, zipkin]);
    const nginx = new Set([...vulns.findings, ...audit.findings].map((f) => w.workloadOf(f)));
    assert.equal(nginx.size, 1);
    assert.equal(new Set(zipkin.findings.map((f) => w.workloadOf(f))).size, 1);
    // Copies that keep the resource (a suppressed or merged finding) answer too.
    assert.equal(w.workloadOf({ ...vulns.findings[0]!, suppressed: true }), [...nginx][0]);
  });

  it('gives no workload to findings about no Kubernetes object', () => {
    const image = readSourceText(
      JSON.stringify(fixtureFolder('trivy', 'x.json').fixtureJson('image_alpine-3.10_trivy-json.json')),
      'image.json',
    );
    const w = offlineWorkloads([image]);
    assert.ok(image.findings.length > 0);
    assert.ok(image.findings.every((f) => w.workloadOf(f) === undefined));
  });

  it('stops at a reference cycle instead of looping', () => {
    // Two ReplicaSets that name each other controller: no real cluster has them, a file may.
    const a = replicaSet('nginx-6d4cf56db6', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'other-7c5dd8b8f4',
    });
    const b = replicaSet('other-7c5dd8b8f4', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'nginx-6d4cf56db6',
    });
    const objects = read({ apiVersion: 'v1', kind: 'List', items: [a, b] }, 'cycle.json');
    const vulns = readFixture(VULNS);
    const w = offlineWorkloads([vulns, objects]).workloadOf(vulns.findings[0]!);
    assert.equal(w?.kind, 'ReplicaSet');
    assert.equal(w?.inferred, false);
  });
});
