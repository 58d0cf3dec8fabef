import { describe, it } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import type { Finding, ResourceRef } from '../src/model/finding.js';
import { readSourceText } from '../src/readers/readSource.js';
import {
  ManifestWorkspace,
  type Placement,
  type WorkspaceChange,
} from '../src/workspace/manifestWorkspace.js';
import { fixture, lineNo } from './manifestLines.js';

/** The findings the real readers make of a fixture. */
function findingsOf(path: string): Finding[] {
  const read = readSourceText(fixture(path), path);
  assert.deepEqual(read.problems, [], `${path} reads cleanly`);
  return read.findings;
}

const nginx = fixture('manifests/nginx-deployment.yaml');
const shop = fixture('manifests/shop-workloads.yaml');
const helmDeployment = fixture('trivy/inputs/helm_testchart/templates/deployment.yaml');
// The docs reports of ReplicaSet nginx-6d4cf56db6 (namespace default): 2 vulnerabilities, 2 failed checks.
const nginxVulns = findingsOf('reports/vulnerabilityreport_replicaset-nginx_docs.yaml');
const nginxChecks = findingsOf('reports/configauditreport_replicaset-nginx_docs.yaml');

/** The fixture behind each path of {@link repositoryWorkspace}. */
const FIXTURE_OF: Readonly<Record<string, string>> = {
  'deploy/nginx-deployment.yaml': 'manifests/nginx-deployment.yaml',
  'deploy/shop-workloads.yaml': 'manifests/shop-workloads.yaml',
  'deploy/pods-list.yaml': 'manifests/pods-list.yaml',
  'rendered/deployment.yaml': 'manifests/testchart-rendered-deployment.yaml',
  'chart/templates/deployment.yaml': 'trivy/inputs/helm_testchart/templates/deployment.yaml',
  'chart/templates/service.yaml': 'trivy/inputs/helm_testchart/templates/service.yaml',
  'chart/templates/serviceaccount.yaml': 'trivy/inputs/helm_testchart/templates/serviceaccount.yaml',
  'chart/values.yaml': 'trivy/inputs/helm_testchart/values.yaml',
  'chart/Chart.yaml': 'trivy/inputs/helm_testchart/Chart.yaml',
  Dockerfile: 'trivy/inputs/dockerfile/Dockerfile',
  'package-lock.json': 'trivy/inputs/npm/package-lock.json',
  'deploy.sh': 'trivy/inputs/secrets/deploy.sh',
};

/** Every fixture a workspace of this repository would hand in, under repository-like paths. */
function repositoryWorkspace(defaultNamespace?: string): ManifestWorkspace {
  const ws = new ManifestWorkspace(defaultNamespace === undefined ? {} : { defaultNamespace });
  for (const [path, name] of Object.entries(FIXTURE_OF)) ws.update(path, fixture(name));
  return ws;
}

/** Placements as lines, for exact comparison. */
const lines = (list: readonly Placement[]) =>
  list.map((p) => ({
    id: p.finding.id,
    line: p.range.startLine,
    endLine: p.range.endLine,
    precision: p.range.precision,
    approximate: p.range.approximate,
  }));

function recorder(ws: ManifestWorkspace): WorkspaceChange[] {
  const seen: WorkspaceChange[] = [];
  ws.onDidChange((c) => seen.push(c));
  return seen;
}

