import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildManifestIndex } from '../src/manifests/manifestIndex.js';
import { rangeForFinding, type ManifestRange } from '../src/manifests/findingToRange.js';
import type { Finding, ResourceRef } from '../src/model/finding.js';
import { line1 } from '../src/model/lines.js';
import { readSourceText } from '../src/readers/readSource.js';
import { fixture, lineNo } from './manifestLines.js';

/** The findings the real readers make of a fixture. */
function findingsOf(path: string): Finding[] {
  const read = readSourceText(fixture(path), path);
  assert.deepEqual(read.problems, [], `${path} reads cleanly`);
  return read.findings;
}

function byId(findings: readonly Finding[], id: string): Finding {
  const f = findings.find((x) => x.id === id);
  assert.ok(f, `${id} is among the findings`);
  return f;
}

/** A real finding re-addressed to another resource, as the same check on another workload reads. */
const about = (f: Finding, resource: ResourceRef): Finding => ({ ...f, resource });

const where = (r: ManifestRange | undefined) =>
  r && { line: r.startLine, endLine: r.endLine, precision: r.precision, approximate: r.approximate };

describe('rangeForFinding: cluster findings by identity', () => {
  const pod = fixture('reports/configauditreport_input_pod-my-pod.yaml');
  const podIndex = buildManifestIndex(pod, 'pod.yaml');

  it('places every failed check of the Pod report on the Pod manifest, at its only container', () => {
    const findings = findingsOf('reports/configauditreport_pod-my-pod_envtest-expected.yaml');
    // `grep -c 'success: false'` on the report gives 13.
    assert.equal(findings.length, 13);
    const container = lineNo(pod, '- image: app-image:app-image-tag');
    for (const f of findings) {
      // The report is in namespace `default`; the Pod manifest has no namespace and still matches.
      assert.equal(f.resource?.namespace, 'default');
      const r = rangeForFinding(f, podIndex);
      // The Pod sets none of the keys the checks want, so each lands on the container entry.
      assert.deepEqual(
        where(r),
        { line: container, endLine: container, precision: 'container', approximate: true },
        f.id,
      );
      assert.equal(r?.object?.name, 'my-pod');
    }
  });

  it('finds nothing when the namespaces differ', () => {
    const f = byId(findingsOf('reports/configauditreport_pod-my-pod_envtest-expected.yaml'), 'KSV012');
    const namespaced = buildManifestIndex(
      pod.replace('  name: my-pod\n', '  name: my-pod\n  namespace: prod\n'),
      'pod.yaml',
    );
    assert.equal(rangeForFinding(f, namespaced), undefined);
  });

  it('lifts ReplicaSet nginx-6d4cf56db6 of the docs reports to Deployment nginx, down to the key', () => {
    const text = fixture('manifests/nginx-deployment.yaml');
    const index = buildManifestIndex(text, 'nginx-deployment.yaml');
    const checks = findingsOf('reports/configauditreport_replicaset-nginx_docs.yaml');
    assert.equal(checks.length, 2, "`grep -c 'success: false'` gives 2");
    // Both checks carry `scope: {type: Container, value: nginx}`.
    const escalation = rangeForFinding(byId(checks, 'privilegeEscalationAllowed'), index);
    assert.deepEqual(where(escalation), {
      ...atLine(lineNo(text, 'allowPrivilegeEscalation: true')),
      precision: 'key',
      approximate: true,
    });
    assert.equal(escalation?.object?.kind, 'Deployment');
    // readOnlyRootFilesystem is not set: its nearest parent is the container's securityContext.
    const readOnly = rangeForFinding(byId(checks, 'notReadOnlyRootFilesystem'), index);
    assert.deepEqual(where(readOnly), {
      ...atLine(lineNo(text, 'securityContext:')),
      precision: 'parent',
      approximate: true,
    });

    const vulns = findingsOf('reports/vulnerabilityreport_replicaset-nginx_docs.yaml');
    for (const v of vulns) {
      assert.equal(v.resource?.container, 'nginx');
      assert.deepEqual(where(rangeForFinding(v, index)), {
        ...atLine(lineNo(text, 'image: nginx:1.16')),
        precision: 'key',
        approximate: true,
      });
    }
  });

  it('places on the object a caller found, when names alone do not lead to it', () => {
    // A ReplicaSet whose name has no pod-template-hash suffix: only its ownerReferences (read by the
    // cluster store) say it belongs to Deployment nginx; the workspace passes the object it found.
    const text = fixture('manifests/nginx-deployment.yaml');
    const index = buildManifestIndex(text, 'nginx-deployment.yaml');
    const check = byId(
      findingsOf('reports/configauditreport_replicaset-nginx_docs.yaml'),
      'privilegeEscalationAllowed',
    );
    const renamed = about(check, {
      kind: 'ReplicaSet',
      namespace: 'default',
      name: 'nginx-canary',
      container: 'nginx',
    });
    assert.equal(rangeForFinding(renamed, index), undefined);
    const deployment = index.objects.find((o) => o.kind === 'Deployment')!;
    assert.deepEqual(where(rangeForFinding(renamed, index, deployment)), {
      ...atLine(lineNo(text, 'allowPrivilegeEscalation: true')),
      precision: 'key',
      approximate: true,
    });
    assert.equal(rangeForFinding(renamed, index, deployment)?.object, deployment);
  });

  describe('on a multi-document file with anchors', () => {
    const shop = fixture('manifests/shop-workloads.yaml');
    const index = buildManifestIndex(shop, 'shop-workloads.yaml');
    const podChecks = findingsOf('reports/configauditreport_pod-my-pod_envtest-expected.yaml');
    const rs = (container: string): ResourceRef => ({
      kind: 'ReplicaSet',
      namespace: 'shop',
      name: 'web-6d4cf56db6',
      container,
    });

    it('uses the pod-level key when the container does not set it', () => {
      const r = rangeForFinding(about(byId(podChecks, 'KSV012'), rs('web')), index);
      assert.deepEqual(where(r), {
        ...atLine(lineNo(shop, 'runAsNonRoot: true')),
        precision: 'key',
        approximate: true,
      });
      assert.equal(r?.object?.name, 'web');
    });

    it('points at the alias in the container, not at the anchor in the init container', () => {
      const r = rangeForFinding(about(byId(podChecks, 'KSV014'), rs('web')), index);
      assert.equal(r?.startLine, lineNo(shop, 'securityContext: *restricted'));
      const sidecar = rangeForFinding(about(byId(podChecks, 'KSV001'), rs('sidecar')), index);
      assert.equal(sidecar?.startLine, lineNo(shop, '<<: *restricted'));
    });

    it("places an image finding of a Deployment's Pod on the container's image line", () => {
      const vuln = findingsOf('trivy/image_alpine-3.10_trivy-json.json')[0]!;
      const r = rangeForFinding(
        about(vuln, { kind: 'Pod', namespace: 'shop', name: 'web-6d4cf56db6-x7k2p', container: 'sidecar' }),
        index,
      );
      assert.deepEqual(where(r), {
        ...atLine(lineNo(shop, 'image: busybox:latest')),
        precision: 'key',
        approximate: true,
      });
    });

    it('lifts a Job of a CronJob and a StatefulSet Pod by their names', () => {
      const cpu = rangeForFinding(
        about(byId(podChecks, 'KSV011'), {
          kind: 'Job',
          namespace: 'shop',
          name: 'backup-28930560',
          container: 'backup',
        }),
        index,
      );
      assert.deepEqual(where(cpu), {
        ...atLine(lineNo(shop, '- name: backup')),
        precision: 'container',
        approximate: true,
      });
      const db = rangeForFinding(
        about(byId(podChecks, 'KSV012'), {
          kind: 'Pod',
          namespace: 'shop',
          name: 'db-0',
          container: 'postgres',
        }),
        index,
      );
      assert.equal(db?.object?.kind, 'StatefulSet');
      assert.equal(db?.precision, 'container');
    });

    it('finds the DaemonSet of a Pod whose name alone is ambiguous, and its pod-level keys', () => {
      const agentPod: ResourceRef = { kind: 'Pod', namespace: 'shop', name: 'node-agent-x7k2p' };
      const hostPath = { ...byId(podChecks, 'KSV012'), id: 'KSV023', aliases: [] };
      assert.equal(rangeForFinding(about(hostPath, agentPod), index)?.startLine, lineNo(shop, 'hostPath:'));
      const hostNetwork = { ...byId(podChecks, 'KSV012'), id: 'KSV009', aliases: [] };
      assert.equal(
        rangeForFinding(about(hostNetwork, agentPod), index)?.startLine,
        lineNo(shop, 'hostNetwork: true'),
      );
    });

    it('places an RBAC check on the rules of the Role', () => {
      const rbac = findingsOf('reports/rbacassessmentreport_role-proxy_envtest-expected.yaml');
      const r = rangeForFinding(
        about(byId(rbac, 'KSV113'), { kind: 'Role', namespace: 'shop', name: 'web-reader' }),
        index,
      );
      assert.deepEqual(where(r), { ...atLine(lineNo(shop, 'rules:')), precision: 'key', approximate: true });
    });

    it('places a policy result, whose check it cannot know, on metadata.name', () => {
      const policy = findingsOf('reports/policyreport_pod-kube-apiserver_kyverno-docs.yaml')[0]!;
      const r = rangeForFinding(about(policy, { kind: 'StatefulSet', namespace: 'shop', name: 'db' }), index);
      assert.deepEqual(where(r), {
        ...atLine(lineNo(shop, 'name: db')),
        precision: 'document',
        approximate: true,
      });
    });

    it('prefers identity over trivy k8s lines, which are not lines of any file', () => {
      const f: Finding = {
        ...about(byId(podChecks, 'KSV012'), rs('web')),
        location: { path: 'shop-workloads.yaml', startLine: line1(3), endLine: line1(9), approximate: true },
      };
      assert.equal(rangeForFinding(f, index)?.startLine, lineNo(shop, 'runAsNonRoot: true'));
    });
  });
});

