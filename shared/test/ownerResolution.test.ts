import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import type { ResourceRef } from '../src/model/finding.js';
import type { KubeObject, ObjectRef, OwnerReference } from '../src/ports/clusterSource.js';
import { inferWorkload, resolveWorkload, workloadCandidates } from '../src/workloads/ownerResolution.js';
import { fixture } from './manifestLines.js';

const ref = (kind: string, name: string, namespace = 'shop'): ResourceRef => ({ kind, namespace, name });

describe('inferWorkload (offline)', () => {
  it('lifts a ReplicaSet named with a pod-template-hash to its Deployment, marked inferred', () => {
    assert.deepEqual(inferWorkload(ref('ReplicaSet', 'web-6d4cf56db6')), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      inferred: true,
    });
  });

  it('lifts the ReplicaSet of the Trivy Operator docs reports to Deployment nginx', () => {
    // reports/vulnerabilityreport_replicaset-nginx_docs.yaml: trivy-operator.resource.name nginx-6d4cf56db6.
    assert.equal(inferWorkload(ref('ReplicaSet', 'nginx-6d4cf56db6', 'default')).name, 'nginx');
  });

  it('uses the pod-template-hash label when given, whatever its characters', () => {
    // Hashes from before Kubernetes 1.8 were decimal; the label still tells where the name ends.
    const w = inferWorkload(ref('ReplicaSet', 'api-3423480219'), {
      labels: { 'pod-template-hash': '3423480219' },
    });
    assert.deepEqual([w.kind, w.name, w.inferred], ['Deployment', 'api', true]);
  });

  it('keeps a ReplicaSet whose name has no hash suffix as its own workload', () => {
    // "frontend" is the bare ReplicaSet of the Kubernetes docs; "nginx-replicas" has vowels.
    for (const name of ['frontend', 'nginx-replicas']) {
      assert.deepEqual(inferWorkload(ref('ReplicaSet', name)), {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        namespace: 'shop',
        name,
        inferred: false,
      });
    }
  });

  it('lifts a Job named with a scheduled time to its CronJob', () => {
    const w = inferWorkload(ref('Job', 'backup-28930560'));
    assert.deepEqual([w.kind, w.name, w.inferred, w.apiVersion], ['CronJob', 'backup', true, 'batch/v1']);
    assert.equal(inferWorkload(ref('Job', 'db-migrate')).kind, 'Job', 'a hand-made Job stays itself');
  });

  it('lifts Pods by their names: Deployment, StatefulSet, CronJob, DaemonSet', () => {
    const cases: [string, string, string][] = [
      ['web-6d4cf56db6-x7k2p', 'Deployment', 'web'],
      ['db-0', 'StatefulSet', 'db'],
      ['db-12', 'StatefulSet', 'db'],
      ['backup-28930560-q4k8z', 'CronJob', 'backup'],
      ['node-agent-x7k2p', 'DaemonSet', 'node-agent'],
    ];
    for (const [name, kind, workload] of cases) {
      const w = inferWorkload(ref('Pod', name));
      assert.deepEqual([w.kind, w.name, w.inferred], [kind, workload, true], name);
    }
  });

  it('lists every guess for a Pod whose name fits several controllers', () => {
    assert.deepEqual(
      workloadCandidates(ref('Pod', 'node-agent-x7k2p')).map((w) => `${w.kind}/${w.name}`),
      ['Pod/node-agent-x7k2p', 'DaemonSet/node-agent', 'Job/node-agent', 'ReplicaSet/node-agent'],
    );
    assert.deepEqual(
      workloadCandidates(ref('Pod', 'web-6d4cf56db6-x7k2p')).map((w) => `${w.kind}/${w.name}`),
      ['Pod/web-6d4cf56db6-x7k2p', 'ReplicaSet/web-6d4cf56db6', 'Deployment/web'],
    );
  });

  it('does not trust a pod-template-hash label the name does not contain (the envtest Pod my-pod)', () => {
    const doc = parseAllDocuments(
      fixture('reports/configauditreport_input_pod-my-pod.yaml'),
    )[0]!.toJS() as KubeObject;
    const labels = doc.metadata.labels!;
    assert.equal(labels['pod-template-hash'], '84bbf6f4dd');
    assert.deepEqual(inferWorkload({ kind: 'Pod', name: doc.metadata.name! }, { labels }), {
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'my-pod',
      inferred: false,
    });
  });

  it('follows the labels a controller stamps on its Pods', () => {
    const list = parseAllDocuments(fixture('manifests/pods-list.yaml'))[0]!.toJS() as { items: KubeObject[] };
    const [web, db] = list.items.map((p) =>
      inferWorkload(
        { kind: 'Pod', namespace: p.metadata.namespace!, name: p.metadata.name! },
        { labels: p.metadata.labels! },
      ),
    );
    assert.deepEqual([web!.kind, web!.name], ['Deployment', 'web']);
    assert.deepEqual([db!.kind, db!.name], ['StatefulSet', 'db']);
    const job = inferWorkload(ref('Pod', 'import-7b2xq'), {
      labels: { 'batch.kubernetes.io/job-name': 'import' },
    });
    assert.deepEqual([job.kind, job.name], ['Job', 'import']);
  });

  it('takes the controller from owner references, then goes on by name', () => {
    const owners: OwnerReference[] = [
      { apiVersion: 'v1', kind: 'Node', name: 'kind-control-plane' },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-6d4cf56db6', controller: true },
    ];
    const w = inferWorkload(ref('Pod', 'anything'), { ownerReferences: owners });
    assert.deepEqual([w.kind, w.name, w.inferred], ['Deployment', 'web', true]);
    const rollout = inferWorkload(ref('ReplicaSet', 'r-6d4cf56db6'), {
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'r', controller: true }],
    });
    assert.deepEqual([rollout.kind, rollout.name, rollout.inferred], ['Rollout', 'r', false]);
  });

  it('leaves other kinds as their own workload', () => {
    assert.deepEqual(inferWorkload({ kind: 'Role', namespace: 'default', name: 'proxy' }), {
      kind: 'Role',
      namespace: 'default',
      name: 'proxy',
      inferred: false,
    });
  });
});