describe('ManifestWorkspace: files', () => {
  it('tells manifests, Helm templates and other files apart, without noise from the others', () => {
    const ws = repositoryWorkspace();
    const kinds = Object.fromEntries(ws.paths().map((p) => [p, ws.file(p)?.kind]));
    assert.deepEqual(kinds, {
      'deploy/nginx-deployment.yaml': 'manifests',
      'deploy/shop-workloads.yaml': 'manifests',
      'deploy/pods-list.yaml': 'manifests',
      'rendered/deployment.yaml': 'manifests',
      'chart/templates/deployment.yaml': 'template',
      'chart/templates/service.yaml': 'template',
      'chart/templates/serviceaccount.yaml': 'template',
      'chart/values.yaml': 'other',
      'chart/Chart.yaml': 'other',
      Dockerfile: 'other',
      'package-lock.json': 'other',
      'deploy.sh': 'other',
    });
    assert.deepEqual(ws.problems(), []);
  });

  it('indexes a Helm template as far as it parses, at the lines of the template', () => {
    const ws = repositoryWorkspace();
    // Without the blanking, `{{- include … | nindent 4 }}` under `labels:` makes the document fail.
    const [deployment] = ws.file('chart/templates/deployment.yaml')!.objects;
    assert.equal(deployment?.kind, 'Deployment');
    assert.equal(deployment?.name, undefined, 'the name is `{{ include "testchart.fullname" . }}`');
    assert.deepEqual(deployment?.range, {
      startLine: 1,
      // The last line that is YAML once the actions are blanked.
      endLine: lineNo(helmDeployment, '      tolerations:'),
    });
    assert.equal(deployment?.nameLine, lineNo(helmDeployment, '  name: {{ include'));
    const [account] = ws.file('chart/templates/serviceaccount.yaml')!.objects;
    assert.equal(account?.kind, 'ServiceAccount');
    assert.equal(account?.range.startLine, 2, 'line 1 is `{{- if .Values.serviceAccount.create -}}`');
  });

  it('keeps a manifest whose strings hold template text a manifest, with its problems', () => {
    // Prometheus alert rules carry Go templates in their strings; the YAML around them is plain.
    const rule = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata:',
      '  name: web-alerts',
      'spec:',
      '  groups:',
      '    - name: web',
      '      rules:',
      '        - alert: WebDown',
      '          annotations:',
      '            description: "{{ $labels.instance }} has been down for 5 minutes"',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: broken',
      ' data: x',
      '',
    ].join('\n');
    const ws = new ManifestWorkspace();
    ws.update('monitoring/rules.yaml', rule);
    const file = ws.file('monitoring/rules.yaml')!;
    assert.equal(file.kind, 'manifests');
    assert.deepEqual(
      file.problems.map((p) => p.line),
      [17],
    );
    assert.equal(ws.objectsFor('PrometheusRule//web-alerts').length, 1);
  });

  it('reports a malformed document with its file and line and still indexes the others', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n data: x\n';
    const text = `${nginx}---\n${broken}`;
    const ws = new ManifestWorkspace();
    ws.update('deploy/app.yaml', text);
    assert.deepEqual(ws.file('deploy/app.yaml')?.problems, [
      {
        level: 'error',
        message: 'malformed YAML, document 2 skipped: All mapping items must start at the same column',
        source: 'deploy/app.yaml',
        line: lineNo(text, ' data: x'),
      },
    ]);
    assert.deepEqual(
      ws.objectsFor('Deployment//nginx').map((o) => [o.path, o.object.name]),
      [['deploy/app.yaml', 'nginx']],
    );
  });

  it('never throws, and leaves files over the size limit unparsed with a warning', () => {
    const ws = new ManifestWorkspace({ maxChars: 2_000 });
    const inputs: Record<string, string> = {
      'binary.yaml': String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)),
      'nested.yaml': `kind: ConfigMap\ndata: ${'['.repeat(1_500)}`,
      'open-action.yaml': `kind: Deployment\nmetadata:\n  name: {{ include "x" .\n${'{{'.repeat(500)}`,
      'empty.yaml': '',
      'big.yaml': `${shop}\n`.repeat(2),
    };
    for (const [path, text] of Object.entries(inputs)) ws.update(path, text);
    assert.deepEqual(ws.file('big.yaml'), {
      path: 'big.yaml',
      kind: 'other',
      objects: [],
      problems: [
        {
          level: 'warning',
          message: `not indexed: ${inputs['big.yaml']!.length} characters is over the limit of 2000`,
          source: 'big.yaml',
        },
      ],
      lineCount: inputs['big.yaml']!.split('\n').length,
    });
    assert.equal(ws.file('empty.yaml')?.kind, 'other');
    assert.equal(ws.stats().files, 5);
  });

  it('indexes objects by identity, with the default namespace for manifests that name none', () => {
    const open = repositoryWorkspace();
    const where = (ws: ManifestWorkspace, key: string) =>
      ws.objectsFor(key).map((o) => `${o.path}:${o.object.range.startLine}`);
    assert.deepEqual(where(open, 'Deployment/shop/web'), [
      `deploy/shop-workloads.yaml:${lineNo(shop, 'apiVersion: apps/v1')}`,
    ]);
    // `db` names no namespace: without a context it stands for any namespace.
    assert.equal(where(open, 'StatefulSet/shop/db').length, 1);
    assert.equal(where(open, 'statefulset/prod/db').length, 1, 'kind compares case-insensitively');
    assert.deepEqual(where(open, 'Deployment/prod/web'), [], '`web` says namespace shop');

    const shopContext = repositoryWorkspace('shop');
    assert.equal(where(shopContext, 'StatefulSet/shop/db').length, 1);
    assert.deepEqual(where(shopContext, 'StatefulSet/prod/db'), []);
    assert.deepEqual(shopContext.workloadsIn('deploy/nginx-deployment.yaml'), [
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'nginx', inferred: false },
    ]);
  });

  it('finds the manifest that describes a Pod, a ReplicaSet or a Job through their owners', () => {
    const ws = repositoryWorkspace('shop');
    const at = (ref: string) =>
      ws.objectsDescribing(ref).map((o) => `${o.path} ${o.object.kind}/${o.object.name}`);
    // pods-list.yaml holds this very Pod, as `kubectl get pods -o yaml` saved it.
    assert.deepEqual(at('Pod/shop/web-6d4cf56db6-x7k2p'), ['deploy/pods-list.yaml Pod/web-6d4cf56db6-x7k2p']);
    assert.deepEqual(at('Pod/shop/web-6d4cf56db6-q8t9z'), ['deploy/shop-workloads.yaml Deployment/web']);
    assert.deepEqual(at('ReplicaSet/shop/web-6d4cf56db6'), ['deploy/shop-workloads.yaml Deployment/web']);
    assert.deepEqual(at('Job/shop/backup-28930560'), ['deploy/shop-workloads.yaml CronJob/backup']);
    assert.deepEqual(at('Pod/shop/db-0'), ['deploy/pods-list.yaml Pod/db-0']);
    assert.deepEqual(at('Pod/shop/db-1'), ['deploy/shop-workloads.yaml StatefulSet/db']);
    assert.deepEqual(at('Pod/prod/db-1'), [], 'db names no namespace, and the context is shop');
  });

  it('updates the identity index one file at a time', () => {
    const ws = new ManifestWorkspace({ defaultNamespace: 'default' });
    ws.update('a.yaml', nginx);
    assert.equal(ws.objectsFor('Deployment/default/nginx').length, 1);
    ws.update('a.yaml', nginx.replace('name: nginx\n', 'name: nginx-v2\n'));
    assert.equal(ws.objectsFor('Deployment/default/nginx').length, 0);
    assert.equal(ws.objectsFor('Deployment/default/nginx-v2').length, 1);
    ws.update('b.yaml', nginx);
    ws.remove('a.yaml');
    assert.deepEqual(
      ws.objectsFor('Deployment/default/nginx').map((o) => o.path),
      ['b.yaml'],
    );
    assert.equal(ws.objectsFor('Deployment/default/nginx-v2').length, 0);
    assert.equal(ws.stats().namedObjects, 1);
  });
});

