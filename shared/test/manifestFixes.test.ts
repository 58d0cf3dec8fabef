import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse, stringify } from 'yaml';
import { applyFileEdits } from '../src/fixes/fileEdit.js';
import type { Fix, FixContext, RunningImage } from '../src/fixes/fix.js';
import { fixesForFinding } from '../src/fixes/manifestFixes.js';
import type { Finding, ResourceRef } from '../src/model/finding.js';
import { readSourceText } from '../src/readers/readSource.js';
import { fixture } from './manifestLines.js';

/** The findings the real readers make of a fixture. */
function findingsOf(path: string): Finding[] {
  return readSourceText(fixture(path), path).findings;
}

const podReport = findingsOf('reports/configauditreport_pod-my-pod_envtest-expected.yaml');
const check = (id: string): Finding => {
  const f = podReport.find((x) => x.id === id);
  assert.ok(f, `${id} is in the Pod report`);
  return f;
};
/** A real finding re-addressed to another workload, as the same check on it reads. */
const about = (f: Finding, resource: ResourceRef): Finding => ({ ...f, resource, location: undefined });

/** The fix with this title start, applied to the manifest: the text after it. */
function applied(fixes: readonly Fix[], title: string, text: string, path = 'm.yaml'): string {
  const fix = fixes.find((f) => f.title.startsWith(title));
  assert.ok(fix, `a fix "${title}" among ${JSON.stringify(fixes.map((f) => f.title))}`);
  return applyFileEdits(
    text,
    fix.edits.filter((e) => e.path === path),
  );
}

const fixesOn = (finding: Finding, text: string, extra: Partial<FixContext> = {}): Fix[] =>
  fixesForFinding(finding, { manifest: { path: 'm.yaml', text }, ...extra });

/** Replaces the one occurrence of `old` (it must be there exactly once). */
function edited(text: string, old: string, replacement: string): string {
  assert.equal(text.split(old).length, 2, `"${old}" occurs once`);
  return text.replace(old, replacement);
}

describe('quick fixes on the Pod of the Trivy Operator envtest report', () => {
  // The real Pod and the real report Trivy Operator made of it: every fixable check fails.
  const pod = fixture('reports/configauditreport_input_pod-my-pod.yaml');
  const end = '      name: app\n';

  it('adds the missing securityContext to the container, at its keys’ column, after its last key', () => {
    const fixes = fixesOn(check('KSV001'), pod);
    assert.deepEqual(
      fixes.map((f) => [f.title, f.kind, f.preferred]),
      [['Set securityContext.allowPrivilegeEscalation: false in container "app"', 'security-context', true]],
    );
    assert.equal(
      applied(fixes, 'Set', pod),
      `${pod}      securityContext:\n        allowPrivilegeEscalation: false\n`,
    );
    assert.ok(pod.endsWith(end));
  });

  it('gives one edit, at a line start, with 0-based positions', () => {
    const [fix] = fixesOn(check('KSV014'), pod);
    assert.deepEqual(fix!.edits, [
      {
        path: 'm.yaml',
        start: { line: 13, character: 0 },
        end: { line: 13, character: 0 },
        startOffset: pod.length,
        endOffset: pod.length,
        newText: '      securityContext:\n        readOnlyRootFilesystem: true\n',
        placeholders: [],
      },
    ]);
  });

  it('drops ALL capabilities in a new list laid out as the file lays out its lists', () => {
    assert.equal(
      applied(fixesOn(check('KSV003'), pod), 'Drop ALL', pod),
      `${pod}      securityContext:\n        capabilities:\n          drop:\n            - ALL\n`,
    );
  });

  it('offers runAsNonRoot on the container (preferred) and on the pod, which covers every container', () => {
    const fixes = fixesOn(check('KSV012'), pod);
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred]),
      [
        ['Set securityContext.runAsNonRoot: true in container "app"', true],
        ['Set securityContext.runAsNonRoot: true for the whole pod (Pod my-pod)', false],
      ],
    );
    assert.equal(
      applied(fixes, 'Set securityContext.runAsNonRoot: true in', pod),
      `${pod}      securityContext:\n        runAsNonRoot: true\n`,
    );
    // The pod spec holds only `containers`: the pod's securityContext goes after the list.
    assert.equal(
      applied(fixes, 'Set securityContext.runAsNonRoot: true for', pod),
      `${pod}  securityContext:\n    runAsNonRoot: true\n`,
    );
  });

  it('sets a resource to a default the user edits, and all missing ones at once', () => {
    const fixes = fixesOn(check('KSV016'), pod);
    assert.deepEqual(
      fixes.map((f) => f.title),
      [
        'Set resources.requests.memory: 128Mi in container "app"',
        'Set all missing resource requests and limits in container "app"',
      ],
    );
    const one = fixes[0]!.edits[0]!;
    assert.equal(one.newText, '      resources:\n        requests:\n          memory: 128Mi\n');
    assert.deepEqual(
      one.placeholders.map((p) => one.newText.slice(p.offset, p.offset + p.length)),
      ['128Mi'],
    );
    const all = fixes[1]!.edits[0]!;
    assert.equal(
      applyFileEdits(pod, [all]),
      `${pod}      resources:\n        requests:\n          cpu: 100m\n          memory: 128Mi\n` +
        `        limits:\n          cpu: 500m\n          memory: 256Mi\n`,
    );
    assert.deepEqual(
      all.placeholders.map((p) => all.newText.slice(p.offset, p.offset + p.length)),
      ['100m', '128Mi', '500m', '256Mi'],
    );
  });

  it('writes the resource values the host configures', () => {
    const resources = { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '1Gi' } };
    assert.equal(
      applied(fixesOn(check('KSV011'), pod, { resources }), 'Set resources.limits.cpu: 1 ', pod),
      `${pod}      resources:\n        limits:\n          cpu: "1"\n`,
    );
  });

  it('keeps CRLF line ends', () => {
    const crlf = pod.replace(/\n/g, '\r\n');
    assert.equal(
      applied(fixesOn(check('KSV001'), crlf), 'Set', crlf),
      `${crlf}      securityContext:\r\n        allowPrivilegeEscalation: false\r\n`,
    );
  });

  it('adds a line break first when the file has none at its end', () => {
    const bare = pod.slice(0, -1);
    assert.equal(
      applied(fixesOn(check('KSV001'), bare), 'Set', bare),
      `${bare}\n      securityContext:\n        allowPrivilegeEscalation: false`,
    );
  });

  it('offers nothing for checks it has no fix for, and nothing where the finding does not point', () => {
    assert.deepEqual(fixesOn(check('KSV030'), pod), []);
    assert.deepEqual(fixesOn(about(check('KSV001'), { kind: 'Pod', name: 'other-pod' }), pod), []);
    assert.deepEqual(
      fixesOn(about(check('KSV001'), { kind: 'Pod', name: 'my-pod', container: 'sidecar' }), pod),
      [],
    );
  });
});

