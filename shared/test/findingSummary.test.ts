import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { ReportStore } from '../src/cluster/reportStore.js';
import { REPORT_KINDS } from '../src/model/reportKinds.js';
import type { KubeObject } from '../src/ports/clusterSource.js';
import { readSourceText } from '../src/readers/readSource.js';
import { readReportObject } from '../src/readers/reportObjects.js';
import { summarizeFindings } from '../src/summary/findingSummary.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url);
const text = (path: string): string => readFileSync(new URL(path, fixtures), 'utf8');

// Counts of the real 2022 list, from
// `jq '.items[] | [.report.vulnerabilities[].severity] | group_by(.) | map({(.[0]): length}) | add'`.
const RS_NGINX = { CRITICAL: 40, HIGH: 86, MEDIUM: 63, LOW: 118, UNKNOWN: 3 };
const POD_TT_REG = { CRITICAL: 0, HIGH: 0, MEDIUM: 36, LOW: 52, UNKNOWN: 0 };
const LIST = 'reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json';

/** What survives a trip to a webview: `postMessage` and `JSON.stringify` keep plain data only. */
const overTheWire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

/** Every report object of the fixtures, one by one, as a cluster would serve them. */
function fixtureReports(): KubeObject[] {
  const out: KubeObject[] = [];
  for (const name of readdirSync(new URL('reports/', fixtures))) {
    const raw = text(`reports/${name}`);
    const docs = name.endsWith('.json')
      ? [JSON.parse(raw) as KubeObject]
      : parseAllDocuments(raw).map((d) => d.toJS() as KubeObject);
    for (const d of docs) {
      const items = (d as { items?: KubeObject[] }).items;
      for (const o of items ?? [d]) if (REPORT_KINDS.some((k) => k.kind === o.kind)) out.push(o);
    }
  }
  return out;
}

function loadedStore(): ReportStore {
  const store = new ReportStore({ read: readReportObject });
  const objects = fixtureReports();
  for (const kind of REPORT_KINDS) {
    const mine = objects.filter((o) => o.kind === kind.kind);
    if (mine.length > 0) store.apply({ kind }, { type: 'synced', objects: mine, first: true });
  }
  return store;
}

describe('summarizeFindings', () => {
  it('counts a real cluster list by severity, kind, namespace and workload, as plain data', () => {
    const read = readSourceText(text(LIST), LIST);
    const s = summarizeFindings(read.findings);
    assert.equal(s.findings, 88 + 310);
    assert.deepEqual(s.counts, { CRITICAL: 40, HIGH: 86, MEDIUM: 99, LOW: 170, UNKNOWN: 3 });
    assert.equal(s.total, 398);
    assert.deepEqual(
      s.byWorkload.map((w) => [w.key, w.workload.inferred, w.counts]),
      [
        // The ReplicaSet is lifted to its Deployment by name, and marked inferred.
        ['Deployment/default/nginx-deployment', true, RS_NGINX],
        ['Pod/default/tt-reg', false, POD_TT_REG],
      ],
    );
    assert.deepEqual(s.byKind, [{ key: 'VulnerabilityReport', counts: s.counts, total: 398 }]);
    assert.deepEqual(s.byType, [{ key: 'vulnerability', counts: s.counts, total: 398 }]);
    assert.deepEqual(s.byNamespace, [{ key: 'default', counts: s.counts, total: 398 }]);
    assert.deepEqual(overTheWire(s), s);
  });

  it('keys local scans by format, leaves findings about no object out of the workload rows, and counts only what counts', () => {
    const image = readSourceText(text('trivy/image_alpine-3.10_trivy-json.json'), 'image.json').findings;
    const suppressed = image.map((f, i) => (i === 0 ? { ...f, suppressed: true } : f));
    const s = summarizeFindings(suppressed);
    assert.equal(s.findings, image.length);
    assert.equal(s.total, image.length - 1, 'a suppressed finding is listed, not counted');
    assert.deepEqual(
      s.byKind.map((r) => r.key),
      ['trivy-json'],
    );
    assert.deepEqual(s.byWorkload, []);
    assert.deepEqual(s.byNamespace, []);
  });

  it('takes the workload a store resolved over the one names suggest', () => {
    const [f] = readSourceText(text(LIST), LIST).findings.filter((x) => x.resource?.kind === 'ReplicaSet');
    const s = summarizeFindings([
      {
        finding: f!,
        workload: { kind: 'Deployment', namespace: 'default', name: 'nginx', inferred: false },
      },
    ]);
    assert.deepEqual(
      s.byWorkload.map((w) => w.key),
      ['Deployment/default/nginx'],
    );
  });
});

describe('ReportIndex in plain form', () => {
  it('summarises the store from its tallies exactly as summarizeFindings counts its findings', () => {
    const store = loadedStore();
    assert.ok(store.size >= 15, `${store.size} fixture reports`);
    const all = store.summary();
    assert.deepEqual(all, summarizeFindings(store.findingsWithWorkloads()));
    assert.ok(all.byKind.length >= 8);
    assert.deepEqual(overTheWire(all), all);
    const inDefault = store.summary('default');
    assert.deepEqual(
      inDefault,
      summarizeFindings([...store.findingsWithWorkloads()].filter((x) => x.workload.namespace === 'default')),
    );
    assert.ok(inDefault.total < all.total);
  });

  it('lists workloads and namespaces as data a webview receives whole', () => {
    const store = loadedStore();
    const workloads = store.workloads();
    const namespaces = store.namespaces();
    assert.deepEqual(overTheWire(workloads), workloads);
    assert.deepEqual(overTheWire(namespaces), namespaces);
    const nginx = workloads.find((w) => w.key === 'ReplicaSet/default/nginx-deployment-559d658b74');
    assert.deepEqual(nginx?.countsByKind, { VulnerabilityReport: RS_NGINX });
  });
});
