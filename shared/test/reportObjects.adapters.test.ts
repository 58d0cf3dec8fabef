import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkJoinKey } from '../src/model/checkIds.js';
import type { Finding } from '../src/model/finding.js';
import { readTrivyIgnore } from '../src/ignore/trivyIgnore.js';
import { createIgnoreMatcher } from '../src/ignore/trivyIgnoreMatcher.js';
import { ignoreSectionFor } from '../src/ignore/trivyIgnore.js';
import { ReportStore } from '../src/cluster/reportStore.js';
import { reportKindByName } from '../src/model/reportKinds.js';
import { countBy, fixtureFolder, messages } from './readerTestHelpers.js';

const { fixtureDocs, readFixture, readEdited } = fixtureFolder('reports', 'variant.json');

// PolicyReports written by adapters that convert Trivy output (sources in test/fixtures/SOURCES.md).
const WG = 'policyreport_pod-zipkin_wg-trivy-adapter.yaml';
const WG_VULNS = 'vulnerabilityreportlist_pod-zipkin_wg-trivy-adapter.yaml';
const POLR_VULN = 'policyreport_replicaset-nginx_polr-adapter-vulnerability.yaml';
const POLR_AUDIT = 'policyreport_replicaset-nginx_polr-adapter-configaudit.yaml';
const POLR_RBAC = 'policyreport_role-leaderelection_polr-adapter-rbac.yaml';
const POLR_CRBAC = 'clusterpolicyreport_clusterrole_polr-adapter-rbac.yaml';
const POLR_COMPLIANCE = 'clusterpolicyreport_nsa_polr-adapter-compliance.yaml';
const POLR_INFRA = 'policyreport_pod-kube-apiserver_polr-adapter-infra.yaml';
const POLR_BENCH = 'clusterpolicyreport_node_polr-adapter-kubebench.yaml';

// Results per fixture, from
//   python3 -c "import yaml,sys; d=yaml.safe_load(open(F)); print([(r.get('policy'), r.get('rule'),
//     r.get('result'), r.get('severity'), r.get('category'), r.get('properties')) for r in d['results']])"
//   WG:         14 results, none with `result`; policy '' (2) or the title (12); VulnerabilityID in
//               properties; category = package: apk-tools 2, busybox 1, libcrypto1.1 5, libssl1.1 5,
//               ssl_client 1; severity high 7, medium 4, low 2, none 1
//   WG_VULNS:   the VulnerabilityReportList of the same Pod: the same 14 vulnerabilityID/resource pairs
//   POLR_VULN:  1 result: policy CVE-2020-27350, result warn, severity medium, properties.resource apt
//   POLR_AUDIT: 1 result: policy "Unsafe sysctl options set", rule KSV026, result pass
//   POLR_RBAC:  2 results: KSV048 fail high (with "1. message"), KSV055 pass low
//   POLR_CRBAC: 2 results: KSV049 pass, KSV047 pass
//   POLR_COMPLIANCE: 2 results: "1.0 Non-root containers" / properties.id AVD-KSV-0012 fail medium,
//               "1.1 Immutable container file systems" / AVD-KSV-0014 fail low; resources name-only
//   POLR_INFRA: 1 result: policy KCV0013, rule = its title, result fail, severity low
//   POLR_BENCH: 1 result: policy "4.1 Worker Node Configuration Files", rule "4.1.1 Ensure …", fail

const row = (f: Finding) =>
  `${f.id} ${f.package?.name ?? '-'} ${f.package?.installedVersion ?? '-'} ${f.package?.fixedVersion ?? '-'}`;

