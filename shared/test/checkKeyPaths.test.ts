import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkKeyPaths, KNOWN_CHECK_IDS } from '../src/manifests/checkKeyPaths.js';
import { checkJoinKey } from '../src/model/checkIds.js';
import { readSourceText } from '../src/readers/readSource.js';
import { fixture } from './manifestLines.js';

const fixturesDir = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

// Checks about objects other than the one reported (the namespace's NetworkPolicies, LimitRanges,
// ResourceQuotas) have no key to point at; they go to the object's name line.
const NAMESPACE_LEVEL = ['KSV038', 'KSV039', 'KSV040'];

describe('check key paths', () => {
  it('covers every KSV check that occurs in the fixtures', () => {
    const ids = new Set<string>();
    for (const f of files(fixturesDir)) {
      if (!/\.(json|ya?ml)$/.test(f)) continue;
      for (const m of fixture(f.slice(fixturesDir.length)).matchAll(/\b(?:AVD-)?KSV-?\d{3,5}\b/g))
        ids.add(checkJoinKey(m[0]));
    }
    const missing = [...ids].filter(
      (k) => !checkKeyPaths(k) && !NAMESPACE_LEVEL.map(checkJoinKey).includes(k),
    );
    assert.deepEqual(missing, []);
    assert.ok(ids.size >= 40, `found ${ids.size} distinct KSV ids`);
  });

  it('answers for every spelling of an id', () => {
    const expected = checkKeyPaths('KSV001');
    assert.ok(expected);
    for (const id of ['KSV-0001', 'AVD-KSV-0001', 'builtin.kubernetes.KSV001'])
      assert.equal(checkKeyPaths(id), expected, id);
    assert.equal(checkKeyPaths('require-labels'), undefined);
    assert.ok(KNOWN_CHECK_IDS.includes('KSV001'));
  });

  it('names the key each real finding talks about', () => {
    // Every KSV finding the readers make of these fixtures: the key the table points at must be
    // named in the check's own words (title, description, message or resolution).
    const sources = [
      'reports/configauditreport_pod-my-pod_envtest-expected.yaml',
      'trivy/config_helm-testchart_trivy-json.json',
      'trivy/k8s_cluster_report-all_securecodebox.json',
    ];
    const squash = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');
    let checked = 0;
    for (const source of sources) {
      for (const f of readSourceText(fixture(source), source).findings) {
        const paths = checkKeyPaths(f.id);
        if (!f.id.startsWith('KSV') || !paths) continue;
        const first = paths[0]!;
        // Object keys of RBAC and ConfigMap checks (`rules`, `roleRef`, `data`) are not words in their messages.
        if (first.scope === 'object' && !['namespace'].includes(keyOf(first.path))) continue;
        const words = squash([f.title, f.description, f.message, f.resolution].join(' '));
        assert.ok(
          paths.some((p) => words.includes(squash(keyOf(p.path)))),
          `${f.id} (${f.title}): "${keyOf(first.path)}" not in its text`,
        );
        checked++;
      }
    }
    assert.ok(checked > 100, `checked ${checked} findings`);
  });
});

function keyOf(path: readonly ({ key: string } | object)[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const s = path[i]!;
    if ('key' in s) return s.key;
  }
  return '';
}
