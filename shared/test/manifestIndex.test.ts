import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildManifestIndex,
  type ManifestIndex,
  type ManifestObject,
} from '../src/manifests/manifestIndex.js';
import { line1 } from '../src/model/lines.js';
import { fixture, lineNo } from './manifestLines.js';

const shop = fixture('manifests/shop-workloads.yaml');
const pod = fixture('reports/configauditreport_input_pod-my-pod.yaml');

function only(index: ManifestIndex, kind: string, name: string): ManifestObject {
  const found = index.find({ kind, name });
  assert.equal(found.length, 1, `${kind}/${name}`);
  return found[0]!;
}

describe('manifest index: documents', () => {
  it('indexes the real Pod of the ConfigAuditReport fixture with its lines', () => {
    const index = buildManifestIndex(pod, 'pod.yaml');
    assert.equal(index.objects.length, 1);
    const o = index.objects[0]!;
    assert.deepEqual(
      { apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.namespace },
      { apiVersion: 'v1', kind: 'Pod', name: 'my-pod', namespace: undefined },
    );
    // Line 1 is the `---` separator: the object starts at `apiVersion` and ends at `name: app`.
    assert.equal(o.range.startLine, lineNo(pod, 'apiVersion: v1'));
    assert.equal(o.range.endLine, lineNo(pod, 'name: app'));
    assert.equal(o.nameLine, lineNo(pod, 'name: my-pod'));
    assert.deepEqual(index.problems, []);
  });

  it('indexes every document of a multi-document file and skips the empty one', () => {
    const index = buildManifestIndex(shop, 'shop.yaml');
    // shop-workloads.yaml: 8 documents between `---` markers, one of them empty.
    assert.deepEqual(
      index.objects.map((o) => `${o.kind}/${o.name}`),
      [
        'Namespace/shop',
        'Deployment/web',
        'Service/web',
        'StatefulSet/db',
        'DaemonSet/node-agent',
        'CronJob/backup',
        'Role/web-reader',
      ],
    );
    assert.deepEqual(
      index.objects.map((o) => o.documentIndex),
      [0, 1, 3, 4, 5, 6, 7],
    );
    assert.deepEqual(index.problems, []);
  });

  it('starts an object after its leading comments and ends it before the next separator', () => {
    const index = buildManifestIndex(shop, 'shop.yaml');
    const web = only(index, 'Deployment', 'web');
    const start = lineNo(shop, 'kind: Deployment') - 1; // `apiVersion: apps/v1` above it
    assert.equal(web.range.startLine, start);
    assert.ok(
      shop.split('\n')[start - 2]!.startsWith('# The storefront'),
      'the comment line is not part of the object',
    );
    assert.equal(web.range.endLine, lineNo(shop, 'runAsUser: 1000'));
    const role = only(index, 'Role', 'web-reader');
    assert.equal(
      role.range.endLine,
      lineNo(shop, 'verbs: ["get", "list", "watch"]'),
      'the `...` end marker is not part of it',
    );
  });

  it('finds the object at a line, and none between objects', () => {
    const index = buildManifestIndex(shop, 'shop.yaml');
    assert.equal(index.objectAt(line1(lineNo(shop, 'serviceName: db')))?.name, 'db');
    assert.equal(index.objectAt(line1(lineNo(shop, 'hostNetwork: true')))?.kind, 'DaemonSet');
    assert.equal(index.objectAt(line1(1)), undefined, 'line 1 is a comment');
    assert.equal(index.objectAt(line1(index.lineCount + 10)), undefined);
  });

  it('reads the items of a List document as objects', () => {
    const text = fixture('manifests/pods-list.yaml');
    const index = buildManifestIndex(text, 'list.yaml');
    assert.deepEqual(
      index.objects.map((o) => [o.kind, o.namespace, o.name, o.listIndex]),
      [
        ['Pod', 'shop', 'web-6d4cf56db6-x7k2p', 0],
        ['Pod', 'shop', 'db-0', 1],
      ],
    );
    const db = index.objects[1]!;
    assert.equal(db.range.startLine, lineNo(text, '- apiVersion: v1', lineNo(text, 'controller: true')));
    assert.equal(db.nameLine, lineNo(text, 'name: db-0'));
  });

  it('gives the items of a typed list the list kind when they leave theirs out', () => {
    // `DeploymentList` is what the API returns for a list call; its items carry no kind.
    const text = 'apiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - metadata:\n      name: web\n';
    const index = buildManifestIndex(text, 'list.yaml');
    assert.equal(index.find({ kind: 'Deployment', name: 'web' }).length, 1);
  });

  it('skips a malformed document with a problem at its line and still indexes the others', () => {
    // The shop file with an unclosed flow sequence inserted as a document of its own.
    const broken = shop.replace(
      '---\napiVersion: v1\nkind: Service',
      '---\nkind: Broken\nitems: [unclosed\n---\napiVersion: v1\nkind: Service',
    );
    const index = buildManifestIndex(broken, 'broken.yaml');
    assert.equal(index.problems.length, 1);
    assert.equal(index.problems[0]!.level, 'error');
    assert.match(index.problems[0]!.message, /document 4 skipped/);
    assert.ok(index.problems[0]!.line! >= lineNo(broken, 'kind: Broken'));
    assert.equal(index.objects.length, 7, 'all seven objects of the file are still there');
    assert.equal(only(index, 'Service', 'web').range.startLine, lineNo(broken, 'kind: Service') - 1);
  });

  it('warns about a document that is not a mapping', () => {
    const index = buildManifestIndex(
      '- just\n- a list\n---\nkind: ConfigMap\nmetadata: {name: c}\n',
      'x.yaml',
    );
    assert.equal(index.problems.length, 1);
    assert.equal(index.problems[0]!.level, 'warning');
    assert.equal(index.objects.length, 1);
  });

  it('survives Helm templates, which are not YAML, without throwing', () => {
    for (const t of ['deployment', 'service', 'serviceaccount']) {
      const text = fixture(`trivy/inputs/helm_testchart/templates/${t}.yaml`);
      const index = buildManifestIndex(text, `templates/${t}.yaml`);
      for (const o of index.objects) assert.ok(o.range.startLine >= 1 && o.range.endLine <= index.lineCount);
    }
  });
});

