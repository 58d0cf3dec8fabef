import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceRef } from '../src/model/finding.js';
import { countBy, fixtureFolder } from './readerTestHelpers.js';

const { fixtureJson, readFixture, readEdited } = fixtureFolder('trivy', 'k8s.json');

const REPORT_ALL = 'k8s_cluster_report-all_securecodebox.json';
const LEGACY = 'k8s_cluster_docs-example_legacy-format.json';

const resourceKey = (r: ResourceRef): string => `${r.kind}/${r.namespace ?? ''}/${r.name}`;

interface K8sResult {
  Vulnerabilities?: unknown[] | null;
  Misconfigurations?: unknown[] | null;
  Secrets?: unknown[] | null;
}
interface K8sResource {
  Namespace?: string;
  Kind: string;
  Name: string;
  Metadata?: unknown;
  Results?: K8sResult[];
  Error?: string;
}

/**
 * `--report summary` output built from the real `--report all` file the way Trivy builds it
 * (pkg/k8s/report/report.go `Report.consolidate()` at commit dc3c56e): entries whose first result
 * has misconfigurations are indexed by lower-cased namespace/kind/name (a later entry replaces an
 * earlier one, taking over its misconfigurations), entries with vulnerabilities in any result (or
 * secrets in the first) have their results appended to the indexed entry; other entries (no
 * findings, or only an Error) are left out.
 */
function consolidate(report: { ClusterName: string; Resources: K8sResource[] }): {
  ClusterName: string;
  Findings: K8sResource[];
} {
  const fullname = (r: K8sResource): string => `${r.Namespace ?? ''}/${r.Kind}/${r.Name}`.toLowerCase();
  const results = (r: K8sResource): K8sResult[] => r.Results ?? [];
  const isVulnOrSecret = (r: K8sResource): boolean =>
    results(r).some((x) => (x.Vulnerabilities?.length ?? 0) > 0 || (results(r)[0]!.Secrets?.length ?? 0) > 0);
  const hasMisconfigs = (r: K8sResource): boolean => (results(r)[0]?.Misconfigurations?.length ?? 0) > 0;
  const index = new Map<string, K8sResource>();
  const vulns: K8sResource[] = [];
  for (const r of report.Resources) {
    if (isVulnOrSecret(r)) vulns.push(r);
    if (hasMisconfigs(r)) {
      const previous = index.get(fullname(r));
      index.set(fullname(r), r);
      if (previous)
        r.Results![0]!.Misconfigurations = [
          ...r.Results![0]!.Misconfigurations!,
          ...previous.Results![0]!.Misconfigurations!,
        ];
    }
  }
  for (const v of vulns) {
    const existing = index.get(fullname(v));
    index.set(fullname(v), existing ? { ...existing, Results: [...results(existing), ...results(v)] } : v);
  }
  return { ClusterName: report.ClusterName, Findings: [...index.values()] };
}

