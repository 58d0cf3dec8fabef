import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkRows, DEFAULT_CHECK_QUERY } from '../src/panels/checkRows.js';
import { pageGroups, pageOf } from '../src/panels/rowPages.js';
import { nextSort } from '../src/panels/rowSort.js';
import { safeUrl } from '../src/panels/safeUrl.js';
import { DEFAULT_SECRET_QUERY, secretRows } from '../src/panels/secretRows.js';
import { DEFAULT_VULNERABILITY_QUERY, vulnerabilityGroups } from '../src/panels/vulnerabilityRows.js';
import { editedFixtureFindings, fixtureFindings } from './panelFixtures.js';

// A real cluster's list (trivy-operator 0.31.3): a Pod `tt-reg` and a ReplicaSet of nginx.
const realCluster = fixtureFindings('vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');

describe('vulnerability rows', () => {
  it('are grouped per container image, the most severe image first, with its containers', () => {
    const groups = vulnerabilityGroups(realCluster, DEFAULT_VULNERABILITY_QUERY);
    assert.deepEqual(
      groups.map((g) => [g.image, g.containers, g.rows.length]),
      [
        ['library/nginx:1.16.1', ['nginx'], 310],
        ['josedonizetti/trivy:secrettest', ['test'], 88],
      ],
    );
  });

  it('are sorted most severe first by default, and by any column on request', () => {
    const [nginx] = vulnerabilityGroups(realCluster, DEFAULT_VULNERABILITY_QUERY);
    const ranks = nginx!.rows.map((r) =>
      ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].indexOf(r.severity),
    );
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => b - a),
    );
    const byPackage = vulnerabilityGroups(realCluster, {
      ...DEFAULT_VULNERABILITY_QUERY,
      sort: { column: 'package', descending: false },
    });
    const names = byPackage[0]!.rows.map((r) => r.packageName);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true })),
    );
    const byScore = vulnerabilityGroups(realCluster, {
      ...DEFAULT_VULNERABILITY_QUERY,
      sort: { column: 'score', descending: true },
    });
    const scores = byScore[0]!.rows.map((r) => r.score ?? -1);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
  });

  it('filter by severity, fixable only and text, and say how many of the image’s they show', () => {
    const critical = vulnerabilityGroups(realCluster, {
      ...DEFAULT_VULNERABILITY_QUERY,
      severities: ['CRITICAL'],
    });
    const nginx = critical.find((g) => g.image === 'library/nginx:1.16.1')!;
    assert.ok(nginx.rows.length > 0 && nginx.rows.every((r) => r.severity === 'CRITICAL'));
    assert.equal(nginx.unfiltered, 310);
    const fixable = vulnerabilityGroups(realCluster, { ...DEFAULT_VULNERABILITY_QUERY, fixableOnly: true });
    assert.ok(fixable.flatMap((g) => g.rows).every((r) => r.fixedVersion));
    const expected = realCluster.filter((f) => f.package?.fixedVersion).length;
    assert.equal(
      fixable.reduce((n, g) => n + g.rows.length, 0),
      expected,
    );
    const openssl = vulnerabilityGroups(realCluster, { ...DEFAULT_VULNERABILITY_QUERY, text: 'OPENSSL' });
    assert.ok(
      openssl.flatMap((g) => g.rows).every((r) => /openssl/i.test(`${r.packageName} ${r.id} ${r.title}`)),
    );
    assert.ok(openssl.flatMap((g) => g.rows).length > 0);
  });

  it('fold the same finding read from two reports of one workload (two ReplicaSets) into one row', () => {
    const once = fixtureFindings('vulnerabilityreport_replicaset-nginx_docs.yaml');
    const [group] = vulnerabilityGroups([...once, ...once], DEFAULT_VULNERABILITY_QUERY);
    assert.equal(group!.rows.length, once.length);
  });

  it('link only to http(s) URLs: a report’s javascript: URL is text', () => {
    const hostile = editedFixtureFindings('vulnerabilityreport_replicaset-nginx_docs.yaml', (r) => {
      const report = r.report as { vulnerabilities: Array<Record<string, unknown>> };
      report.vulnerabilities[0]!.primaryLink = 'javascript:alert(1)';
    });
    const rows = vulnerabilityGroups(hostile, DEFAULT_VULNERABILITY_QUERY).flatMap((g) => g.rows);
    assert.equal(rows.find((r) => r.id === 'CVE-2019-20367')?.url, undefined);
    assert.equal(
      rows.find((r) => r.id === 'CVE-2018-25009')?.url,
      'https://avd.aquasec.com/nvd/cve-2018-25009',
    );
    assert.equal(safeUrl('file:///etc/passwd'), undefined);
    assert.equal(safeUrl('not a url'), undefined);
  });
});