describe('PolicyReports of the wg-policy-prototypes trivy-adapter', () => {
  it('reads every result, the id from properties and the package from the category', () => {
    const read = readFixture(WG);
    assert.deepEqual(messages(read), []);
    assert.equal(read.findings.length, 14);
    assert.ok(read.findings.every((f) => f.type === 'vulnerability' && f.outcome === 'fail'));
    assert.deepEqual(
      countBy(read.findings, (f) => f.package?.name ?? '-'),
      { 'apk-tools': 2, busybox: 1, 'libcrypto1.1': 5, 'libssl1.1': 5, ssl_client: 1 },
    );
    assert.deepEqual(
      countBy(read.findings, (f) => f.severity),
      { HIGH: 7, MEDIUM: 4, LOW: 2, UNKNOWN: 1 },
    );
    const [first, second, third] = read.findings;
    assert.equal(first!.id, 'CVE-2021-30139');
    assert.deepEqual(first!.aliases, []);
    // `policy: ""`: the id is the best title, as the VulnerabilityReport reader does for `title: ""`.
    assert.equal(first!.title, 'CVE-2021-30139');
    assert.deepEqual(first!.package, {
      name: 'apk-tools',
      installedVersion: '2.10.5-r1',
      fixedVersion: '2.10.6-r0',
    });
    assert.equal(first!.primaryUrl, 'https://avd.aquasec.com/nvd/cve-2021-30139');
    assert.equal(first!.category, undefined, 'the category was the package');
    assert.equal(second!.severity, 'UNKNOWN');
    assert.equal(third!.title, 'busybox: invalid free or segmentation fault via malformed gzip data');
    // No scope: the report's owner, the scanned Pod.
    assert.deepEqual(first!.resource, {
      kind: 'Pod',
      name: 'zipkin-6b59cc5ddb-bp9h8',
      namespace: 'default',
      apiVersion: 'v1',
    });
    assert.equal(first!.origin.tool, 'Trivy');
    // The same CVE in two packages is two rows that say which package.
    const cve = read.findings.filter((f) => f.id === 'CVE-2021-23840').map(row);
    assert.deepEqual(cve, [
      'CVE-2021-23840 libcrypto1.1 1.1.1i-r0 1.1.1j-r0',
      'CVE-2021-23840 libssl1.1 1.1.1i-r0 1.1.1j-r0',
    ]);
  });

  it('gives the same vulnerabilities as the VulnerabilityReport of the same scan', () => {
    const fromPolicy = readFixture(WG).findings.map(row).sort();
    const fromVulns = readFixture(WG_VULNS).findings.map(row).sort();
    assert.equal(fromVulns.length, 14);
    assert.deepEqual(fromPolicy, fromVulns);
  });

  it('reads the later shape: the id in `policy`, the title in `message`, a result from the severity', () => {
    // policy-report/trivy-adapter/pkg/plugin/trivy/plugin.go `newResult` (commit 25056e1f): Policy is
    // the VulnerabilityID, Description (json "message") the title, Category the package, properties
    // InstalledVersion/FixedVersion/PrimaryURL, Result high→error, medium→fail, low→warn, else skip.
    const [doc] = fixtureDocs(WG);
    for (const r of doc.results) {
      r.message = r.policy;
      r.policy = r.properties.VulnerabilityID;
      delete r.properties.VulnerabilityID;
      r.result = { high: 'error', medium: 'fail', low: 'warn' }[r.severity as string] ?? 'skip';
    }
    const read = readEdited(doc);
    assert.deepEqual(messages(read), []);
    assert.equal(read.findings.length, 14, 'a vulnerability is a finding whatever result its severity gave');
    assert.deepEqual(read.findings.map(row).sort(), readFixture(WG_VULNS).findings.map(row).sort());
    assert.ok(read.findings.every((f) => f.type === 'vulnerability' && f.outcome === 'fail'));
    assert.equal(
      read.findings[2]!.title,
      'busybox: invalid free or segmentation fault via malformed gzip data',
    );
    assert.equal(read.findings[2]!.message, undefined, 'the title is not repeated as the message');
  });
});

