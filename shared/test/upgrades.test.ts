import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  planUpgrades,
  upgradeEntryOf,
  type PackageUpgrade,
  type UpgradePlan,
} from '../src/insights/upgrades.js';
import { ReportStore } from '../src/cluster/reportStore.js';
import { reportKindByName } from '../src/model/reportKinds.js';
import type { Finding } from '../src/model/finding.js';
import type { KubeObject } from '../src/ports/clusterSource.js';
import { readSourceText } from '../src/readers/readSource.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url);
const read = (path: string): Finding[] => {
  const url = new URL(path, fixtures);
  return readSourceText(readFileSync(url, 'utf8'), url.pathname).findings;
};
const REAL_LIST = 'reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json';
const realItems = (): KubeObject[] =>
  (JSON.parse(readFileSync(new URL(REAL_LIST, fixtures), 'utf8')) as { items: KubeObject[] }).items;

function upgradeOf(plan: UpgradePlan, name: string, installed?: string): PackageUpgrade {
  const u = plan.fixable.find(
    (p) => p.package.name === name && (installed === undefined || p.package.installedVersion === installed),
  );
  assert.ok(u, `an upgrade of ${name} ${installed ?? ''}`);
  return u;
}

describe('planUpgrades', () => {
  it('groups the real 2022 cluster’s vulnerabilities by package, most critical upgrade first', () => {
    const plan = planUpgrades(read(REAL_LIST));
    // Grouping the 398 entries by (resource, installedVersion) in Python: 66 packages have entries
    // with a fixedVersion, 68 have entries without one (a package can be in both lists).
    assert.equal(plan.fixable.length, 66);
    assert.equal(plan.unfixable.length, 68);
    // The most critical: libwebp6 0.6.1-2 in the nginx image, 11 CVEs (10 CRITICAL, 1 HIGH), all
    // fixed by 0.6.1-2+deb10u1.
    const top = plan.fixable[0]!;
    assert.deepEqual(
      [top.package.name, top.package.installedVersion, top.to, top.vulnerabilities, top.findings],
      ['libwebp6', '0.6.1-2', '0.6.1-2+deb10u1', 11, 11],
    );
    assert.deepEqual(top.counts, { CRITICAL: 10, HIGH: 1, MEDIUM: 0, LOW: 0, UNKNOWN: 0 });
    assert.equal(top.worst, 'CRITICAL');
    // The report is about ReplicaSet nginx-deployment-559d658b74: its Deployment, by name.
    assert.deepEqual(top.workloadKeys, ['Deployment/default/nginx-deployment']);
    assert.deepEqual(top.imageRefs, ['index.docker.io/library/nginx:1.16.1']);
    // Sorted by what each clears: every package's counts come before the next one's.
    for (let i = 1; i < plan.fixable.length; i++) {
      const a = plan.fixable[i - 1]!.counts;
      const b = plan.fixable[i]!.counts;
      const first = (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const).find((s) => a[s] !== b[s]);
      assert.ok(first === undefined || a[first] > b[first], `row ${i} is not after row ${i - 1}`);
    }
  });

  it('picks the version dpkg would, although these old reports name no version order', () => {
    const plan = planUpgrades(read(REAL_LIST));
    // No PURL and no package type in 2022 reports: every order the versions fit is tried. All 66
    // answers equal what `dpkg --compare-versions` gives for the same choice (checked once with a
    // script over the fixture: lowest fixedVersion ≥ installed per CVE, then the highest).
    assert.deepEqual(new Set(plan.fixable.map((u) => u.certainty)), new Set(['agreed']));
    // libssl1.1 1.1.1d-0+deb10u3: CVEs fixed in +deb10u2 and +deb10u3. semver holds both equal
    // (`+…` is build metadata), dpkg, rpm and Maven put +deb10u3 above: +deb10u3 is right in all.
    const ssl = upgradeOf(plan, 'libssl1.1', '1.1.1d-0+deb10u3');
    assert.equal(ssl.to, '1.1.1n-0+deb10u3');
    assert.deepEqual(ssl.candidates, ['1.1.1n-0+deb10u3']);
    assert.equal(ssl.scheme, undefined);
    assert.equal(upgradeOf(plan, 'libexpat1').to, '2.2.6-2+deb10u5');
    assert.equal(upgradeOf(plan, 'bash', '5.0-6ubuntu1.1').to, '5.0-6ubuntu1.2');
  });

  it('takes per vulnerability the fixed version of the installed branch, then the highest', () => {
    // A real ClusterVulnerabilityReport (operator docs) about Kubernetes 1.21.1 components.
    const plan = planUpgrades(read('reports/clustervulnerabilityreport_k8s-cluster_docs.yaml'));
    const containerd = upgradeOf(plan, 'github.com/containerd/containerd', '1.5.2');
    // "1.4.13, 1.5.10, 1.6.1" on 1.5.2 → 1.5.10; the highest pick is 1.5.18 (CVE-2023-25153/25173).
    const fix = containerd.fixes.find((f) => f.id === 'CVE-2022-23648')!;
    assert.deepEqual([fix.fixedVersion, fix.fixedBy], ['1.4.13, 1.5.10, 1.6.1', '1.5.10']);
    assert.equal(containerd.to, '1.5.18');
    assert.equal(containerd.vulnerabilities, 9);
    // CVE-2021-25749 has no 1.21 fix ("1.22.14, 1.23.11, 1.24.5"): the lowest above 1.21.1 is 1.22.14.
    const kubelet = upgradeOf(plan, 'k8s.io/kubelet', '1.21.1');
    assert.equal(kubelet.fixes.find((f) => f.id === 'CVE-2021-25749')!.fixedBy, '1.22.14');
    assert.equal(kubelet.to, '1.24.14');
  });

  it('uses the package’s own version order when its PURL or type names one', () => {
    const alpine = planUpgrades(read('trivy/image_alpine-3.10_trivy-json.json'));
    const crypto = upgradeOf(alpine, 'libcrypto1.1');
    assert.deepEqual(
      [crypto.scheme, crypto.certainty, crypto.to, crypto.imageRefs],
      [
        'apk',
        'known',
        '1.1.1d-r2',
        // The image as the golden's metadata names it (RepoTags, RepoDigests).
        [
          'ghcr.io/aquasecurity/trivy-test-images:alpine-310@sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4',
        ],
      ],
    );
    const pip = upgradeOf(planUpgrades(read('trivy/fs_pip_trivy-json.json')), 'Werkzeug');
    // 0.15.3 and 0.11.6 fix the two CVEs; PEP 440 puts 0.15.3 above.
    assert.deepEqual([pip.scheme, pip.to], ['pep440', '0.15.3']);
    // Old Trivy wrote RustSec's patched ranges: ">= 2.1.0" and ">= 3.1.0, >= 2.1.3, < 3.0.0".
    const ammonia = upgradeOf(planUpgrades(read('trivy/repo_trivy-ci-test_trivy-json.json')), 'ammonia');
    assert.deepEqual(
      ammonia.fixes.map((f) => f.fixedBy),
      ['2.1.0', '2.1.3'],
    );
    assert.deepEqual([ammonia.scheme, ammonia.to], ['semver', '2.1.3']);
  });

  it('keeps packages without a fix apart, with Trivy’s reason', () => {
    // Trivy's debian-buster golden: bash 5.0-4 CVE-2019-18276 is "affected" (no fix), libidn2-0 is fixed.
    const plan = planUpgrades(read('trivy/image_debian-buster_trivy-json.json'));
    assert.deepEqual(
      plan.fixable.map((u) => [u.package.name, u.to]),
      [['libidn2-0', '2.0.5-1+deb10u1']],
    );
    assert.deepEqual(
      plan.unfixable.map((u) => [u.package.name, u.unfixed.map((v) => [v.id, v.reason])]),
      [['bash', [['CVE-2019-18276', 'affected']]]],
    );
    // The 2022 reports have no status: a missing fixedVersion is the reason.
    const old = planUpgrades(read(REAL_LIST));
    assert.ok(old.unfixable.every((u) => u.unfixed.every((v) => v.reason === 'no-fixed-version')));
  });

  it('counts packages across a cluster’s workloads and images (trivy k8s)', () => {
    const plan = planUpgrades(read('trivy/k8s_cluster_report-all_securecodebox.json'));
    // libssl1.1 1.1.1n-0+deb11u1 is in DaemonSets kindnet and kube-proxy (two images); 11 CVEs
    // (2 CRITICAL, 5 HIGH, 4 MEDIUM), each in both: 22 findings (counted with Python over the file).
    const ssl = upgradeOf(plan, 'libssl1.1', '1.1.1n-0+deb11u1');
    assert.deepEqual(
      [ssl.scheme, ssl.certainty, ssl.to, ssl.vulnerabilities, ssl.findings, ssl.workloads, ssl.images],
      ['dpkg', 'known', '1.1.1n-0+deb11u5', 11, 22, 2, 2],
    );
    assert.deepEqual(ssl.workloadKeys, ['DaemonSet/kube-system/kindnet', 'DaemonSet/kube-system/kube-proxy']);
    assert.deepEqual(ssl.counts, { CRITICAL: 2, HIGH: 5, MEDIUM: 4, LOW: 0, UNKNOWN: 0 });
    // The other two installed versions of libssl1.1 are other packages (other upgrades).
    assert.equal(plan.fixable.filter((u) => u.package.name === 'libssl1.1').length, 3);
  });

  it('folds the same vulnerability found again in another container or report of a workload', () => {
    const store = new ReportStore({ batchMs: 1 });
    const [, nginx] = realItems() as [KubeObject, KubeObject];
    const sidecar = structuredClone(nginx) as KubeObject & { metadata: Record<string, unknown> };
    sidecar.metadata = {
      ...sidecar.metadata,
      name: 'replicaset-nginx-deployment-559d658b74-sidecar',
      labels: { ...(nginx.metadata.labels ?? {}), 'trivy-operator.container.name': 'sidecar' },
    };
    const scope = { kind: reportKindByName('VulnerabilityReport')! };
    store.apply(scope, { type: 'synced', objects: [nginx], first: true });
    const one = planUpgrades(store.findingsWithWorkloads());
    store.apply(scope, { type: 'added', object: sidecar });
    const two = planUpgrades(store.findingsWithWorkloads());
    assert.equal([...store.findings()].length, 2 * 310);
    // Same image in a second container of the same workload: nothing more to clear.
    assert.deepEqual(
      two.fixable.map((u) => [u.key, u.findings, u.workloads]),
      one.fixable.map((u) => [u.key, u.findings, u.workloads]),
    );
    const webp = upgradeOf(two, 'libwebp6');
    assert.deepEqual([webp.findings, webp.workloads, webp.images], [11, 1, 1]);
    store.dispose();
  });

  it('says when it cannot be sure, and lists every version it may be', () => {
    // A real entry (libidn2-0 of Trivy's debian-buster golden) with its package type removed and
    // a second fix whose order dpkg and semver disagree on: dpkg puts 2.0.5-1 (a revision) above
    // 2.0.5, semver below (a pre-release).
    const [, fixed] = read('trivy/image_debian-buster_trivy-json.json') as [Finding, Finding];
    const untyped = {
      ...fixed,
      package: { name: 'libidn2-0', installedVersion: '2.0.4', fixedVersion: '2.0.5-1' },
    };
    const other = { ...untyped, id: 'CVE-2099-0001', package: { ...untyped.package, fixedVersion: '2.0.5' } };
    const plan = planUpgrades([untyped, other]);
    const u = plan.fixable[0]!;
    assert.equal(u.certainty, 'uncertain');
    assert.equal(u.to, undefined);
    assert.deepEqual(new Set(u.candidates), new Set(['2.0.5-1', '2.0.5']));
    assert.match(u.reason!, /dpkg gives 2\.0\.5-1/);
    assert.match(u.reason!, /semver gives 2\.0\.5\b/);
    // A version its own order cannot read: no answer, every fixed version listed.
    const typed = { ...fixed, package: { ...fixed.package!, fixedVersion: '2.0.5-1+deb10u1, 2.0.5 beta' } };
    const bad = planUpgrades([typed]).fixable[0]!;
    assert.deepEqual([bad.certainty, bad.candidates], ['uncertain', ['2.0.5-1+deb10u1', '2.0.5 beta']]);
    assert.match(bad.reason!, /not a dpkg version/);
  });

  it('leaves suppressed findings and other finding types out', () => {
    const findings = read('trivy/image_debian-buster_trivy-json.json');
    const suppressed = findings.map((f) => ({ ...f, suppressed: true }));
    assert.deepEqual(planUpgrades(suppressed), { fixable: [], unfixable: [] });
    assert.deepEqual(planUpgrades(read('trivy/config_helm-testchart_trivy-json.json')), {
      fixable: [],
      unfixable: [],
    });
  });

  it('returns plain data a webview receives unchanged', () => {
    const plan = planUpgrades(read('trivy/k8s_cluster_report-all_securecodebox.json'), { listLimit: 1 });
    assert.deepEqual(structuredClone(plan), plan);
    assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan);
    // The lists are capped, the counts are not.
    const ssl = upgradeOf(plan, 'libssl1.1', '1.1.1n-0+deb11u1');
    assert.deepEqual([ssl.workloads, ssl.workloadKeys.length], [2, 1]);
  });

  it('names the entry each finding counts under, so a host filtering by an entry shows its findings', () => {
    const findings = read(REAL_LIST);
    const plan = planUpgrades(findings);
    for (const [side, entries] of [
      [true, plan.fixable],
      [false, plan.unfixable],
    ] as const) {
      for (const entry of entries) {
        const ids = new Set(
          findings
            .filter((f) => {
              const e = upgradeEntryOf(f);
              return e?.key === entry.key && e.fixable === side;
            })
            .map((f) => f.id),
        );
        assert.equal(
          ids.size,
          entry.vulnerabilities,
          `${entry.package.name} ${side ? 'fixable' : 'unfixable'}`,
        );
      }
    }
    assert.equal(upgradeEntryOf({ ...findings[0]!, suppressed: true }), undefined);
  });
});
