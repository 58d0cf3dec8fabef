import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import { readReportObject, readReportObjects } from '../src/readers/reportObjects.js';
import { newReadContext } from '../src/readers/readContext.js';
import { readSourceText } from '../src/readers/readSource.js';
import { countBy, fixtureFolder, messages } from './readerTestHelpers.js';

const { fixtureDocs, fixtureText, readFixture, readEdited } = fixtureFolder('reports', 'variant.json');

// Every file in test/fixtures/reports, read through the dispatcher, by "type severity" of its
// findings (failures only). How each count was derived is stated in the family's test file
// (reportObjects.<family>.test.ts); the files without findings are explained here.
const EXPECTED: Record<string, Record<string, number>> = {
  'ciskubebenchreport_kind-control-plane_starboard-docs.yaml': {}, // both results PASS
  'clustercompliancereport_nsa-all_docs.yaml': {
    'compliance MEDIUM': 6,
    'compliance LOW': 2,
    'compliance HIGH': 2,
    'compliance CRITICAL': 2,
  },
  'clustercompliancereport_nsa-summary_docs.yaml': {
    'compliance MEDIUM': 6,
    'compliance LOW': 2,
    'compliance HIGH': 2,
    'compliance CRITICAL': 2,
  },
  'clusterpolicyreport_namespaces_kyverno-chainsaw.yaml': { 'policy UNKNOWN': 1 },
  'clustersbomreport_nginx-1.14.2_e2e.yaml': {}, // an inventory
  'clustervulnerabilityreport_k8s-cluster_docs.yaml': {
    'vulnerability HIGH': 4,
    'vulnerability MEDIUM': 9,
    'vulnerability LOW': 2,
  },
  'configauditreport_input_pod-my-pod.yaml': {}, // a Pod, not a report: read for its owners
  'configauditreport_pod-my-pod_envtest-expected.yaml': {
    'misconfiguration MEDIUM': 3,
    'misconfiguration LOW': 9,
    'misconfiguration HIGH': 1,
  },
  'configauditreport_replicaset-nginx_docs.yaml': {
    'misconfiguration LOW': 1,
    'misconfiguration CRITICAL': 1,
  },
  'exposedsecretreport_replicaset-app_docs.yaml': { 'secret HIGH': 2 },
  'infraassessmentreport_pod-kube-apiserver_docs.yaml': { 'infra LOW': 10, 'infra MEDIUM': 1 },
  'policyreport_cis-k8s_wgpolicy-sample.yaml': { 'policy UNKNOWN': 3 },
  'policyreport_pod-kube-apiserver_kyverno-docs.yaml': { 'policy MEDIUM': 1 },
  'policyreportlist_vap-deployments_kyverno-docs.yaml': { 'policy UNKNOWN': 1 },
  'rbacassessmentreport_role-name-hash_docs.yaml': { 'rbac CRITICAL': 1 },
  'rbacassessmentreport_role-proxy_envtest-expected.yaml': { 'rbac MEDIUM': 1 },
  'sbomreport_pod-kube-apiserver_docs.yaml': {}, // an inventory
  'vulnerabilityreport_replicaset-coredns_envtest.yaml': { 'vulnerability HIGH': 1 },
  'vulnerabilityreport_replicaset-nginx_docs.yaml': { 'vulnerability CRITICAL': 2 },
  'vulnerabilityreportlist_real-cluster_trivy-0.31.3.json': {
    'vulnerability CRITICAL': 40,
    'vulnerability HIGH': 86,
    'vulnerability LOW': 170,
    'vulnerability MEDIUM': 99,
    'vulnerability UNKNOWN': 3,
  },
  'clusterpolicyreport_clusterrole_polr-adapter-rbac.yaml': {}, // both results pass
  'clusterpolicyreport_node_polr-adapter-kubebench.yaml': { 'infra UNKNOWN': 1 },
  'clusterpolicyreport_nsa_polr-adapter-compliance.yaml': { 'compliance MEDIUM': 1, 'compliance LOW': 1 },
  'policyreport_pod-kube-apiserver_polr-adapter-infra.yaml': { 'infra LOW': 1 },
  'policyreport_pod-zipkin_wg-trivy-adapter.yaml': {
    'vulnerability HIGH': 7,
    'vulnerability MEDIUM': 4,
    'vulnerability LOW': 2,
    'vulnerability UNKNOWN': 1,
  },
  'policyreport_replicaset-nginx_polr-adapter-configaudit.yaml': {}, // its one result passed
  'policyreport_replicaset-nginx_polr-adapter-vulnerability.yaml': { 'vulnerability MEDIUM': 1 },
  'policyreport_role-leaderelection_polr-adapter-rbac.yaml': { 'rbac HIGH': 1 },
  'vulnerabilityreportlist_pod-zipkin_wg-trivy-adapter.yaml': {
    'vulnerability HIGH': 7,
    'vulnerability MEDIUM': 4,
    'vulnerability LOW': 2,
    'vulnerability UNKNOWN': 1,
  },
};