describe('manifest index: identity', () => {
  it('matches a namespace-less manifest to any namespace, and a namespaced one only to its own', () => {
    const index = buildManifestIndex(shop, 'shop.yaml');
    assert.equal(index.find({ kind: 'StatefulSet', name: 'db', namespace: 'anything' }).length, 1);
    assert.equal(index.find({ kind: 'Deployment', name: 'web', namespace: 'shop' }).length, 1);
    assert.equal(index.find({ kind: 'Deployment', name: 'web', namespace: 'default' }).length, 0);
    assert.equal(
      index.find({ kind: 'Deployment', name: 'web' }).length,
      1,
      'a finding without namespace matches',
    );
    assert.equal(
      index.find({ kind: 'deployment', name: 'web', namespace: 'shop' }).length,
      1,
      'kind compares case-insensitively',
    );
  });

  it('puts the exact namespace before namespace-less manifests of the same name', () => {
    const text =
      'kind: ConfigMap\nmetadata:\n  name: c\n---\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: prod\n';
    const index = buildManifestIndex(text, 'x.yaml');
    assert.deepEqual(
      index.find({ kind: 'ConfigMap', name: 'c', namespace: 'prod' }).map((o) => o.namespace),
      ['prod', undefined],
    );
  });
});

describe('manifest index: key paths', () => {
  const index = buildManifestIndex(shop, 'shop.yaml');
  const web = only(index, 'Deployment', 'web');

  it('finds a key at the end of a path, with its value lines', () => {
    const k = index.lookup(web, 'spec.template.spec.securityContext.seccompProfile.type')!;
    assert.equal(k.found, true);
    assert.equal(k.line, lineNo(shop, 'type: RuntimeDefault'));
    const block = index.lookup(web, 'spec.template.spec.securityContext')!;
    assert.equal(
      block.startLine,
      lineNo(shop, 'securityContext:', lineNo(shop, 'automountServiceAccountToken')),
    );
    assert.equal(block.endLine, lineNo(shop, 'type: RuntimeDefault'));
  });

  it('selects a container by name and gives the nearest parent for a missing key', () => {
    const k = index.lookup(web, 'spec.template.spec.containers[name=web].resources.requests.cpu')!;
    assert.equal(k.found, false);
    assert.equal(k.depth, 6, 'spec.template.spec.containers[name=web].resources exists');
    assert.equal(k.line, lineNo(shop, 'resources:', lineNo(shop, '- name: web')));
    const missing = index.lookup(web, 'spec.template.spec.containers[name=nope].image')!;
    assert.equal(missing.found, false);
    assert.equal(missing.line, lineNo(shop, 'containers:', lineNo(shop, 'initContainers:') + 1));
  });

  it('points at the key that refers to an anchor, not at the anchor in another container', () => {
    const k = index.lookup(
      web,
      'spec.template.spec.containers[name=web].securityContext.readOnlyRootFilesystem',
    )!;
    assert.equal(k.found, true);
    assert.equal(k.viaAlias, true);
    assert.equal(k.line, lineNo(shop, 'securityContext: *restricted'));
  });

  it('looks keys up through a merge key', () => {
    const k = index.lookup(
      web,
      'spec.template.spec.containers[name=sidecar].securityContext.allowPrivilegeEscalation',
    )!;
    assert.equal(k.found, true);
    assert.equal(k.line, lineNo(shop, '<<: *restricted'));
    const own = index.lookup(web, 'spec.template.spec.containers[name=sidecar].securityContext.runAsUser')!;
    assert.equal(own.viaAlias, false);
    assert.equal(own.line, lineNo(shop, 'runAsUser: 1000'));
  });

  it('selects sequence items by index and by the presence of a key', () => {
    const agent = only(index, 'DaemonSet', 'node-agent');
    const k = index.lookup(agent, 'spec.template.spec.volumes[hostPath].hostPath.path')!;
    assert.equal(k.line, lineNo(shop, 'path: /var/log'));
    assert.equal(
      index.lookup(agent, 'spec.template.spec.volumes[0].name')!.line,
      lineNo(shop, '- name: proc'),
    );
  });

  it('rejects a malformed path', () => {
    assert.equal(index.lookup(web, 'spec.containers[name=web'), undefined);
  });
});

