// The extension's one filter (`src/filters/`): what the settings hold, what it shows of real
// findings, the views' description, and the Cluster view's rows and counts through the filtered
// store — built by the real tree model from a real store fed the real reports of a cluster.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ReportStore } from '@trivy-findings/core/cluster/reportStore.js';
import { readTrivyIgnore } from '@trivy-findings/core/ignore/trivyIgnore.js';
import { createIgnoreMatcher } from '@trivy-findings/core/ignore/trivyIgnoreMatcher.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { countsTowardTotals } from '@trivy-findings/core/model/findingFilter.js';
import { reportKindByName } from '@trivy-findings/core/model/reportKinds.js';
import { SEVERITIES } from '@trivy-findings/core/model/severity.js';
import type { KubeObject } from '@trivy-findings/core/ports/clusterSource.js';
import { readSourceText } from '@trivy-findings/core/readers/readSource.js';
import { filteredClusterStore } from '../src/filters/filteredClusterStore.js';
import {
  filtersDescription,
  filtersFromSettings,
  findingPredicate,
  HIGH_AND_CRITICAL_FIXABLE,
  isFiltering,
  NO_FILTERS,
} from '../src/filters/findingFilters.js';
import {
  clusterChildren,
  labelOf,
  type ClusterNode,
  type ClusterTreeSource,
} from '../src/views/clusterTreeModel.js';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const REAL_LIST = 'vulnerabilityreportlist_real-cluster_trivy-0.31.3.json';

/** The real list's reports, one object each, plus the docs' ConfigAuditReport. */
async function realStore(): Promise<ReportStore> {
  const list = JSON.parse(readFileSync(join(FIXTURES, 'reports', REAL_LIST), 'utf8')) as {
    items: KubeObject[];
  };
  const audit = parse(
    readFileSync(join(FIXTURES, 'reports', 'configauditreport_replicaset-nginx_docs.yaml'), 'utf8'),
  ) as KubeObject;
  const store = new ReportStore({ batchMs: 1 });
  const vulns = list.items.map((o) => ({ ...o, kind: 'VulnerabilityReport' }));
  store.apply(
    { kind: reportKindByName('VulnerabilityReport')! },
    { type: 'synced', objects: vulns, first: true },
  );
  store.apply(
    { kind: reportKindByName('ConfigAuditReport')! },
    { type: 'synced', objects: [audit], first: true },
  );
  await store.whenIdle();
  return store;
}

/** The real `trivy image alpine:3.10` output: vulnerabilities of a file, from no report object. */
function scanFindings(): Finding[] {
  const path = join(FIXTURES, 'trivy', 'image_alpine-3.10_trivy-json.json');
  return readSourceText(readFileSync(path, 'utf8'), path).findings;
}

/** A real cluster's VulnerabilityReports saved with kubectl: HIGH and CRITICAL, fixed and not. */
function savedReportFindings(): Finding[] {
  const path = join(FIXTURES, 'reports', REAL_LIST);
  return readSourceText(readFileSync(path, 'utf8'), path).findings;
}

/** Every finding row under a root row, depth first, as the Cluster view would expand it. */
function findingRowsUnder(row: ClusterNode, source: ClusterTreeSource): ClusterNode[] {
  const children = clusterChildren(row, source);
  return children.flatMap((c) => (c.type === 'finding' ? [c] : findingRowsUnder(c, source)));
}

