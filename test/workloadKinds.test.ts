import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WORKLOAD_KINDS, builtinWorkloadKind, workloadKindOf } from '../shared/src/model/workloadKinds.js';
import { reportKindByName } from '../shared/src/model/reportKinds.js';
import { podTemplatePath, FALLBACK_TEMPLATE_PATHS } from '../shared/src/manifests/podTemplates.js';
import { inferWorkload } from '../shared/src/workloads/ownerResolution.js';
import { BUILTIN_RESOURCES } from './doubles/fakeApiServer/builtinResources.js';

describe('workload kind table', () => {
  it('matches the discovery data of the API server double (group/version, plural, scope)', () => {
    for (const w of WORKLOAD_KINDS) {
      const served = BUILTIN_RESOURCES.find((r) => r.kind === w.kind);
      assert.ok(served, `${w.kind} is served`);
      assert.equal(w.apiVersion, served.group ? `${served.group}/${served.version}` : served.version, w.kind);
      assert.equal(w.plural, served.plural, w.kind);
      assert.equal(served.namespaced, true, w.kind);
    }
  });

  it('gives the report kinds the workloads Trivy Operator scans, in its order', () => {
    // The list VulnerabilityReport, ExposedSecretReport and SbomReport attach to before the table existed.
    const scanned = [
      'Pod',
      'ReplicaSet',
      'ReplicationController',
      'StatefulSet',
      'DaemonSet',
      'CronJob',
      'Job',
    ];
    assert.deepEqual(reportKindByName('VulnerabilityReport')?.attachesTo, scanned);
    assert.deepEqual(reportKindByName('ConfigAuditReport')?.attachesTo.slice(0, scanned.length), scanned);
  });

  it('says which kinds are worth an owner lookup and which are listed in bulk', () => {
    assert.deepEqual(
      WORKLOAD_KINDS.filter((w) => w.owned).map((w) => w.kind),
      ['Pod', 'ReplicaSet', 'Job'],
    );
    assert.deepEqual(
      WORKLOAD_KINDS.filter((w) => w.ownersListedInBulk).map((w) => w.kind),
      ['Deployment', 'ReplicaSet', 'CronJob', 'Job'],
    );
    assert.equal(builtinWorkloadKind('apps/v1', 'ReplicaSet')?.plural, 'replicasets');
    // A kind of another group with a built-in name is not the built-in one.
    assert.equal(builtinWorkloadKind('example.com/v1', 'ReplicaSet'), undefined);
    assert.equal(workloadKindOf('Service'), undefined);
  });

  it('gives the manifest index the pod template path of every workload kind', () => {
    const paths = (kind: string) =>
      podTemplatePath(kind)
        ?.map((s) => ('key' in s ? s.key : '?'))
        .join('.');
    assert.equal(paths('Pod'), '');
    assert.equal(paths('Deployment'), 'spec.template');
    assert.equal(paths('ReplicationController'), 'spec.template');
    assert.equal(paths('CronJob'), 'spec.jobTemplate.spec.template');
    assert.equal(paths('PodTemplate'), 'template');
    assert.equal(paths('Service'), undefined);
    assert.deepEqual(
      FALLBACK_TEMPLATE_PATHS.map((p) => p.map((s) => ('key' in s ? s.key : '?')).join('.')),
      ['spec.template', 'spec.jobTemplate.spec.template', ''],
    );
  });

  it('gives owner resolution the apiVersion of the workload it infers', () => {
    assert.equal(
      inferWorkload({ kind: 'Job', namespace: 'ops', name: 'backup-28930560' }).apiVersion,
      'batch/v1',
    );
    assert.equal(inferWorkload({ kind: 'Pod', namespace: 'ops', name: 'db-0' }).apiVersion, 'apps/v1');
  });
});
