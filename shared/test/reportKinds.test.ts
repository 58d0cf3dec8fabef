import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { REPORT_KINDS, reportKindByAnyName, reportKindOf } from '../src/model/reportKinds.js';

const crdDir = new URL('../../test/fixtures/crds/', import.meta.url);

interface Crd {
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string; listKind?: string; shortNames?: string[] };
    versions: { name: string; served: boolean }[];
  };
}

const crds: Crd[] = readdirSync(crdDir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(new URL(f, crdDir), 'utf8')).map((d) => d.toJS() as Crd));

describe('report kind table', () => {
  it('has exactly one entry per CRD in the fixtures', () => {
    assert.deepEqual(REPORT_KINDS.map((k) => k.kind).sort(), crds.map((c) => c.spec.names.kind).sort());
  });

  for (const crd of crds) {
    const { kind } = crd.spec.names;
    it(`matches the ${kind} CRD (group, plural, scope, short names, served versions)`, () => {
      const entry = REPORT_KINDS.find((k) => k.kind === kind);
      assert.ok(entry, `${kind} missing from REPORT_KINDS`);
      assert.equal(entry.group, crd.spec.group);
      assert.equal(entry.plural, crd.spec.names.plural);
      assert.equal(entry.namespaced, crd.spec.scope === 'Namespaced');
      assert.deepEqual([...entry.shortNames].sort(), [...(crd.spec.names.shortNames ?? [])].sort());
      assert.equal(entry.listKind, crd.spec.names.listKind ?? `${kind}List`);
      for (const v of crd.spec.versions.filter((x) => x.served)) assert.ok(entry.versions.includes(v.name));
    });
  }

  it('names twins that exist and point back', () => {
    for (const k of REPORT_KINDS.filter((x) => x.twin)) {
      const twin = REPORT_KINDS.find((x) => x.kind === k.twin);
      assert.ok(twin, `${k.kind} twin ${k.twin}`);
      assert.equal(twin.twin, k.kind);
      assert.notEqual(twin.namespaced, k.namespaced);
    }
  });

  it('looks kinds up by apiVersion, and by any kubectl name', () => {
    assert.equal(reportKindOf('wgpolicyk8s.io/v1alpha1', 'PolicyReport')?.plural, 'policyreports');
    assert.equal(reportKindOf('wgpolicyk8s.io/v1beta9', 'PolicyReport'), undefined);
    assert.equal(reportKindOf('v1', 'Pod'), undefined);
    assert.equal(reportKindByAnyName('vulns')?.kind, 'VulnerabilityReport');
    assert.equal(reportKindByAnyName('ClusterPolicyReports'.slice(0, -1))?.kind, 'ClusterPolicyReport');
    assert.equal(reportKindByAnyName('cpolr')?.kind, 'ClusterPolicyReport');
  });
});