describe('quick fixes on manifests people keep', () => {
  it('flips a value in place and adds a key below it (Polaris ids of the docs report on Deployment nginx)', () => {
    const nginx = fixture('manifests/nginx-deployment.yaml');
    const docs = findingsOf('reports/configauditreport_replicaset-nginx_docs.yaml');
    const byId = (id: string) => docs.find((f) => f.id === id)!;
    assert.equal(
      applied(fixesOn(byId('privilegeEscalationAllowed'), nginx), 'Set', nginx),
      edited(nginx, 'allowPrivilegeEscalation: true', 'allowPrivilegeEscalation: false'),
    );
    assert.equal(
      applied(fixesOn(byId('notReadOnlyRootFilesystem'), nginx), 'Set', nginx),
      edited(
        nginx,
        '            allowPrivilegeEscalation: true\n',
        '            allowPrivilegeEscalation: true\n            readOnlyRootFilesystem: true\n',
      ),
    );
  });

  it('indents new keys by the step the file uses (4 spaces)', () => {
    // The nginx Deployment without its securityContext, as the `yaml` package writes it with 4 spaces.
    const manifest = parse(fixture('manifests/nginx-deployment.yaml')) as {
      spec: { template: { spec: { containers: Record<string, unknown>[] } } };
    };
    delete manifest.spec.template.spec.containers[0]!.securityContext;
    const four = stringify(manifest, { indent: 4 });
    const docs = findingsOf('reports/configauditreport_replicaset-nginx_docs.yaml');
    const f = docs.find((x) => x.id === 'notReadOnlyRootFilesystem')!;
    assert.equal(
      applied(fixesOn(f, four), 'Set', four),
      `${four}                  securityContext:\n                      readOnlyRootFilesystem: true\n`,
    );
    assert.ok(four.endsWith('                      - containerPort: 80\n'));
  });

  it('removes added capabilities from the CoreDNS add-on (real trivy k8s KSV022), keeping drop', () => {
    const coredns = fixture('manifests/coredns.yaml.base');
    const ksv022 = findingsOf('trivy/k8s_cluster_report-all_securecodebox.json').find(
      (f) => f.id === 'KSV022' && f.resource?.name === 'coredns',
    )!;
    const fixes = fixesOn(ksv022, coredns);
    assert.deepEqual(
      fixes.map((f) => [f.title, f.kind, f.preferred]),
      [['Remove the added capabilities in container "coredns"', 'remove-capabilities', false]],
    );
    assert.equal(
      applied(fixes, 'Remove', coredns),
      edited(coredns, '            add:\n            - NET_BIND_SERVICE\n', ''),
    );
  });

  it('adds to a map whose keys are sorted in their sorted place, comments and flow lists intact (CoreDNS)', () => {
    const coredns = fixture('manifests/coredns.yaml.base');
    const f = about(check('KSV012'), {
      kind: 'Deployment',
      name: 'coredns',
      namespace: 'kube-system',
      container: 'coredns',
    });
    const fixes = fixesOn(f, coredns);
    // The container's securityContext keys are sorted: runAsNonRoot goes after readOnlyRootFilesystem.
    assert.equal(
      applied(fixes, 'Set securityContext.runAsNonRoot: true in', coredns),
      edited(
        coredns,
        '          readOnlyRootFilesystem: true\n      dnsPolicy',
        '          readOnlyRootFilesystem: true\n          runAsNonRoot: true\n      dnsPolicy',
      ),
    );
    // The pod's securityContext has one key: the new one goes after it.
    assert.equal(
      applied(fixes, 'Set securityContext.runAsNonRoot: true for', coredns),
      edited(
        coredns,
        '          type: RuntimeDefault\n',
        '          type: RuntimeDefault\n        runAsNonRoot: true\n',
      ),
    );
  });

  it('never writes a limit below the request already there, nor a request above the limit', () => {
    const shop = fixture('manifests/shop-workloads.yaml');
    const web = { kind: 'Deployment', name: 'web', namespace: 'shop', container: 'web' };
    // `web` has limits cpu 500m and memory 256Mi and no requests.
    const big = { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '4', memory: '2Gi' } };
    const requests = fixesOn(about(check('KSV016'), web), shop, { resources: big });
    assert.deepEqual(
      requests.map((f) => f.title),
      [
        'Set resources.requests.memory: 256Mi in container "web"',
        'Set all missing resource requests and limits in container "web"',
      ],
    );
    assert.equal(
      applied(requests, 'Set all', shop),
      edited(
        shop,
        '              memory: 256Mi\n',
        '              memory: 256Mi\n            requests:\n              cpu: 500m\n              memory: 256Mi\n',
      ),
    );
  });

  it('does not edit a securityContext shared through an anchor; adds beside a merge key', () => {
    const shop = fixture('manifests/shop-workloads.yaml');
    // `web` has `securityContext: *restricted`, the init container's map: editing it would change
    // both. The pod already says runAsNonRoot: true, so no fix is left.
    const web = { kind: 'Deployment', name: 'web', namespace: 'shop', container: 'web' };
    assert.deepEqual(fixesOn(about(check('KSV012'), web), shop), []);
    assert.deepEqual(fixesOn(about(check('KSV014'), web), shop), []);
    // `sidecar` has `<<: *restricted` and keys of its own: its own map gets the key.
    const sidecar = { kind: 'Deployment', name: 'web', namespace: 'shop', container: 'sidecar' };
    assert.equal(
      applied(
        fixesOn(about(check('KSV012'), sidecar), shop),
        'Set securityContext.runAsNonRoot: true in',
        shop,
      ),
      edited(
        shop,
        '            runAsUser: 1000\n',
        '            runAsUser: 1000\n            runAsNonRoot: true\n',
      ),
    );
  });

  it('lays out new lists as kubectl does (no indentation under the key) in a kubectl List', () => {
    const list = fixture('manifests/pods-list.yaml');
    const f = about(check('KSV003'), {
      kind: 'Pod',
      name: 'web-6d4cf56db6-x7k2p',
      namespace: 'shop',
      container: 'web',
    });
    assert.equal(
      applied(fixesOn(f, list), 'Drop ALL', list),
      edited(
        list,
        '      image: registry.example.com/shop/web:2.3.1\n',
        '      image: registry.example.com/shop/web:2.3.1\n      securityContext:\n        capabilities:\n          drop:\n          - ALL\n',
      ),
    );
  });

  it('appends ALL to a drop list in its own style: block, flow, JSON', () => {
    const coredns = fixture('manifests/coredns.yaml.base');
    const f = about(check('KSV003'), {
      kind: 'Deployment',
      name: 'coredns',
      namespace: 'kube-system',
      container: 'coredns',
    });
    const block = edited(coredns, '            - ALL\n', '            - NET_RAW\n');
    assert.equal(
      applied(fixesOn(f, block), 'Drop ALL', block),
      edited(block, '            - NET_RAW\n', '            - NET_RAW\n            - ALL\n'),
    );
    const flow = edited(coredns, '            drop:\n            - ALL\n', '            drop: [NET_RAW]\n');
    assert.equal(
      applied(fixesOn(f, flow), 'Drop ALL', flow),
      edited(flow, 'drop: [NET_RAW]', 'drop: [NET_RAW, ALL]'),
    );
  });

  it('adds to flow maps keeping their style, quoting and trailing commas (Helm values, JSON)', () => {
    const pod = fixture('reports/configauditreport_input_pod-my-pod.yaml');
    const flow = edited(
      pod,
      '      name: app\n',
      '      name: app\n      securityContext: {runAsUser: 1000}\n',
    );
    assert.equal(
      applied(fixesOn(check('KSV001'), flow), 'Set', flow),
      edited(flow, '{runAsUser: 1000}', '{runAsUser: 1000, allowPrivilegeEscalation: false}'),
    );
    // The same Pod as `kubectl get -o json` writes it: JSON is YAML in flow style.
    const json = `${JSON.stringify(parse(pod), null, 2)}\n`;
    const out = applied(fixesOn(check('KSV001'), json), 'Set', json);
    assert.equal(
      out,
      edited(
        json,
        '        "name": "app"\n',
        '        "name": "app",\n        "securityContext": {"allowPrivilegeEscalation": false}\n',
      ),
    );
    assert.equal(JSON.parse(out).spec.containers[0].securityContext.allowPrivilegeEscalation, false);
  });

  it('turns an empty {} into block entries in its place', () => {
    const rendered = fixture('manifests/testchart-rendered-deployment.yaml');
    const f = about(check('KSV012'), { kind: 'Deployment', name: 'testchart', container: 'testchart' });
    const noFlag = edited(rendered, '            runAsNonRoot: true\n', '');
    assert.equal(
      applied(fixesOn(f, noFlag), 'Set securityContext.runAsNonRoot: true for', noFlag),
      edited(
        noFlag,
        '      securityContext:\n        {}\n',
        '      securityContext:\n        runAsNonRoot: true\n',
      ),
    );
    const kubectl = edited(pod(), '      name: app\n', '      name: app\n      resources: {}\n');
    assert.equal(
      applied(fixesOn(check('KSV011'), kubectl), 'Set resources.limits.cpu', kubectl),
      edited(kubectl, '      resources: {}\n', '      resources:\n        limits:\n          cpu: 500m\n'),
    );
  });
});