const NGINX = 'vulnerabilityreport_replicaset-nginx_docs.yaml';

describe('report objects: every fixture', () => {
  it('covers every file in test/fixtures/reports', () => {
    const files = readdirSync(new URL('../../test/fixtures/reports/', import.meta.url)).sort();
    assert.deepEqual(files, Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`reads ${name}`, () => {
      const read = readFixture(name);
      assert.equal(read.format, 'report-object');
      assert.deepEqual(
        countBy(read.findings, (f) => `${f.type} ${f.severity}`),
        expected,
      );
      assert.deepEqual(messages(read), []);
    });
  }

  it('reads a multi-document YAML file of different kinds', () => {
    const text = [
      NGINX,
      'exposedsecretreport_replicaset-app_docs.yaml',
      'sbomreport_pod-kube-apiserver_docs.yaml',
    ]
      .map((n) => fixtureText(n))
      .join('\n---\n');
    const read = readSourceText(text, 'several.yaml');
    assert.deepEqual(messages(read), []);
    assert.deepEqual(
      countBy(read.findings, (f) => f.type),
      { vulnerability: 2, secret: 2 },
    );
  });
});

describe('report objects: lists and kinds', () => {
  it('reads one object at a time for the cluster store, and a kubectl List by its items', () => {
    const [doc] = fixtureDocs(NGINX);
    const ctx = newReadContext('cluster/context');
    assert.equal(readReportObject(doc, ctx).length, 2);
    assert.equal(readReportObject({ apiVersion: 'v1', kind: 'List', items: [doc, doc] }, ctx).length, 4);
    // `kubectl get vulns -o json` through the typed client names the list kind.
    const typed = {
      apiVersion: 'aquasecurity.github.io/v1alpha1',
      kind: 'VulnerabilityReportList',
      items: [doc],
    };
    assert.equal(readReportObjects([typed, doc], ctx).length, 4);
    assert.deepEqual(ctx.problems, []);
  });

  it('names the list item that is not an object, and a List whose items are not a list', () => {
    const [doc] = fixtureDocs(NGINX);
    const read = readEdited({
      apiVersion: 'v1',
      kind: 'List',
      items: [doc, 42, { kind: 'List', apiVersion: 'v1', items: {} }],
    });
    assert.equal(read.findings.length, 2);
    assert.deepEqual(messages(read), [
      'warning: List items[1]: not a Kubernetes object: number',
      'warning: List: "items" is not a list; nothing read',
    ]);
  });

  it('warns about kinds it does not read, and about a known kind at a version it does not know', () => {
    const [doc] = fixtureDocs(NGINX);
    doc.apiVersion = 'aquasecurity.github.io/v1alpha2';
    const ctx = newReadContext('x.yaml');
    readReportObject(doc, ctx);
    readReportObject(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' } },
      ctx,
    );
    // A workload is not warned about: it is kept for its owners (offline workload identity).
    readReportObject(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } },
      ctx,
    );
    readReportObject(
      { apiVersion: 'example.com/v1', kind: 'PolicyReport', metadata: { name: 'other' } },
      ctx,
    );
    readReportObject({ kind: 'PolicyReport' }, ctx);
    assert.deepEqual(
      ctx.problems.map((p) => [p.level, p.message, p.source]),
      [
        [
          'warning',
          'VulnerabilityReport default/replicaset-nginx-6d4cf56db6-nginx: aquasecurity.github.io version v1alpha2 is not one we read (we read v1alpha1)',
          'x.yaml',
        ],
        ['warning', 'not a report kind we read: v1/Service (Service shop/web)', 'x.yaml'],
        ['warning', 'not a report kind we read: example.com/v1/PolicyReport (PolicyReport other)', 'x.yaml'],
        ['warning', 'not a Kubernetes object: no apiVersion and kind', 'x.yaml'],
      ],
    );
    assert.deepEqual(ctx.objects, [
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web', ownerReferences: [] },
    ]);
  });

  it('warns about a trivy-operator report without its report section', () => {
    const [doc] = fixtureDocs('configauditreport_replicaset-nginx_docs.yaml');
    delete doc.report;
    const read = readEdited(doc);
    assert.deepEqual(messages(read), [
      'warning: ConfigAuditReport default/replicaset-nginx-6d4cf56db6: report: missing; nothing read',
    ]);
  });

  it('reads SBOM reports as inventories: no findings and no problem', () => {
    const read = readFixture('sbomreport_pod-kube-apiserver_docs.yaml', { includePassed: true });
    assert.deepEqual([read.findings.length, read.problems.length], [0, 0]);
  });
});