describe('rangeForFinding: local misconfigurations by line', () => {
  const helm = findingsOf('trivy/config_helm-testchart_trivy-json.json');
  const rendered = fixture('manifests/testchart-rendered-deployment.yaml');

  it('has a rendered manifest whose lines are the ones Trivy quoted', () => {
    const raw = JSON.parse(fixture('trivy/config_helm-testchart_trivy-json.json')) as {
      Results: {
        Misconfigurations?: {
          CauseMetadata?: { Code?: { Lines?: { Number: number; Content: string }[] | null } };
        }[];
      }[];
    };
    const lines = rendered.split('\n');
    let compared = 0;
    for (const m of raw.Results.flatMap((r) => r.Misconfigurations ?? [])) {
      for (const l of m.CauseMetadata?.Code?.Lines ?? []) {
        if (l.Content === '') continue; // Trivy blanks the line after the quoted ones
        assert.equal(lines[l.Number - 1], l.Content, `line ${l.Number}`);
        compared++;
      }
    }
    assert.equal(compared, 9 * 3 + 8 + 9, 'KSV001/030/104 quote 9 lines, KSV110 8, KSV118 9');
  });

  it('narrows the block to the offending key, else to the cause line, in the file Trivy scanned', () => {
    const index = buildManifestIndex(rendered, 'testchart-rendered-deployment.yaml');
    // The Helm lines are lines of this rendered text, so here they are exact.
    const exact = helm.map((f) =>
      f.location
        ? {
            ...f,
            location: { ...f.location, path: 'testchart-rendered-deployment.yaml', approximate: false },
          }
        : f,
    );
    const got = Object.fromEntries(exact.map((f) => [f.id, where(rangeForFinding(f, index))]));
    assert.deepEqual(got, {
      // 28–57 with FirstCause 28 (`- name: testchart`); allowPrivilegeEscalation/seccompProfile are not set.
      KSV001: { ...atLine(28), precision: 'cause', approximate: false },
      KSV030: { ...atLine(28), precision: 'cause', approximate: false },
      KSV104: { ...atLine(28), precision: 'cause', approximate: false },
      // 4–11 `metadata:`; there is no metadata.namespace to point at.
      KSV110: { ...atLine(4), precision: 'cause', approximate: false },
      // No lines in the report, and no resource to find by identity.
      KSV117: undefined,
      // 23–57 `spec:`; the pod securityContext (`{}`) is inside the block.
      KSV118: { ...atLine(lineNo(rendered, '      securityContext:')), precision: 'key', approximate: false },
    });
  });

  it('keeps Helm lines approximate on the template, narrowed only to the cause line', () => {
    const index = buildManifestIndex(
      fixture('trivy/inputs/helm_testchart/templates/deployment.yaml'),
      'helm_testchart/templates/deployment.yaml',
    );
    const placed = helm.map((f) => rangeForFinding(f, index)).filter((r) => r !== undefined);
    assert.equal(placed.length, 5, 'all but KSV117, which has no lines');
    for (const r of placed) {
      assert.equal(r.approximate, true);
      assert.equal(r.precision, 'cause');
    }
    assert.deepEqual(where(rangeForFinding(byId(helm, 'KSV001'), index)), {
      ...atLine(28),
      precision: 'cause',
      approximate: true,
    });
  });

  it('returns the whole block when Trivy marked no cause line and no key narrows it', () => {
    const index = buildManifestIndex(rendered, 'testchart-rendered-deployment.yaml');
    const f = byId(helm, 'KSV110');
    const noCause: Finding = {
      ...f,
      cause: undefined,
      location: { ...f.location!, path: 'testchart-rendered-deployment.yaml', approximate: false },
    };
    assert.deepEqual(where(rangeForFinding(noCause, index)), {
      line: 4,
      endLine: 11,
      precision: 'block',
      approximate: false,
    });
  });

  it('does not put the lines of one file on another', () => {
    const index = buildManifestIndex(rendered, 'other/service.yaml');
    assert.equal(rangeForFinding(byId(helm, 'KSV001'), index), undefined);
  });
});

function atLine(line: number): { line: number; endLine: number } {
  return { line, endLine: line };
}