describe('PolicyReports of trivy-operator-polr-adapter', () => {
  it('reads a vulnerability: the id from policy, package, versions, link, image and score from properties', () => {
    const read = readFixture(POLR_VULN);
    assert.deepEqual(messages(read), []);
    assert.equal(read.findings.length, 1);
    const f = read.findings[0]!;
    assert.equal(f.type, 'vulnerability');
    assert.equal(f.id, 'CVE-2020-27350');
    assert.equal(f.title, 'apt: integer overflows and underflows while parsing .deb packages');
    assert.equal(f.message, undefined);
    // `result: warn` is the adapter's reading of severity medium (shared/severity.go MapResult).
    assert.equal(f.outcome, 'fail');
    assert.equal(f.severity, 'MEDIUM');
    assert.deepEqual(f.package, { name: 'apt', installedVersion: '1.8.2.1', fixedVersion: '1.8.2.2' });
    assert.equal(f.primaryUrl, 'https://avd.aquasec.com/nvd/cve-2020-27350');
    assert.deepEqual(f.artifact, { registry: 'index.docker.io', repository: 'library/nginx', tag: '1.17' });
    assert.deepEqual(f.cvss, [{ source: 'unknown', v3Score: 5.7 }]);
    assert.equal(f.category, 'Vulnerability Scan');
    assert.deepEqual(f.resource, {
      kind: 'ReplicaSet',
      name: 'nginx-5fbc65fff',
      namespace: 'test',
      apiVersion: 'apps/v1',
    });
    assert.equal(f.origin.tool, 'Trivy Vulnerability');
  });

  it('reads a ConfigAudit result by its check id, with the policy as title', () => {
    assert.equal(readFixture(POLR_AUDIT).findings.length, 0, 'its one result passed');
    const [f] = readFixture(POLR_AUDIT, { includePassed: true }).findings;
    assert.equal(f!.type, 'misconfiguration');
    assert.equal(f!.id, 'KSV026');
    assert.deepEqual([...f!.aliases].sort(), ['AVD-KSV-0026', 'KSV-0026']);
    assert.equal(f!.title, 'Unsafe sysctl options set');
    assert.equal(f!.outcome, 'pass');
    assert.match(f!.message!, /^Sysctls can disable security mechanisms/);
    assert.equal(f!.category, 'Kubernetes Security Check');
  });

  it('reads a ConfigAudit result by its rule whatever the id looks like (Polaris ids of older operators)', () => {
    // auditr/mapper.go (commit af2d82cf): Policy = check title, Rule = check ID, Message = the one
    // message, Result pass/fail, Category; built here from the real ConfigAuditReport of the docs,
    // whose checks carry Polaris ids (`hostPIDSet`) and no titles: the policy is empty.
    const [audit] = fixtureDocs('configauditreport_replicaset-nginx_docs.yaml');
    const polr = {
      apiVersion: 'wgpolicyk8s.io/v1alpha2',
      kind: 'PolicyReport',
      metadata: { name: 'trivy-audit-polr-replicaset-nginx-6d4cf56db6', namespace: 'default' },
      scope: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'nginx-6d4cf56db6', namespace: 'default' },
      results: audit.report.checks.map(
        (c: {
          checkID: string;
          messages: string[];
          severity: string;
          success: boolean;
          category: string;
        }) => ({
          policy: c.checkID,
          rule: c.checkID,
          message: c.messages[0],
          result: c.success ? 'pass' : 'fail',
          severity: c.severity.toLowerCase(),
          category: c.category,
          source: 'Trivy ConfigAudit',
        }),
      ),
    };
    const read = readEdited(polr);
    const direct = readFixture('configauditreport_replicaset-nginx_docs.yaml').findings;
    assert.deepEqual(
      read.findings.map((f) => [f.type, f.id, f.title, f.severity, f.message]),
      direct.map((f) => [f.type, f.id, f.title, f.severity, f.message]),
    );
  });

  it('reads RbacAssessment results of a Role and a ClusterRole, the numbered messages as the message', () => {
    const read = readFixture(POLR_RBAC);
    assert.deepEqual(messages(read), []);
    assert.deepEqual(
      read.findings.map((f) => [f.type, f.id, f.outcome, f.severity, f.title]),
      [['rbac', 'KSV048', 'fail', 'HIGH', 'Do not allow update/create of a malicious pod']],
    );
    const f = read.findings[0]!;
    // rbac/mapper.go: Message is the check's description, properties "N. message" its messages.
    assert.equal(f.message, 'Role permits create/update of a malicious pod');
    assert.equal(f.description, 'Check whether role permits update/create of a malicious pod');
    assert.deepEqual(f.resource, {
      kind: 'Role',
      name: 'kyverno:leaderelection',
      namespace: 'kyverno',
      apiVersion: 'rbac.authorization.k8s.io/v1',
    });
    assert.deepEqual(
      readFixture(POLR_RBAC, { includePassed: true }).findings.map((x) => `${x.id} ${x.outcome}`),
      ['KSV048 fail', 'KSV055 pass'],
    );
    const cluster = readFixture(POLR_CRBAC, { includePassed: true });
    assert.deepEqual(
      cluster.findings.map(
        (x) => `${x.type} ${x.id} ${x.outcome} ${x.resource?.kind} ${x.resource?.namespace}`,
      ),
      ['rbac KSV049 pass ClusterRole undefined', 'rbac KSV047 pass ClusterRole undefined'],
    );
  });

  it('reads compliance results by the check id of their properties, the target from the name-only resource', () => {
    const read = readFixture(POLR_COMPLIANCE);
    assert.deepEqual(messages(read), [], 'a name-only resource is a check target, not a malformed reference');
    assert.deepEqual(
      read.findings.map((f) => [f.type, f.id, f.severity, f.title, f.target, f.resource]),
      [
        [
          'compliance',
          'KSV012',
          'MEDIUM',
          'Runs as root user',
          'kube-system/pod-kube-apiserver-minikube',
          undefined,
        ],
        [
          'compliance',
          'KSV014',
          'LOW',
          'Root file system is not read-only',
          'kube-system/pod-etcd-minikube',
          undefined,
        ],
      ],
    );
    // The control the check belongs to stays findable, as a policy name is for its rules.
    assert.ok(read.findings[0]!.aliases.includes('AVD-KSV-0012'));
    assert.ok(read.findings[0]!.aliases.includes('1.0 Non-root containers'));
  });

  it('reads an InfraAssessment result by the check id in policy, the rule as title', () => {
    const read = readFixture(POLR_INFRA);
    assert.deepEqual(messages(read), []);
    const [f] = read.findings;
    assert.deepEqual([f!.type, f!.id, f!.outcome, f!.severity], ['infra', 'KCV0013', 'fail', 'LOW']);
    assert.equal(
      f!.title,
      'Ensure that the admission control plugin SecurityContextDeny is set if PodSecurityPolicy is not used',
    );
    assert.match(f!.description!, /^The SecurityContextDeny admission controller/);
    assert.deepEqual(f!.resource, {
      kind: 'Pod',
      name: 'kube-apiserver-minikube',
      namespace: 'kube-system',
      apiVersion: 'v1',
    });
  });

  it('reads a CIS kube-bench result by its test number, the remediation as resolution', () => {
    const read = readFixture(POLR_BENCH);
    assert.deepEqual(messages(read), []);
    const [f] = read.findings;
    assert.deepEqual([f!.type, f!.id, f!.outcome], ['infra', '4.1.1', 'fail']);
    assert.equal(
      f!.title,
      'Ensure that the kubelet service file permissions are set to 644 or more restrictive (Automated)',
    );
    assert.match(f!.resolution!, /^Run the below command/);
    assert.equal(f!.category, 'Worker Node Security Configuration');
    // Its owner is the CISKubeBenchReport it was converted from: a report, not what it is about.
    assert.equal(f!.resource, undefined);
  });

  it('reads an ExposedSecrets result by its rule id, the masked match as the match', () => {
    // exposedsecret/mapper.go (commit af2d82cf): Policy = title, Rule = ruleID, Message = match,
    // Result warn, Category; built here from the real ExposedSecretReport of the operator docs.
    const [secretReport] = fixtureDocs('exposedsecretreport_replicaset-app_docs.yaml');
    const results = secretReport.report.secrets.map((s: Record<string, string>) => ({
      policy: s.title,
      rule: s.ruleID,
      message: s.match,
      result: 'warn',
      severity: String(s.severity).toLowerCase(),
      category: s.category,
      source: 'Trivy ExposedSecrets',
      properties: { resultID: 'x' },
    }));
    const polr = {
      apiVersion: 'wgpolicyk8s.io/v1alpha2',
      kind: 'PolicyReport',
      metadata: { name: 'trivy-exp-secret-polr-replicaset-app-67b77f5965', namespace: 'default' },
      scope: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'app-67b77f5965', namespace: 'default' },
      results,
    };
    const read = readEdited(polr);
    const direct = readFixture('exposedsecretreport_replicaset-app_docs.yaml').findings;
    assert.deepEqual(
      read.findings.map((f) => [f.type, f.id, f.title, f.match, f.severity, f.category]),
      direct.map((f) => [f.type, f.id, f.title, f.match, f.severity, f.category]),
    );
  });
});