describe('resolveWorkload (live cluster)', () => {
  // A small cluster: a Deployment's ReplicaSet and Pod, a CronJob's Job and Pod, as an API
  // server returns them (controller owner references with uids).
  const objects: KubeObject[] = [
    object('apps/v1', 'Deployment', 'web', []),
    object('apps/v1', 'ReplicaSet', 'web-6d4cf56db6', [owner('apps/v1', 'Deployment', 'web')]),
    object('v1', 'Pod', 'web-6d4cf56db6-x7k2p', [owner('apps/v1', 'ReplicaSet', 'web-6d4cf56db6')]),
    object('batch/v1', 'CronJob', 'backup', []),
    object('batch/v1', 'Job', 'backup-28930560', [owner('batch/v1', 'CronJob', 'backup')]),
    object('v1', 'Pod', 'backup-28930560-q4k8z', [owner('batch/v1', 'Job', 'backup-28930560')]),
    // A ReplicaSet adopted by a Deployment whose name does not prefix it.
    object('apps/v1', 'ReplicaSet', 'legacy-frontend', [owner('apps/v1', 'Deployment', 'storefront')]),
    object('apps/v1', 'Deployment', 'storefront', []),
  ];
  const calls: string[] = [];
  const lookup = async (r: ObjectRef): Promise<readonly OwnerReference[] | undefined> => {
    calls.push(`${r.apiVersion} ${r.kind}/${r.name}`);
    return objects.find(
      (o) =>
        o.apiVersion === r.apiVersion &&
        o.kind === r.kind &&
        o.metadata.namespace === r.namespace &&
        o.metadata.name === r.name,
    )?.metadata.ownerReferences;
  };

  it('follows Pod → ReplicaSet → Deployment through owner references', async () => {
    calls.length = 0;
    const w = await resolveWorkload(ref('Pod', 'web-6d4cf56db6-x7k2p'), lookup);
    assert.deepEqual(w, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      inferred: false,
    });
    assert.deepEqual(calls, [
      'v1 Pod/web-6d4cf56db6-x7k2p',
      'apps/v1 ReplicaSet/web-6d4cf56db6',
      'apps/v1 Deployment/web',
    ]);
  });

  it('follows Job → CronJob, and reads a name that inference would get wrong', async () => {
    assert.deepEqual(await resolveWorkload(ref('Pod', 'backup-28930560-q4k8z'), lookup), {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      namespace: 'shop',
      name: 'backup',
      inferred: false,
    });
    const adopted = await resolveWorkload(ref('ReplicaSet', 'legacy-frontend'), lookup);
    assert.deepEqual([adopted.kind, adopted.name, adopted.inferred], ['Deployment', 'storefront', false]);
  });

  it('infers the rest of the way when an object cannot be read', async () => {
    // The ReplicaSet is gone (or reading it is forbidden): the Pod's owner is read, the rest inferred.
    const forbidden = async (r: ObjectRef) => (r.kind === 'ReplicaSet' ? undefined : lookup(r));
    const w = await resolveWorkload(ref('Pod', 'web-6d4cf56db6-x7k2p'), forbidden);
    assert.deepEqual([w.kind, w.name, w.inferred], ['Deployment', 'web', true]);
    const failing = async (): Promise<undefined> => {
      throw new Error('connection refused');
    };
    const offline = await resolveWorkload(ref('Job', 'backup-28930560'), failing);
    assert.deepEqual([offline.kind, offline.name, offline.inferred], ['CronJob', 'backup', true]);
  });

  it('uses owner references the caller already has instead of reading them', async () => {
    calls.length = 0;
    const w = await resolveWorkload(ref('ReplicaSet', 'web-6d4cf56db6'), lookup, {
      ownerReferences: [owner('apps/v1', 'Deployment', 'web')],
    });
    assert.equal(w.name, 'web');
    assert.deepEqual(calls, ['apps/v1 Deployment/web']);
  });

  it('stops after a few hops on an owner cycle', async () => {
    const cycle = async (r: ObjectRef) => [owner('example.com/v1', 'Loop', r.name === 'a' ? 'b' : 'a')];
    const w = await resolveWorkload(
      { apiVersion: 'example.com/v1', kind: 'Loop', namespace: 'shop', name: 'a' },
      cycle,
    );
    assert.equal(w.kind, 'Loop');
    assert.equal(w.inferred, false);
  });

  function object(
    apiVersion: string,
    kind: string,
    name: string,
    ownerReferences: OwnerReference[],
  ): KubeObject {
    return {
      apiVersion,
      kind,
      metadata: { name, namespace: 'shop', uid: `uid-${kind}-${name}`, ownerReferences },
    };
  }
  function owner(apiVersion: string, kind: string, name: string): OwnerReference {
    return { apiVersion, kind, name, uid: `uid-${kind}-${name}`, controller: true };
  }
});