describe('ManifestWorkspace: placement', () => {
  const imageLine = lineNo(nginx, 'image: nginx:1.16');
  const escalationLine = lineNo(nginx, 'allowPrivilegeEscalation: true');
  const securityContextLine = lineNo(nginx, 'securityContext:');
  const nginxExpected = [
    ...nginxVulns.map((f) => ({
      id: f.id,
      line: imageLine,
      endLine: imageLine,
      precision: 'key',
      approximate: true,
    })),
    {
      id: 'notReadOnlyRootFilesystem',
      line: securityContextLine,
      endLine: securityContextLine,
      precision: 'parent',
      approximate: true,
    },
    {
      id: 'privilegeEscalationAllowed',
      line: escalationLine,
      endLine: escalationLine,
      precision: 'key',
      approximate: true,
    },
  ].sort((a, b) => a.line - b.line);

  it("places a ReplicaSet's reports on its Deployment's manifest, and nowhere else", () => {
    const ws = repositoryWorkspace('default');
    const change = ws.setFindings([
      {
        key: 'Deployment/default/nginx',
        workload: 'Deployment/default/nginx',
        findings: [...nginxVulns, ...nginxChecks],
      },
    ]);
    assert.deepEqual(change, {
      files: ['deploy/nginx-deployment.yaml'],
      workloads: ['Deployment/default/nginx'],
    });
    assert.deepEqual(ws.placedFiles(), ['deploy/nginx-deployment.yaml']);
    assert.deepEqual(lines(ws.placements('deploy/nginx-deployment.yaml')), nginxExpected);
    assert.ok(
      ws.placements('deploy/nginx-deployment.yaml').every((p) => p.workload === 'Deployment/default/nginx'),
    );
  });

  it('lifts the ReplicaSet to its Deployment by name when the set names no workload (offline reports)', () => {
    const ws = repositoryWorkspace();
    const byFile = ws.place([{ key: 'reports', findings: [...nginxVulns, ...nginxChecks] }]);
    assert.deepEqual([...byFile.keys()], ['deploy/nginx-deployment.yaml']);
    assert.deepEqual(
      lines(byFile.get('deploy/nginx-deployment.yaml')!).sort((a, b) => a.line - b.line),
      nginxExpected,
    );
    assert.deepEqual(ws.placedFiles(), [], 'place() keeps nothing');
  });

  it("places on the workload the store read from ownerReferences, whatever the ReplicaSet's name", () => {
    const ws = repositoryWorkspace('default');
    const canary: ResourceRef = {
      kind: 'ReplicaSet',
      namespace: 'default',
      name: 'nginx-canary',
      container: 'nginx',
    };
    const moved = nginxChecks.map((f) => ({ ...f, resource: canary }));
    assert.equal(ws.place([{ key: 'x', findings: moved }]).size, 0, 'the name does not lead to nginx');
    const byFile = ws.place([{ key: 'x', workload: 'Deployment/default/nginx', findings: moved }]);
    assert.deepEqual(
      lines(byFile.get('deploy/nginx-deployment.yaml')!).map((p) => p.line),
      [securityContextLine, escalationLine],
    );
  });

  it("puts nothing on a namespace-less manifest applied to another namespace than the reports'", () => {
    const ws = repositoryWorkspace('prod');
    const seen = recorder(ws);
    ws.setFindings([
      { key: 'Deployment/default/nginx', workload: 'Deployment/default/nginx', findings: nginxVulns },
    ]);
    assert.deepEqual(ws.placedFiles(), []);
    assert.deepEqual(seen, [], 'nothing placed, nothing changed');
    const change = ws.setDefaultNamespace('default');
    assert.deepEqual(change.files.includes('deploy/nginx-deployment.yaml'), true);
    assert.ok(change.workloads.includes('Deployment/default/nginx'));
    assert.deepEqual(
      lines(ws.placements('deploy/nginx-deployment.yaml')).map((p) => p.line),
      [imageLine, imageLine],
    );
  });

  it("places Trivy's Helm findings on the template by their approximate lines, not on the rendered file", () => {
    const ws = repositoryWorkspace();
    const helm = findingsOf('trivy/config_helm-testchart_trivy-json.json');
    const byFile = ws.place([{ key: 'trivy-config.json', findings: helm }]);
    assert.deepEqual([...byFile.keys()], ['chart/templates/deployment.yaml']);
    assert.deepEqual(lines(byFile.get('chart/templates/deployment.yaml')!), [
      // KSV117 has no lines and no resource: it goes nowhere.
      { id: 'KSV001', line: 28, endLine: 28, precision: 'cause', approximate: true },
      { id: 'KSV030', line: 28, endLine: 28, precision: 'cause', approximate: true },
      { id: 'KSV104', line: 28, endLine: 28, precision: 'cause', approximate: true },
      { id: 'KSV110', line: 4, endLine: 4, precision: 'cause', approximate: true },
      { id: 'KSV118', line: 23, endLine: 23, precision: 'cause', approximate: true },
    ]);
  });

  it('places a local finding with exact lines on the file it names, narrowed to the key', () => {
    const ws = repositoryWorkspace();
    const helm = findingsOf('trivy/config_helm-testchart_trivy-json.json');
    const rendered = fixture('manifests/testchart-rendered-deployment.yaml');
    // As `trivy config .` reports it: exact lines of the file it scanned, relative to the root.
    const local = helm
      .filter((f) => f.id === 'KSV118')
      .map((f) => ({
        ...f,
        location: { ...f.location!, path: 'rendered/deployment.yaml', approximate: false },
      }));
    const byFile = ws.place([{ key: 'scan', findings: local }]);
    const line = lineNo(rendered, '      securityContext:');
    assert.deepEqual([...byFile.keys()], ['rendered/deployment.yaml']);
    assert.deepEqual(lines(byFile.get('rendered/deployment.yaml')!), [
      { id: 'KSV118', line, endLine: line, precision: 'key', approximate: false },
    ]);
  });
});