describe('readTrivyK8sJson: {ClusterName, Resources[]} (--report all, v0.42+)', () => {
  const r = readFixture(REPORT_ALL);

  it('reads every vulnerability and failed check with exact counts', () => {
    assert.equal(r.format, 'trivy-k8s-json');
    // python3: v = [x for r in Resources for res in r.Results or [] for x in res.Vulnerabilities or []] -> 454
    //   (LOW 201, HIGH 151, MEDIUM 75, CRITICAL 27); failed Misconfigurations -> 218 (LOW 102, HIGH 51,
    //   MEDIUM 36, CRITICAL 29), of which 77 on Role/ClusterRole/RoleBinding/ClusterRoleBinding and 20 KCV
    //   checks elsewhere (ID or AVDID contains "KCV").
    assert.deepEqual(
      countBy(r.findings, (f) => f.type),
      { vulnerability: 454, misconfiguration: 121, rbac: 77, infra: 20 },
    );
    assert.deepEqual(
      countBy(r.findings, (f) => f.severity),
      { LOW: 303, HIGH: 202, MEDIUM: 111, CRITICAL: 56 },
    );
    const origin = r.findings[0]!.origin;
    assert.deepEqual(origin, { tool: 'trivy', format: 'trivy-k8s-json', file: REPORT_ALL });
    assert.ok(r.findings.every((f) => f.origin === origin));
  });

  it('turns per-resource Error into warnings naming the resource', () => {
    // python3: [(r.Kind, r.Namespace, r.Name) for r in Resources if r.get('Error')] -> 2 entries
    assert.deepEqual(
      r.problems.map((p) => [p.level, p.message.split(':')[0]]),
      [
        ['warning', 'Trivy could not scan Deployment securecodebox-system/securecodebox-controller-manager'],
        ['warning', 'Trivy could not scan Job integration-tests/scan-trivy-k8s-kvmnm'],
      ],
    );
    assert.match(
      r.problems[0]!.message,
      /unable to inspect the image \(docker\.io\/securecodebox\/operator:sha-b2542c45\)/,
    );
  });

  it('gives the same workload one shared ResourceRef object across entries', () => {
    // python3: 254 entries, 242 distinct (Kind, Namespace, Name); coredns is listed for its image and its config.
    const refs = new Map<string, ResourceRef>();
    for (const f of r.findings) {
      const known = refs.get(resourceKey(f.resource!));
      if (known) assert.equal(f.resource, known, `one object for ${resourceKey(known)}`);
      else refs.set(resourceKey(f.resource!), f.resource!);
    }
    const coredns = r.findings.filter(
      (f) => f.resource?.kind === 'Deployment' && f.resource.name === 'coredns',
    );
    assert.deepEqual(
      countBy(coredns, (f) => f.type),
      { vulnerability: 13, misconfiguration: 7 },
    );
    assert.deepEqual(coredns[0]!.resource, { kind: 'Deployment', namespace: 'kube-system', name: 'coredns' });
    const node = r.findings.find((f) => f.resource?.kind === 'NodeInfo')!;
    assert.equal(node.resource!.namespace, undefined); // cluster-scoped: no Namespace key
    assert.equal(node.type, 'infra');
  });

  it("marks check locations approximate: lines are of Trivy's serialisation of the live object", () => {
    const checks = r.findings.filter((f) => f.type !== 'vulnerability');
    // python3: failed checks with CauseMetadata.StartLine -> 211 of 218
    assert.equal(checks.filter((f) => f.location).length, 211);
    assert.ok(checks.every((f) => !f.location || (f.location.approximate && f.location.path === f.target)));
    const ksv020 = checks.find(
      (f) => f.id === 'KSV020' && f.resource?.name === 'securecodebox-controller-manager',
    )!;
    assert.deepEqual(ksv020.location, {
      path: 'Deployment/securecodebox-controller-manager',
      startLine: 221,
      endLine: 297,
      approximate: true,
    });
    assert.ok(ksv020.aliases.includes('AVD-KSV-0020'));
    assert.equal(ksv020.cause?.first, 221);
  });

  it('gives image results the image their OS result names, language results too when the entry has one image', () => {
    const etcd = r.findings.filter(
      (f) => f.type === 'vulnerability' && f.resource?.name === 'etcd-kind-control-plane',
    );
    // Targets: k8s.gcr.io/etcd:3.5.3-0 (debian 11.3) and four Go binaries, 8 vulnerabilities each.
    assert.equal(etcd.length, 32);
    const image = etcd[0]!.artifact!;
    assert.deepEqual(image, {
      registry: 'k8s.gcr.io',
      repository: 'etcd',
      tag: '3.5.3-0',
      digest: undefined,
    });
    assert.ok(etcd.every((f) => f.artifact === image));
    assert.equal(r.findings.find((f) => f.target === 'coredns')!.artifact, undefined); // only a Go binary, no OS result
    // Docker Hub references are normalised as go-containerregistry does.
    const provisioner = r.findings.find((f) =>
      f.target?.startsWith('docker.io/kindest/local-path-provisioner'),
    )!;
    assert.deepEqual(provisioner.artifact, {
      registry: 'index.docker.io',
      repository: 'kindest/local-path-provisioner',
      tag: 'v0.0.22-kind.0',
      digest: undefined,
    });
    assert.ok(r.findings.filter((f) => f.type !== 'vulnerability').every((f) => f.artifact === undefined));
  });

  it('leaves language results without an image when an entry holds several images', () => {
    // Since v0.57 (trivy#7444) one entry holds the results of all containers of a workload; a
    // Go binary's result does not say which image it is in. Here: the etcd entry's results followed
    // by the kindnet entry's (debian OS result + bin/kindnetd), as one Pod with two containers.
    const doc = fixtureJson(REPORT_ALL);
    const vulnEntry = (name: string): K8sResource =>
      doc.Resources.find(
        (e: K8sResource) => e.Name === name && e.Results?.some((x) => x.Vulnerabilities?.length),
      );
    const etcd = vulnEntry('etcd-kind-control-plane');
    etcd.Results = [...etcd.Results!, ...vulnEntry('kindnet').Results!];
    const found = readEdited(doc).findings.filter(
      (f) => f.type === 'vulnerability' && f.resource?.name === 'etcd-kind-control-plane',
    );
    const byTarget = new Map(found.map((f) => [f.target, f.artifact]));
    assert.equal(byTarget.get('usr/local/bin/etcd'), undefined);
    assert.equal(byTarget.get('bin/kindnetd'), undefined);
    assert.equal(
      byTarget.get('docker.io/kindest/kindnetd:v20220510-4929dd75 (debian 11.3)')?.repository,
      'kindest/kindnetd',
    );
  });

  it('takes the image digest from resource Metadata, an object (v0.48-v0.56) or a list (v0.57+)', () => {
    // pkg/k8s/report/report.go Resource.Metadata: `types.Metadata` until v0.56, `[]types.Metadata`
    // since trivy#7444 (v0.57); types.Metadata {ImageID, RepoTags, RepoDigests}. The digest is the
    // alpine fixture's ImageID, standing in for the etcd image's.
    const digest = 'sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4';
    const metadata = { ImageID: digest, RepoTags: ['k8s.gcr.io/etcd:3.5.3-0'] };
    for (const shape of [metadata, [metadata]]) {
      const doc = fixtureJson(REPORT_ALL);
      const entry = doc.Resources.find(
        (e: K8sResource) =>
          e.Name === 'etcd-kind-control-plane' && e.Results?.some((x) => x.Vulnerabilities?.length),
      );
      entry.Metadata = shape;
      const etcd = readEdited(doc).findings.filter(
        (f) => f.type === 'vulnerability' && f.resource?.name === 'etcd-kind-control-plane',
      );
      assert.deepEqual(etcd[0]!.artifact, {
        registry: 'k8s.gcr.io',
        repository: 'etcd',
        tag: '3.5.3-0',
        digest,
      });
      assert.ok(etcd.every((f) => f.artifact === etcd[0]!.artifact));
    }
  });
});