describe('finding filters', () => {
  it('reads the settings: every severity by default, junk ignored, never "no severity"', () => {
    assert.deepEqual(filtersFromSettings({}), NO_FILTERS);
    assert.deepEqual(filtersFromSettings({ severities: ['high', 'CRITICAL', 'bogus', 3] }).severities, [
      'CRITICAL',
      'HIGH',
    ]);
    assert.deepEqual(filtersFromSettings({ severities: [] }).severities, SEVERITIES);
    assert.deepEqual(filtersFromSettings({ severities: 'HIGH' }).severities, SEVERITIES);
    const odd = filtersFromSettings({
      ignoreUnfixed: 'yes',
      showSuppressed: 1,
      namespaces: ['b', ' a ', 'b', ''],
    });
    assert.equal(odd.ignoreUnfixed, false);
    assert.equal(odd.showSuppressed, false);
    assert.deepEqual(odd.namespaces, ['a', 'b']);
  });

  it('describes what is filtered for the views, and nothing when nothing is', () => {
    assert.equal(filtersDescription(NO_FILTERS), '');
    assert.equal(isFiltering(NO_FILTERS), false);
    assert.equal(filtersDescription(HIGH_AND_CRITICAL_FIXABLE), 'filtered: HIGH+, fixable');
    assert.equal(isFiltering(HIGH_AND_CRITICAL_FIXABLE), true);
    assert.equal(filtersDescription({ ...NO_FILTERS, severities: ['CRITICAL'] }), 'filtered: CRITICAL');
    assert.equal(
      filtersDescription({ ...NO_FILTERS, severities: ['CRITICAL', 'LOW'] }),
      'filtered: CRITICAL, LOW',
    );
    assert.equal(filtersDescription({ ...NO_FILTERS, showSuppressed: true }), 'suppressed shown');
    assert.equal(
      filtersDescription({ ...HIGH_AND_CRITICAL_FIXABLE, namespaces: ['a', 'b', 'c'], showSuppressed: true }),
      'filtered: HIGH+, fixable, 3 namespaces; suppressed shown',
    );
  });

  it('shows of real reports exactly the HIGH and CRITICAL vulnerabilities that have a fix', () => {
    const findings = savedReportFindings();
    const shows = findingPredicate(HIGH_AND_CRITICAL_FIXABLE);
    const expected = findings.filter(
      (f) => (f.severity === 'HIGH' || f.severity === 'CRITICAL') && f.package?.fixedVersion && !f.suppressed,
    );
    assert.ok(expected.length > 0 && expected.length < findings.length);
    assert.deepEqual(findings.filter(shows), expected);
    assert.equal(expected.length, 92, '39 CRITICAL and 53 HIGH with a fixed version, counted with jq');
  });

  it("judges a scan's findings, which come from no report object, without namespaces and kinds", () => {
    const findings = scanFindings();
    assert.ok(findings.length > 0);
    const byCluster = findingPredicate({
      ...NO_FILTERS,
      namespaces: ['default'],
      kinds: ['VulnerabilityReport'],
    });
    assert.equal(findings.filter(byCluster).length, findings.filter(findingPredicate(NO_FILTERS)).length);
  });

  it('hides suppressed findings unless asked, and then shows them too', () => {
    const [first] = scanFindings();
    const suppressed: Finding = { ...first!, suppressed: true };
    assert.equal(findingPredicate(NO_FILTERS)(suppressed), false);
    assert.equal(findingPredicate({ ...NO_FILTERS, showSuppressed: true })(suppressed), true);
  });
});