describe('ManifestWorkspace: changes', () => {
  const set = (findings: readonly Finding[]) => ({
    key: 'Deployment/default/nginx',
    workload: 'Deployment/default/nginx',
    findings,
  });

  it('says which files and workloads changed, and re-places only what a file can concern', () => {
    const ws = repositoryWorkspace('default');
    const seen = recorder(ws);
    ws.setFindings([set([...nginxVulns, ...nginxChecks])]);
    assert.deepEqual(seen.at(-1)?.files, ['deploy/nginx-deployment.yaml']);

    // An edit of a file that does not describe nginx places nothing again.
    const calls = ws.stats().rangeCalls;
    ws.update('deploy/shop-workloads.yaml', `${shop}# edited\n`);
    assert.deepEqual(seen.at(-1)?.files, ['deploy/shop-workloads.yaml']);
    assert.ok(seen.at(-1)?.workloads.includes('Deployment/shop/web'));
    assert.ok(!seen.at(-1)?.workloads.includes('Deployment/default/nginx'));
    assert.equal(ws.stats().rangeCalls, calls);

    // An edit of nginx's file moves its placements with the lines.
    ws.update('deploy/nginx-deployment.yaml', `# owned by team web\n${nginx}`);
    assert.deepEqual(seen.at(-1), {
      files: ['deploy/nginx-deployment.yaml'],
      workloads: ['Deployment/default/nginx'],
    });
    assert.deepEqual(
      ws.placements('deploy/nginx-deployment.yaml').map((p) => p.range.startLine),
      [
        lineNo(nginx, 'securityContext:') + 1,
        lineNo(nginx, 'allowPrivilegeEscalation') + 1,
        lineNo(nginx, 'image: nginx:1.16') + 1,
        lineNo(nginx, 'image: nginx:1.16') + 1,
      ].sort((a, b) => a - b),
    );

    // The same text again is no change; the same findings again neither.
    const count = seen.length;
    ws.update('deploy/nginx-deployment.yaml', `# owned by team web\n${nginx}`);
    ws.setFindings([set([...nginxVulns, ...nginxChecks])]);
    assert.equal(seen.length, count);

    // Fewer findings: the file changes.
    ws.setFindings([set(nginxVulns)]);
    assert.deepEqual(seen.at(-1)?.files, ['deploy/nginx-deployment.yaml']);
    assert.equal(ws.placements('deploy/nginx-deployment.yaml').length, 2);

    // The manifest moves to another file: the findings follow it.
    ws.remove('deploy/nginx-deployment.yaml');
    assert.deepEqual(seen.at(-1)?.files, ['deploy/nginx-deployment.yaml']);
    assert.deepEqual(ws.placements('deploy/nginx-deployment.yaml'), []);
    ws.update('apps/nginx.yaml', nginx);
    assert.deepEqual(seen.at(-1), { files: ['apps/nginx.yaml'], workloads: ['Deployment/default/nginx'] });
    assert.equal(ws.placements('apps/nginx.yaml').length, 2);

    // An empty set removes the findings.
    ws.setFindings([set([])]);
    assert.deepEqual(seen.at(-1)?.files, ['apps/nginx.yaml']);
    assert.deepEqual(ws.placedFiles(), []);
    assert.equal(ws.stats().findingSets, 0);
  });

  it('prefers the object a report is about when a file declares it, and moves back when it goes', () => {
    const ws = new ManifestWorkspace({ defaultNamespace: 'default' });
    ws.update('deploy/nginx.yaml', nginx);
    ws.setFindings([{ key: 'offline', findings: nginxVulns }]);
    assert.deepEqual(ws.placedFiles(), ['deploy/nginx.yaml']);
    // `kubectl get rs nginx-6d4cf56db6 -o yaml` saved into the workspace: the report is about it.
    const rs = nginx
      .replace('kind: Deployment', 'kind: ReplicaSet')
      .replace('name: nginx\n', 'name: nginx-6d4cf56db6\n');
    const change = ws.update('debug/rs.yaml', rs);
    assert.deepEqual([...change.files].sort(), ['debug/rs.yaml', 'deploy/nginx.yaml']);
    assert.deepEqual(ws.placedFiles(), ['debug/rs.yaml']);
    ws.remove('debug/rs.yaml');
    assert.deepEqual(ws.placedFiles(), ['deploy/nginx.yaml']);
  });
});

