import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readSourceText } from '../src/readers/readSource.js';
import { fixtureFolder } from './readerTestHelpers.js';

const { fixtureText, fixtureJson, readFixture, readEdited } = fixtureFolder('trivy', 'edited.cdx.json');

const NPM_BOM = 'sbom_npm_cyclonedx.json';
const ALPINE_SBOM = 'sbom_alpine-image_cyclonedx_trivy-operator.json';

describe('readCycloneDx: vulnerabilities of a Trivy CycloneDX BOM', () => {
  const r = readFixture(NPM_BOM);
  // The same scan as Trivy JSON: the BOM is `trivy convert --format cyclonedx` of this report.
  const json = readSourceText(fixtureText('fs_npm_trivy-json.json'), 'npm.json').findings[0]!;

  it('reads one finding per affected component with exact counts', () => {
    assert.equal(r.format, 'cyclonedx');
    assert.deepEqual(r.problems, []);
    // jq '[.vulnerabilities[].affects[]] | length' -> 1; ratings of source "ghsa" (vulnerabilities[0].source.name) say medium.
    assert.equal(r.findings.length, 1);
    const f = r.findings[0]!;
    assert.deepEqual([f.type, f.id, f.severity], ['vulnerability', 'CVE-2019-11358', 'MEDIUM']);
    assert.deepEqual(f.origin, { tool: 'trivy', toolVersion: 'dev', format: 'cyclonedx', file: NPM_BOM });
  });

  it('resolves affects by bom-ref to the package, and the package to its lock file', () => {
    const f = r.findings[0]!;
    // affects[0].ref "pkg:npm/jquery@3.3.9" is the component with that bom-ref; the application
    // component "package-lock.json" depends on it (jq '.dependencies[] | select(.dependsOn | index("pkg:npm/jquery@3.3.9"))').
    assert.deepEqual(f.package, {
      name: 'jquery',
      installedVersion: '3.3.9',
      fixedVersion: '3.4.0',
      purl: 'pkg:npm/jquery@3.3.9',
      status: 'fixed',
      // The component's property `aquasecurity:trivy:PkgType`, the JSON's result `Type`.
      type: 'npm',
    });
    assert.equal(f.target, 'package-lock.json');
    assert.deepEqual({ ...f.package, path: undefined }, json.package);
    assert.equal(f.target, json.target);
  });

  it('reads ratings as CVSS per source, advisories as URL and references, and dates', () => {
    const f = r.findings[0]!;
    assert.deepEqual(f.cvss, [
      {
        source: 'nvd',
        v2Score: 4.3,
        v2Vector: 'AV:N/AC:M/Au:N/C:N/I:P/A:N',
        v3Score: 6.1,
        v3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
        v40Score: undefined,
        v40Vector: undefined,
      },
      {
        source: 'redhat',
        v2Score: undefined,
        v2Vector: undefined,
        v3Score: 5.6,
        v3Vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L',
        v40Score: undefined,
        v40Vector: undefined,
      },
    ]);
    assert.deepEqual(f.cvss, json.cvss);
    // jq '.vulnerabilities[0].advisories | length' -> 80: PrimaryURL first, then the JSON report's 79 References.
    assert.equal(f.primaryUrl, json.primaryUrl);
    assert.deepEqual(f.references, json.references);
    assert.equal(f.publishedDate, '2019-04-20T00:29:00+00:00');
    assert.equal(f.lastModifiedDate, '2021-10-20T11:15:00+00:00');
  });

  it('reads CVSS v4 ratings and VEX analysis', () => {
    const doc = fixtureJson(NPM_BOM);
    const v = doc.vulnerabilities[0];
    // CycloneDX 1.5+ rating method "CVSSv4", as Trivy's marshal.go ratingV4 writes it.
    v.ratings.push({
      source: { name: 'ghsa' },
      score: 7.3,
      severity: 'high',
      method: 'CVSSv4',
      vector: 'CVSS:4.0/AV:L/AC:H/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
    });
    v.analysis = { state: 'not_affected', justification: 'code_not_reachable' };
    const f = readEdited(doc).findings[0]!;
    assert.deepEqual(
      f.cvss.find((c) => c.source === 'ghsa'),
      {
        source: 'ghsa',
        v2Score: undefined,
        v2Vector: undefined,
        v3Score: undefined,
        v3Vector: undefined,
        v40Score: 7.3,
        v40Vector: 'CVSS:4.0/AV:L/AC:H/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      },
    );
    assert.equal(
      f.severity,
      'MEDIUM',
      'the ghsa severity-only rating (medium) comes first, as Trivy sorts them',
    );
    assert.equal(f.suppressed, true);
  });

  it('gives one finding per affected component', () => {
    const doc = fixtureJson(NPM_BOM);
    doc.vulnerabilities[0].affects.push({
      ref: 'pkg:npm/react@16.8.6',
      versions: [{ version: '16.8.6', status: 'affected' }],
    });
    const found = readEdited(doc).findings;
    assert.deepEqual(
      found.map((f) => [f.id, f.package?.name, f.package?.installedVersion]),
      [
        ['CVE-2019-11358', 'jquery', '3.3.9'],
        ['CVE-2019-11358', 'react', '16.8.6'],
      ],
    );
  });
});

describe('readCycloneDx: SBOMs and bad input', () => {
  it("reads the operator's alpine SBOM (vulnerabilities: []) as no findings and no problems", () => {
    // jq '.vulnerabilities | length' -> 0
    const r = readFixture(ALPINE_SBOM);
    assert.deepEqual([r.format, r.findings.length, r.problems.length], ['cyclonedx', 0, 0]);
    const doc = fixtureJson(ALPINE_SBOM);
    delete doc.vulnerabilities;
    assert.deepEqual(readEdited(doc).findings, []);
  });

  it('takes the image of a container BOM from its Trivy properties', () => {
    const doc = fixtureJson(ALPINE_SBOM);
    // The npm BOM's vulnerability, placed in the alpine BOM with its jquery component.
    const npm = fixtureJson(NPM_BOM);
    doc.components.push(npm.components.find((c: { name: string }) => c.name === 'jquery'));
    doc.vulnerabilities = npm.vulnerabilities;
    const f = readEdited(doc).findings[0]!;
    assert.deepEqual(f.origin, {
      tool: 'trivy',
      toolVersion: '0.52.2',
      format: 'cyclonedx',
      file: 'edited.cdx.json',
    });
    // metadata.component properties: RepoTag alpine:3.18, RepoDigest alpine@sha256:eece…
    assert.deepEqual(f.artifact, {
      registry: 'index.docker.io',
      repository: 'library/alpine',
      tag: '3.18',
      digest: 'sha256:eece025e432126ce23f223450a0326fbebde39cdf496a85d8c016293fc851978',
    });
  });

  it('warns about broken vulnerabilities and unknown refs, and reads the rest', () => {
    const doc = fixtureJson(NPM_BOM);
    const good = doc.vulnerabilities[0];
    doc.vulnerabilities = [null, { ratings: [] }, { ...good, affects: [{ ref: 'pkg:npm/nothing@1' }] }, good];
    const r = readEdited(doc);
    assert.equal(r.findings.length, 2);
    assert.equal(r.findings[0]!.package, undefined);
    assert.deepEqual(
      r.problems.map((p) => p.message),
      [
        'vulnerabilities[0]: skipped, not an object',
        'vulnerabilities[1]: skipped, no id',
        'vulnerabilities[2].affects[0]: ref "pkg:npm/nothing@1" names no component',
      ],
    );
    doc.vulnerabilities = 'none';
    assert.match(readEdited(doc).problems[0]!.message, /vulnerabilities is not a list/);
  });
});