function pod(): string {
  return fixture('reports/configauditreport_input_pod-my-pod.yaml');
}

describe('pinning the image (KSV013)', () => {
  // A KSV013 finding as Trivy writes it (trivy-checks `uses_image_tag_latest.rego`: title, message).
  const latest = (container: string, resource: ResourceRef): Finding => ({
    ...check('KSV001'),
    id: 'KSV013',
    aliases: ['KSV-0013', 'AVD-KSV-0013'],
    title: "Image tag ':latest' used",
    message: `Container '${container}' of ${resource.kind} '${resource.name}' should specify an image tag`,
    resource,
  });
  // The digest of nginx:1.14.2 from the real ClusterSbomReport of Trivy Operator's e2e tests.
  const sbom = parse(fixture('reports/clustersbomreport_nginx-1.14.2_e2e.yaml')) as {
    report: { artifact: { repository: string; tag: string; digest: string }; registry?: { server?: string } };
  };
  const running: RunningImage = {
    registry: sbom.report.registry?.server ?? 'index.docker.io',
    ...sbom.report.artifact,
  };
  const nginx = edited(
    fixture('manifests/nginx-deployment.yaml'),
    'image: nginx:1.16',
    'image: nginx:latest',
  );
  const finding = latest('nginx', { kind: 'Deployment', name: 'nginx' });

  it('pins to the digest the cluster runs, else asks for a tag', () => {
    const fixes = fixesOn(finding, nginx, { runningImages: [running] });
    assert.deepEqual(
      fixes.map((f) => [f.title, f.kind, f.preferred, f.needs]),
      [
        [
          'Pin the image to nginx@sha256:295c7be07902…, the digest the cluster runs in container "nginx"',
          'pin-image-digest',
          true,
          undefined,
        ],
        ['Pin the image nginx to a tag…', 'pin-image-tag', false, 'imageTag'],
      ],
    );
    assert.equal(
      applied(fixes, 'Pin the image to', nginx),
      edited(nginx, 'image: nginx:latest', `image: nginx@${running.digest}`),
    );
    assert.deepEqual(fixes[1]!.edits, []);
  });

  it('pins to the tag the user chose, keeping the quotes', () => {
    const quoted = edited(nginx, 'image: nginx:latest', 'image: "nginx"');
    const fixes = fixesOn(finding, quoted, { imageTag: '1.27.3' });
    assert.equal(
      applied(fixes, 'Pin the image to nginx:1.27.3', quoted),
      edited(quoted, '"nginx"', '"nginx:1.27.3"'),
    );
    assert.deepEqual(
      fixesOn(finding, quoted, { imageTag: 'latest' }).map((f) => f.kind),
      [],
    );
  });

  it('ignores digests of other images and digests that are not digests', () => {
    const fixes = fixesOn(finding, nginx, {
      runningImages: [
        { ...running, repository: 'library/busybox' },
        { ...running, digest: 'sha256:$(reboot)' },
      ],
    });
    assert.deepEqual(
      fixes.map((f) => f.kind),
      ['pin-image-tag'],
    );
  });
});