describe('ManifestWorkspace: bounded memory', () => {
  it('drops parsed indexes past its budget and rebuilds them, placing exactly as before', () => {
    const findings = [...nginxVulns, ...nginxChecks];
    const sets = [{ key: 'Deployment/default/nginx', workload: 'Deployment/default/nginx', findings }];
    const roomy = repositoryWorkspace('default');
    roomy.setFindings(sets);
    // The budget holds about one small file: every other file's index is dropped as the next comes.
    const tight = new ManifestWorkspace({ defaultNamespace: 'default', indexCacheChars: nginx.length });
    for (const path of roomy.paths()) tight.update(path, fixture(FIXTURE_OF[path]!));
    const before = tight.stats();
    assert.equal(before.cachedIndexes, 1);
    assert.ok(
      before.cachedChars <=
        Math.max(nginx.length, ...roomy.paths().map((p) => fixture(FIXTURE_OF[p]!).length)),
    );
    tight.setFindings(sets);
    assert.equal(tight.stats().indexBuilds, before.indexBuilds + 1, 'nginx-deployment.yaml parsed again');
    assert.deepEqual(
      lines(tight.placements('deploy/nginx-deployment.yaml')),
      lines(roomy.placements('deploy/nginx-deployment.yaml')),
    );
  });
});

