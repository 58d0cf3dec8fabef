import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REPORT_KINDS } from '../../../shared/src/model/reportKinds.js';
import { WORKLOAD_KINDS } from '../../../shared/src/model/workloadKinds.js';
import { detailPageKinds, findingTargetKinds } from '../src/detailPageKinds.js';

const apiVersionsOf = (kind: string) => detailPageKinds().find((k) => k.kind === kind)?.apiVersions;

describe('the details pages that get a findings section', () => {
  it('cover every kind the core says findings attach to, so a kind added there is not silently left out', () => {
    assert.deepEqual(
      detailPageKinds().map((k) => k.kind),
      findingTargetKinds(),
      'a kind without an apiVersion in src/detailPageKinds.ts',
    );
  });

  it('start with the workload kinds, in the core’s order', () => {
    assert.deepEqual(
      detailPageKinds()
        .slice(0, WORKLOAD_KINDS.length)
        .map((k) => k.kind),
      WORKLOAD_KINDS.map((w) => w.kind),
    );
    for (const kind of ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'])
      assert.ok(
        WORKLOAD_KINDS.some((w) => w.kind === kind),
        kind,
      );
  });

  it('include nodes, namespaces and roles, which reports attach to besides workloads', () => {
    for (const kind of ['Node', 'Namespace', 'Role', 'ClusterRole'])
      assert.ok(
        REPORT_KINDS.some((r) => r.attachesTo.includes(kind)),
        `${kind} is in the core's table`,
      );
    assert.deepEqual(apiVersionsOf('Node'), ['v1']);
    assert.deepEqual(apiVersionsOf('Namespace'), ['v1']);
  });

  it('match objects by the apiVersion Kubernetes serves them at', () => {
    assert.deepEqual(apiVersionsOf('Pod'), ['v1']);
    assert.deepEqual(apiVersionsOf('Deployment'), ['apps/v1']);
    assert.deepEqual(apiVersionsOf('CronJob'), ['batch/v1']);
    assert.deepEqual(apiVersionsOf('Role'), ['rbac.authorization.k8s.io/v1']);
    assert.deepEqual(apiVersionsOf('ClusterRole'), ['rbac.authorization.k8s.io/v1']);
  });

  it('leave out what is not an object with a page: the cluster itself and “any kind”', () => {
    const kinds = findingTargetKinds();
    assert.ok(!kinds.includes('Cluster'));
    assert.ok(!kinds.includes('*'));
    assert.equal(new Set(kinds).size, kinds.length, 'each kind once');
  });
});

describe('the section each details page gets', () => {
  const sectionOf = (kind: string) => detailPageKinds().find((k) => k.kind === kind)?.section;

  it('is the workload section for every workload kind of the core’s table', () => {
    for (const w of WORKLOAD_KINDS) assert.equal(sectionOf(w.kind), 'workload', w.kind);
  });

  it('sums a Namespace up, and shows any other object its own findings', () => {
    assert.equal(sectionOf('Namespace'), 'namespace');
    for (const kind of ['Node', 'Role', 'ClusterRole', 'Service', 'ConfigMap', 'Ingress', 'NetworkPolicy'])
      assert.equal(sectionOf(kind), 'object', kind);
  });
});