describe('manifest index: pod templates', () => {
  const index = buildManifestIndex(shop, 'shop.yaml');

  it('knows where each workload kind keeps its pod spec', () => {
    const paths = Object.fromEntries(
      index.objects.map((o) => [
        o.kind,
        index
          .podSpecPath(o)
          ?.map((s) => ('key' in s ? s.key : '?'))
          .join('.'),
      ]),
    );
    assert.deepEqual(paths, {
      Namespace: undefined,
      Deployment: 'spec.template.spec',
      Service: undefined,
      StatefulSet: 'spec.template.spec',
      DaemonSet: 'spec.template.spec',
      CronJob: 'spec.jobTemplate.spec.template.spec',
      Role: undefined,
    });
    const podIndex = buildManifestIndex(pod);
    assert.deepEqual(
      podIndex.podSpecPath(podIndex.objects[0]!),
      [{ key: 'spec' }],
      'a Pod is its own template',
    );
  });

  it('lists init, regular and ephemeral containers with their lines', () => {
    const web = only(index, 'Deployment', 'web');
    assert.deepEqual(
      index.containers(web).map((c) => [c.list, c.name, c.range.startLine]),
      [
        ['initContainers', 'migrate', lineNo(shop, '- name: migrate')],
        ['containers', 'web', lineNo(shop, '- name: web')],
        ['containers', 'sidecar', lineNo(shop, '- name: sidecar')],
      ],
    );
    const backup = only(index, 'CronJob', 'backup');
    assert.deepEqual(
      index.containers(backup).map((c) => c.name),
      ['backup'],
    );
  });

  it('finds the pod spec of an unknown workload kind that copies the Deployment layout', () => {
    const text =
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: r\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1\n';
    const i = buildManifestIndex(text);
    assert.deepEqual(
      i.containers(i.objects[0]!).map((c) => c.name),
      ['app'],
    );
  });
});