describe('adapter findings join the Trivy Operator ones', () => {
  it('indexes a CVE of an adapter PolicyReport under the same check as the VulnerabilityReport one', () => {
    const store = new ReportStore({ batchMs: 0 });
    const vulns = fixtureDocs(WG_VULNS)[0].items[0];
    const polr = fixtureDocs(WG)[0];
    store.apply({ kind: reportKindByName('VulnerabilityReport')! }, { type: 'added', object: vulns });
    store.apply({ kind: reportKindByName('PolicyReport')! }, { type: 'added', object: polr });
    // CVE-2021-23840 is in libcrypto1.1 and libssl1.1 in both reports: 4 findings, 2 per report.
    const found = store.findingsForCheck('cve-2021-23840');
    assert.deepEqual(
      countBy(found, (f) => `${f.origin.report?.kind} ${f.package?.name}`),
      {
        'VulnerabilityReport libcrypto1.1': 1,
        'VulnerabilityReport libssl1.1': 1,
        'PolicyReport libcrypto1.1': 1,
        'PolicyReport libssl1.1': 1,
      },
    );
    store.dispose();
  });

  it('is matched by a .trivyignore entry exactly as the VulnerabilityReport finding is', () => {
    const ignore = readTrivyIgnore('CVE-2021-23840\n', '.trivyignore').value;
    const matcher = createIgnoreMatcher(ignore, new Date('2024-01-01T00:00:00Z'));
    const adapter = readFixture(WG).findings.filter((f) => f.id === 'CVE-2021-23840');
    const operator = readFixture(WG_VULNS).findings.filter((f) => f.id === 'CVE-2021-23840');
    assert.equal(adapter.length, 2);
    // Same ignore section and same id key: whatever the matcher decides for one, it decides for the other.
    for (const [a, o] of adapter.map((f, i) => [f, operator[i]!] as const)) {
      assert.equal(ignoreSectionFor(a.type), 'vulnerabilities');
      assert.equal(ignoreSectionFor(a.type), ignoreSectionFor(o.type));
      assert.equal(checkJoinKey(a.id), checkJoinKey(o.id));
      assert.equal(matcher.match(a), matcher.match(o));
    }
    // Read as an offline finding (no report object), the entry suppresses it.
    const offline = { ...adapter[0]!, origin: { tool: 'Trivy', format: 'report-object' as const } };
    assert.equal(matcher.match(offline)?.id, 'CVE-2021-23840');
  });
});