describe('ManifestWorkspace: incremental = from scratch', () => {
  // Texts a workspace sees: nginx, a copy under another name, nginx's ReplicaSet as kubectl saves
  // it, a namespaced copy, the shop, a Helm template, a broken file, a Dockerfile.
  const rs = nginx
    .replace('kind: Deployment', 'kind: ReplicaSet')
    .replace('name: nginx\n', 'name: nginx-6d4cf56db6\n');
  const texts = [
    nginx,
    nginx.replace('name: nginx\n', 'name: nginx-v2\n'),
    rs,
    nginx.replace('  name: nginx\n', '  name: nginx\n  namespace: default\n'),
    shop,
    helmDeployment,
    `${nginx}---\nkind: [\n`,
    fixture('trivy/inputs/dockerfile/Dockerfile'),
  ];
  const paths = ['a/nginx.yaml', 'b/nginx.yaml', 'templates/deployment.yaml', 'c/shop.yaml'];
  const helm = findingsOf('trivy/config_helm-testchart_trivy-json.json');
  const shopChecks = findingsOf('reports/configauditreport_pod-my-pod_envtest-expected.yaml').map((f) => ({
    ...f,
    resource: { kind: 'ReplicaSet', namespace: 'shop', name: 'web-6d4cf56db6', container: 'web' },
  }));
  const findingSets = [
    { key: 'Deployment/default/nginx', workload: 'Deployment/default/nginx', findings: nginxVulns },
    { key: 'Deployment/default/nginx', workload: 'Deployment/default/nginx', findings: nginxChecks },
    { key: 'Deployment/default/nginx', findings: [] },
    { key: 'offline', findings: [...nginxVulns, ...helm] },
    { key: 'offline', findings: helm },
    { key: 'Deployment/shop/web', workload: 'Deployment/shop/web', findings: shopChecks },
  ];
  const command = fc.oneof(
    fc.record({
      op: fc.constant('update' as const),
      path: fc.constantFrom(...paths),
      text: fc.nat(texts.length - 1),
    }),
    fc.record({ op: fc.constant('remove' as const), path: fc.constantFrom(...paths) }),
    fc.record({ op: fc.constant('set' as const), set: fc.nat(findingSets.length - 1) }),
    fc.record({ op: fc.constant('namespace' as const), ns: fc.constantFrom(undefined, 'default', 'shop') }),
  );
  const view = (list: readonly Placement[]) =>
    lines(list)
      .map((p) => JSON.stringify(p))
      .sort();

  it('what a host re-publishes on each change equals a workspace built from the final state', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        const ws = new ManifestWorkspace();
        // The host's copy: each file's placements, refreshed only for the files a change names.
        const published = new Map<string, string[]>();
        ws.onDidChange((c) => {
          for (const path of c.files) published.set(path, view(ws.placements(path)));
        });
        const files = new Map<string, string>();
        const sets = new Map<string, (typeof findingSets)[number]>();
        let ns: string | undefined;
        for (const c of commands) {
          if (c.op === 'update') {
            files.set(c.path, texts[c.text]!);
            ws.update(c.path, texts[c.text]!);
          } else if (c.op === 'remove') {
            files.delete(c.path);
            ws.remove(c.path);
          } else if (c.op === 'set') {
            const set = findingSets[c.set]!;
            sets.set(set.key, set);
            ws.setFindings([set]);
          } else {
            ns = c.ns;
            ws.setDefaultNamespace(c.ns);
          }
        }
        const fresh = new ManifestWorkspace(ns === undefined ? {} : { defaultNamespace: ns });
        for (const [path, text] of files) fresh.update(path, text);
        fresh.setFindings(sets.values());
        for (const path of paths) {
          const expected = view(fresh.placements(path));
          assert.deepEqual(view(ws.placements(path)), expected, `${path} held`);
          assert.deepEqual(published.get(path) ?? [], expected, `${path} as published`);
        }
      }),
      { numRuns: 150 },
    );
  });
});