describe('report objects: memory kept by the cluster store', () => {
  it('keeps the findings of the real List under 0.6x its JSON bytes, even with no text shared between reads', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const text = fixtureText('vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
    const rounds = 20;
    const kept: unknown[] = [];
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < rounds; i++) {
      // Each read has a fresh string pool of its own (none is passed): the worst case, where no
      // report repeats another's texts.
      kept.push(readReportObject(JSON.parse(text), newReadContext('cluster')));
    }
    gc();
    const ratio = (process.memoryUsage().heapUsed - before) / (Buffer.byteLength(text) * rounds);
    assert.equal(kept.length, rounds);
    assert.ok(ratio < 0.6, `findings take ${ratio.toFixed(2)}x the raw JSON`);
  });
});

describe('report objects: reshaped input', () => {
  // The reader catches a throw per report and turns it into an error problem so one bad report
  // cannot stop the store; this property makes sure that net is never needed.
  const docs = Object.keys(EXPECTED)
    .filter((n) => !n.startsWith('clustersbom') && !n.startsWith('vulnerabilityreportlist'))
    .flatMap((n) => fixtureDocs(n));
  const anyValue = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant([]),
    fc.constant({}),
    fc.array(fc.string(), { maxLength: 3 }),
  );

  it('never throws inside a family reader, whatever value replaces any field', () => {
    fc.assert(
      fc.property(
        fc.nat(docs.length - 1),
        fc.nat(),
        anyValue,
        fc.boolean(),
        (d, pick, value, includePassed) => {
          const doc = structuredClone(docs[d]) as Record<string, unknown>;
          const paths: (string | number)[][] = [];
          const walk = (v: unknown, path: (string | number)[]) => {
            paths.push(path);
            if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
          };
          walk(doc, []);
          const path = paths[1 + (pick % (paths.length - 1))]!;
          let parent = doc as Record<string | number, unknown>;
          for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
          parent[path[path.length - 1]!] = value;
          const ctx = newReadContext('fuzz', { includePassed });
          const findings = readReportObject(doc, ctx);
          assert.deepEqual(
            ctx.problems.filter((p) => p.level === 'error'),
            [],
          );
          for (const f of findings)
            assert.ok(typeof f.id === 'string' && f.id !== '' && typeof f.title === 'string');
        },
      ),
      { numRuns: 400 },
    );
  });
});