describe('quick fixes on Helm templates', () => {
  const template = fixture('trivy/inputs/helm_testchart/templates/deployment.yaml');
  const values = fixture('trivy/inputs/helm_testchart/values.yaml');
  const helm = findingsOf('trivy/config_helm-testchart_trivy-json.json');
  const ksv001 = helm.find((f) => f.id === 'KSV001')!;
  const context = (text: string): FixContext => ({
    manifest: { path: 'templates/deployment.yaml', text },
    helmValues: { path: 'values.yaml', text: values },
  });

  it('fixes a key the template fills from values.yaml in values.yaml, in its JSON-like flow style', () => {
    const fixes = fixesForFinding(ksv001, context(template));
    assert.deepEqual(
      fixes.map((f) => [f.title, f.edits.map((e) => e.path)]),
      [['Set securityContext.allowPrivilegeEscalation: false (in values.yaml)', ['values.yaml']]],
    );
    assert.equal(
      applyFileEdits(values, fixes[0]!.edits),
      edited(
        values,
        '    "readOnlyRootFilesystem": true,\n',
        '    "readOnlyRootFilesystem": true,\n    "allowPrivilegeEscalation": false,\n',
      ),
    );
  });

  it('fixes the pod-level key in values.yaml where `{}` sits on its own line before a comment', () => {
    const fixes = fixesForFinding(
      about(check('KSV012'), { kind: 'Deployment', name: 'x' }),
      context(template),
    );
    // The container's flag is already true in values.yaml: only the pod-level fix changes anything.
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Set securityContext.runAsNonRoot: true for the whole pod (in values.yaml)'],
    );
    assert.equal(
      applyFileEdits(values, fixes[0]!.edits),
      edited(
        values,
        'podSecurityContext:\n  {}\n  # fsGroup: 2000\n',
        'podSecurityContext:\n  runAsNonRoot: true\n  # fsGroup: 2000\n',
      ),
    );
  });

  it('inserts on plain lines of the template, after the action that fills the last key', () => {
    const bare = edited(
      template,
      '          securityContext:\n            {{- toYaml .Values.securityContext | nindent 12 }}\n',
      '',
    );
    const fixes = fixesForFinding(ksv001, context(bare));
    assert.deepEqual(
      fixes.map((f) => f.edits.map((e) => e.path)),
      [['templates/deployment.yaml']],
    );
    assert.equal(
      applyFileEdits(bare, fixes[0]!.edits),
      edited(
        bare,
        '            {{- toYaml .Values.resources | nindent 12 }}\n',
        '            {{- toYaml .Values.resources | nindent 12 }}\n          securityContext:\n            allowPrivilegeEscalation: false\n',
      ),
    );
  });

  it('offers nothing where template actions decide the keys, or without values.yaml', () => {
    // The pod spec has `{{- with … }}` blocks at its keys' column: a new key's place is not plain YAML.
    const bare = edited(
      template,
      '      securityContext:\n        {{- toYaml .Values.podSecurityContext | nindent 8 }}\n',
      '',
    );
    const f = about(check('KSV012'), { kind: 'Deployment', name: 'x' });
    assert.deepEqual(
      fixesForFinding(f, context(bare)).map((x) => x.title),
      [],
    );
    assert.deepEqual(fixesForFinding(ksv001, { manifest: { path: 't.yaml', text: template } }), []);
    // The image is an action inside a string: not pinned in the template.
    const ksv013 = { ...ksv001, id: 'KSV013', aliases: [] };
    assert.deepEqual(fixesForFinding(ksv013, context(template)), []);
  });
});
