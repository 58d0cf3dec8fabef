import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { matchesFilter } from '../src/model/findingFilter.js';
import type { Finding } from '../src/model/finding.js';
import { readSourceText } from '../src/readers/readSource.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url);

/** A real cluster's VulnerabilityReports (`kubectl get vulns -o json`): 398 vulnerabilities, fixed and not. */
function clusterFindings(): Finding[] {
  const path = 'reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json';
  return readSourceText(readFileSync(new URL(path, fixtures), 'utf8'), path).findings;
}

describe('matchesFilter', () => {
  const findings = clusterFindings();
  const fixed = findings.find((f) => f.package?.fixedVersion && f.severity === 'HIGH')!;
  const unfixed = findings.find((f) => !f.package?.fixedVersion)!;
  const suppressed: Finding = { ...fixed, suppressed: true };
  const passed: Finding = { ...fixed, outcome: 'pass' };

  it('has real data to judge: fixed and unfixed vulnerabilities', () => {
    assert.ok(fixed && unfixed, 'the fixture has both');
  });

  it('hides suppressed findings and passed checks by default, and shows both with `all`', () => {
    assert.equal(matchesFilter(suppressed, {}), false);
    assert.equal(matchesFilter(passed, {}), false);
    assert.equal(matchesFilter(suppressed, { all: true }), true);
    assert.equal(matchesFilter(passed, { all: true }), true);
  });

  it('shows suppressed findings with `showSuppressed`, but not passed checks', () => {
    assert.equal(matchesFilter(suppressed, { showSuppressed: true }), true);
    assert.equal(matchesFilter(passed, { showSuppressed: true }), false);
    // The other filters still apply to a shown suppressed finding.
    assert.equal(matchesFilter(suppressed, { showSuppressed: true, severities: ['CRITICAL'] }), false);
  });

  it('keeps the severities asked for and drops unfixed vulnerabilities with `ignoreUnfixed`', () => {
    const kept = findings.filter((f) =>
      matchesFilter(f, { severities: ['HIGH', 'CRITICAL'], ignoreUnfixed: true }),
    );
    assert.ok(kept.length > 0 && kept.length < findings.length);
    for (const f of kept) {
      assert.ok(f.severity === 'HIGH' || f.severity === 'CRITICAL');
      assert.ok(f.package?.fixedVersion);
    }
    assert.equal(
      kept.length,
      findings.filter((f) => (f.severity === 'HIGH' || f.severity === 'CRITICAL') && f.package?.fixedVersion)
        .length,
    );
  });
});