describe('the Cluster view through the filters', () => {
  const connected = (store: ClusterTreeSource['store']): ClusterTreeSource => ({
    connection: { phase: 'connected', context: 'kind-dev' },
    store,
  });

  it('counts and lists only HIGH and CRITICAL fixable findings, and all of them again when cleared', async () => {
    const store = await realStore();
    const unfiltered = connected(filteredClusterStore(store, NO_FILTERS));
    const filtered = connected(filteredClusterStore(store, HIGH_AND_CRITICAL_FIXABLE));
    // Unfiltered: the store's own tallies.
    assert.deepEqual(unfiltered.store!.countsFor(), store.countsFor());
    const nsBefore = clusterChildren(undefined, unfiltered).find((r) => r.id === 'ns/default')!;
    assert.equal(nsBefore.type, 'namespace');
    assert.ok(nsBefore.type === 'namespace' && nsBefore.counts.LOW > 0);

    // Counted in the real list with jq: the nginx ReplicaSet has 39 CRITICAL and 53 HIGH with a
    // fixed version; the tt-reg pod none. The ConfigAuditReport's checks have no fix to judge.
    const counts = filtered.store!.countsFor();
    assert.equal(counts.MEDIUM + counts.LOW + counts.UNKNOWN, 0);
    const vulnCounts = filtered.store!.countsFor({ kind: 'VulnerabilityReport' });
    assert.deepEqual(vulnCounts, { CRITICAL: 39, HIGH: 53, MEDIUM: 0, LOW: 0, UNKNOWN: 0 });
    const ns = clusterChildren(undefined, filtered).find((r) => r.id === 'ns/default')!;
    assert.ok(ns.type === 'namespace');
    assert.deepEqual(ns.counts, counts);

    // The rows a person expands hold exactly what the counts say.
    const rows = findingRowsUnder(ns, filtered);
    const vulnRows = rows.filter((r) => r.type === 'finding' && r.finding.type === 'vulnerability');
    assert.equal(vulnRows.length, 92);
    for (const r of rows) {
      assert.ok(r.type === 'finding');
      assert.ok(r.finding.severity === 'CRITICAL' || r.finding.severity === 'HIGH', labelOf(r));
      if (r.finding.type === 'vulnerability') assert.ok(r.finding.package?.fixedVersion, labelOf(r));
    }
    const workloads = clusterChildren(ns, filtered);
    for (const w of workloads) {
      assert.ok(w.type === 'workload');
      assert.deepEqual(w.counts, filtered.store!.countsFor({ workload: w.id.slice('wl/'.length) }));
    }

    // Cleared: the same store shows everything again, nothing was fetched or lost.
    const again = clusterChildren(undefined, connected(filteredClusterStore(store, NO_FILTERS)));
    assert.deepEqual(
      again.map((r) => (r.type === 'namespace' ? r.counts : r.id)),
      clusterChildren(undefined, unfiltered).map((r) => (r.type === 'namespace' ? r.counts : r.id)),
    );
    assert.equal(
      findingRowsUnder(
        again.find((r) => r.id === 'ns/default')!,
        connected(store),
      ).length > 92,
      true,
    );
  });

  it("leaves out what the workspace's ignore file suppresses, and shows it marked when suppressed are shown", async () => {
    const store = await realStore();
    const all = [...store.findings()];
    // One CRITICAL CVE of the real list, in however many packages and workloads it occurs.
    const id = all.find((f) => f.type === 'vulnerability' && f.severity === 'CRITICAL')!.id;
    const carriers = all.filter((f) => f.id === id).length;
    const ignore = createIgnoreMatcher(
      readTrivyIgnore(`vulnerabilities:\n  - id: ${id}\n    statement: accepted\n`, '.trivyignore.yaml')
        .value,
      new Date('2024-01-01T00:00:00Z'),
      '.trivyignore.yaml',
    );
    // What counts once the entry applies: every counted CRITICAL but that CVE's.
    const critical = (fs: readonly Finding[]) =>
      fs.filter((f) => countsTowardTotals(f) && f.severity === 'CRITICAL').length;
    const expected = critical(all.filter((f) => f.id !== id));
    assert.ok(expected < critical(all));
    const hidden = connected(filteredClusterStore(store, NO_FILTERS, ignore));
    assert.equal(hidden.store!.countsFor().CRITICAL, expected);
    const ns = clusterChildren(undefined, hidden).find((r) => r.id === 'ns/default')!;
    assert.ok(!findingRowsUnder(ns, hidden).some((r) => r.type === 'finding' && r.finding.id === id));
    // Shown: listed with the entry that suppresses them, and still not counted.
    const shown = connected(filteredClusterStore(store, { ...NO_FILTERS, showSuppressed: true }, ignore));
    assert.equal(shown.store!.countsFor().CRITICAL, expected);
    const rows = findingRowsUnder(
      clusterChildren(undefined, shown).find((r) => r.id === 'ns/default')!,
      shown,
    )
      .filter((r) => r.type === 'finding' && r.finding.id === id)
      .map((r) => (r.type === 'finding' ? r.finding : undefined)!);
    assert.equal(rows.length, carriers);
    assert.ok(rows.every((f) => f.suppressed && f.suppression?.statement === 'accepted'));
  });

  it('keeps only the report kinds and namespaces chosen', async () => {
    const store = await realStore();
    const audits = connected(filteredClusterStore(store, { ...NO_FILTERS, kinds: ['ConfigAuditReport'] }));
    const ns = clusterChildren(undefined, audits).find((r) => r.id === 'ns/default')!;
    const rows = findingRowsUnder(ns, audits);
    assert.ok(rows.length > 0);
    for (const r of rows)
      assert.ok(r.type === 'finding' && r.finding.origin.report?.kind === 'ConfigAuditReport');
    assert.equal(audits.store!.countsFor({ kind: 'VulnerabilityReport' }).LOW, 0);
    // Only the ConfigAuditReport's workload is left.
    assert.deepEqual(
      clusterChildren(ns, audits).map(labelOf),
      clusterChildren(ns, connected(store))
        .filter(
          (w) =>
            w.type === 'workload' &&
            store.reportsForWorkload(w.id.slice(3)).some((r) => r.kind.kind === 'ConfigAuditReport'),
        )
        .map(labelOf),
    );

    const elsewhere = connected(filteredClusterStore(store, { ...NO_FILTERS, namespaces: ['kube-system'] }));
    assert.deepEqual(
      clusterChildren(undefined, elsewhere).filter((r) => r.type === 'namespace'),
      [],
    );
    assert.deepEqual(elsewhere.store!.countsFor(), { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 });
  });
});