describe('readTrivyK8sJson: {ClusterName, Findings[]} (--report summary)', () => {
  it('reads the consolidated shape with the same findings and one entry per resource', () => {
    const all = readFixture(REPORT_ALL);
    const summary = readEdited(consolidate(fixtureJson(REPORT_ALL)));
    assert.equal(summary.format, 'trivy-k8s-json');
    // consolidate() keeps every finding (672, as in --report all) and drops the entries without
    // findings, among them the two that carry only an Error: nothing is left to report.
    assert.equal(summary.findings.length, 672);
    assert.deepEqual(
      countBy(summary.findings, (f) => f.type),
      countBy(all.findings, (f) => f.type),
    );
    assert.deepEqual(summary.problems, []);
    const resources = new Set(summary.findings.map((f) => f.resource));
    assert.equal(new Set([...resources].map((r) => resourceKey(r!))).size, resources.size);
  });
});

describe('readTrivyK8sJson: {ClusterName, Vulnerabilities[], Misconfigurations[]} (before v0.42)', () => {
  const r = readFixture(LEGACY);

  it('reads both lists and merges the workload into one resource reference', () => {
    assert.equal(r.format, 'trivy-k8s-json');
    assert.deepEqual(r.problems, []);
    // jq '[.Vulnerabilities[].Results[].Vulnerabilities[]] | length' -> 1 (LOW);
    // jq '[.Misconfigurations[].Results[]?.Misconfigurations[]] | length' -> 2 (KSV001 MEDIUM, KSV003 LOW).
    assert.deepEqual(
      countBy(r.findings, (f) => f.type),
      { vulnerability: 1, misconfiguration: 2 },
    );
    assert.deepEqual(
      countBy(r.findings, (f) => f.severity),
      { LOW: 2, MEDIUM: 1 },
    );
    const [vuln, ksv1, ksv3] = r.findings;
    assert.equal(vuln!.resource, ksv1!.resource);
    assert.equal(ksv1!.resource, ksv3!.resource);
    assert.deepEqual(vuln!.resource, { kind: 'Deployment', namespace: 'default', name: 'app' });
    assert.deepEqual(vuln!.artifact, {
      registry: 'index.docker.io',
      repository: 'library/ubuntu',
      tag: 'latest',
      digest: undefined,
    });
  });

  it('reads IacMetadata lines as approximate locations', () => {
    const ksv1 = r.findings.find((f) => f.id === 'KSV001')!;
    assert.deepEqual(ksv1.location, {
      path: 'Deployment/app',
      startLine: 121,
      endLine: 133,
      approximate: true,
    });
    assert.equal(ksv1.cause, undefined); // IacMetadata had no Code
  });
});

describe('readTrivyK8sJson: bad input', () => {
  it('skips broken resources and lists with warnings and reads the rest', () => {
    const doc = fixtureJson(LEGACY);
    doc.Resources = 'none';
    doc.Vulnerabilities.unshift(null, { Kind: 'Pod' }, { Kind: 'Pod', Name: 'p', Results: {} });
    doc.Misconfigurations[0].Results[0].Misconfigurations.push({ Status: 'FAIL' });
    const r = readEdited(doc);
    assert.equal(r.findings.length, 3);
    assert.deepEqual(
      r.problems.map((p) => p.message),
      [
        'Resources is not a list; nothing read from it',
        'Vulnerabilities[0]: skipped, not an object',
        'Vulnerabilities[1]: skipped, no Kind or Name',
        'Vulnerabilities[2].Results: skipped, not a list',
        'Misconfigurations[0].Results[0].Misconfigurations[2]: skipped, no ID',
      ],
    );
  });
});