describe('check rows', () => {
  const audit = fixtureFindings('configauditreport_pod-my-pod_envtest-expected.yaml');

  it('list the failed checks with what was found and the remediation', () => {
    const rows = checkRows(audit, 'misconfiguration', DEFAULT_CHECK_QUERY);
    assert.equal(rows.length, 13);
    const withRemediation = rows.filter((r) => r.remediation);
    assert.ok(withRemediation.length > 0, 'Trivy Operator writes a remediation per check');
    assert.deepEqual(
      rows.map((r) => r.severity),
      [...rows.map((r) => r.severity)].sort(
        (a, b) =>
          ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'].indexOf(a) -
          ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'].indexOf(b),
      ),
    );
  });

  it('filter by severity and text, and leave other types out', () => {
    assert.ok(
      checkRows(audit, 'misconfiguration', { ...DEFAULT_CHECK_QUERY, severities: ['HIGH'] }).every(
        (r) => r.severity === 'HIGH',
      ),
    );
    assert.deepEqual(checkRows(audit, 'rbac', DEFAULT_CHECK_QUERY), []);
    const ksv = checkRows(audit, 'misconfiguration', { ...DEFAULT_CHECK_QUERY, text: 'ksv001' });
    assert.deepEqual(
      ksv.map((r) => r.id),
      ['KSV001'],
    );
  });

  it('sort by id in a person’s order (KSV2 before KSV10), and back', () => {
    const byId = checkRows(audit, 'misconfiguration', {
      ...DEFAULT_CHECK_QUERY,
      sort: { column: 'id', descending: false },
    });
    const ids = byId.map((r) => r.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    );
    assert.deepEqual(nextSort({ column: 'id', descending: false }, 'id'), { column: 'id', descending: true });
    assert.deepEqual(nextSort({ column: 'id', descending: false }, 'severity', new Set(['severity'])), {
      column: 'severity',
      descending: true,
    });
  });
});

describe('secret rows', () => {
  it('show the match exactly as the scanner masked it', () => {
    const rows = secretRows(
      fixtureFindings('exposedsecretreport_replicaset-app_docs.yaml'),
      DEFAULT_SECRET_QUERY,
    );
    assert.deepEqual(
      rows.map((r) => [r.id, r.target, r.match, r.image]),
      [
        [
          'stripe-access-token',
          '/app/config/secret.yaml',
          'publishable_key: *****',
          'myimagewithsecret:v1.2.3',
        ],
        ['stripe-access-token', '/app/config/secret.yaml', 'secret_key: *****', 'myimagewithsecret:v1.2.3'],
      ],
    );
  });
});

describe('pages of long tables', () => {
  it('show the first page and count the rest', () => {
    assert.deepEqual(pageOf([1, 2, 3], 2), { shown: [1, 2], hidden: 1 });
    assert.deepEqual(pageOf([1, 2], 5), { shown: [1, 2], hidden: 0 });
  });

  it('share one budget of rows between groups, and add what a person asked for', () => {
    const groups = [
      { key: 'a', rows: [1, 2, 3] },
      { key: 'b', rows: [4, 5, 6] },
      { key: 'c', rows: [7] },
    ];
    assert.deepEqual(
      pageGroups(groups, new Map(), 4).map((p) => [p.group.key, p.shown, p.hidden]),
      [
        ['a', [1, 2, 3], 0],
        ['b', [4], 2],
        ['c', [], 1],
      ],
    );
    assert.deepEqual(
      pageGroups(groups, new Map([['c', 100]]), 4).map((p) => p.shown.length),
      [3, 1, 1],
    );
  });
});
