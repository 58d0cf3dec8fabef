import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkJoinKey } from '../src/model/checkIds.js';
import { readSourceText } from '../src/readers/readSource.js';
import { countBy, fixtureFolder } from './readerTestHelpers.js';

const { fixtureText, fixtureJson, readFixture, readEdited } = fixtureFolder('trivy', 'edited.json');

describe('readTrivyJson: every Trivy JSON fixture, exact counts', () => {
  // Counts per fixture, derived from the file with
  //   jq '[.Results[] | (.Vulnerabilities // [])[], ((.Misconfigurations // [])[] | select(.Status == "FAIL")),
  //        (.Secrets // [])[]] | group_by(.Severity) | map({(.[0].Severity): length}) | add' <file>
  // and the types from which list each entry is in.
  const cases: { file: string; types: Record<string, number>; severities: Record<string, number> }[] = [
    { file: 'image_alpine-3.10_trivy-json.json', types: { vulnerability: 4 }, severities: { MEDIUM: 4 } },
    {
      file: 'image_debian-buster_trivy-json.json',
      types: { vulnerability: 2 },
      severities: { LOW: 1, CRITICAL: 1 },
    },
    { file: 'fs_npm_trivy-json.json', types: { vulnerability: 1 }, severities: { MEDIUM: 1 } },
    { file: 'fs_pip_trivy-json.json', types: { vulnerability: 2 }, severities: { HIGH: 1, MEDIUM: 1 } },
    {
      file: 'repo_trivy-ci-test_trivy-json.json',
      types: { vulnerability: 2 },
      severities: { HIGH: 1, MEDIUM: 1 },
    },
    { file: 'config_dockerfile_trivy-json.json', types: { misconfiguration: 1 }, severities: { HIGH: 1 } },
    {
      file: 'config_helm-testchart_trivy-json.json',
      types: { misconfiguration: 6 },
      severities: { MEDIUM: 3, LOW: 2, HIGH: 1 },
    },
    { file: 'secret_repo_trivy-json.json', types: { secret: 2 }, severities: { CRITICAL: 1, HIGH: 1 } },
  ];
  for (const c of cases) {
    it(`reads ${c.file}`, () => {
      const r = readFixture(c.file);
      assert.equal(r.format, 'trivy-json');
      assert.deepEqual(r.problems, []);
      assert.deepEqual(
        countBy(r.findings, (f) => f.type),
        c.types,
      );
      assert.deepEqual(
        countBy(r.findings, (f) => f.severity),
        c.severities,
      );
      for (const f of r.findings) {
        assert.equal(f.origin.tool, 'trivy');
        assert.equal(f.origin.toolVersion, 'dev'); // goldens are made by a dev build: "Trivy": {"Version": "dev"}
        assert.equal(f.origin.file, c.file);
        assert.equal(f.outcome, 'fail');
        assert.equal(f.suppressed, false);
      }
    });
  }
});

describe('readTrivyJson: schema eras', () => {
  it('reads the top-level array of Trivy up to v0.19 like the Results of v0.20+', () => {
    // Trivy v0.19 `pkg/report/json.go` JSONWriter.Write printed `report.Results` unless
    // TRIVY_NEW_JSON_SCHEMA was set, so the old output is exactly the `Results` array of today's report.
    const v2 = readFixture('image_alpine-3.10_trivy-json.json');
    const legacy = readEdited(fixtureJson('image_alpine-3.10_trivy-json.json').Results);
    assert.equal(legacy.format, 'trivy-json-legacy');
    assert.deepEqual(legacy.problems, []);
    assert.equal(legacy.findings.length, 4);
    assert.deepEqual(
      legacy.findings.map((f) => [f.id, f.package, f.cvss, f.target]),
      v2.findings.map((f) => [f.id, f.package, f.cvss, f.target]),
    );
    const origin = legacy.findings[0]!.origin;
    assert.deepEqual(origin, { tool: 'trivy', format: 'trivy-json-legacy', file: 'edited.json' });
    // The target names a tarball, not an image reference, and there is no metadata: no artifact.
    assert.equal(legacy.findings[0]!.artifact, undefined);
  });

  it('takes the image of an old report from its OS target when that names a reference', () => {
    const results = fixtureJson('image_alpine-3.10_trivy-json.json').Results;
    results[0].Target = 'ghcr.io/aquasecurity/trivy-test-images:alpine-310 (alpine 3.10.2)';
    const r = readEdited(results);
    assert.deepEqual(r.findings[0]!.artifact, {
      registry: 'ghcr.io',
      repository: 'aquasecurity/trivy-test-images',
      tag: 'alpine-310',
      digest: undefined,
    });
  });

  it('reads v0.69 check ids (KSV-0001, no AVDID) and old ones (KSV001 + AVDID) to the same id', () => {
    const helm = readFixture('config_helm-testchart_trivy-json.json').findings;
    const ksv1 = helm.find((f) => f.id === 'KSV001')!;
    assert.ok(ksv1, 'KSV-0001 with Namespace builtin.kubernetes.KSV001 is canonicalised to KSV001');
    assert.ok(ksv1.aliases.includes('KSV-0001'));
    assert.ok(ksv1.aliases.includes('AVD-KSV-0001'));
    assert.ok(ksv1.aliases.includes('builtin.kubernetes.KSV001'));
    // The same check as Trivy before v0.69 wrote it (`ID: KSV001`, `AVDID: AVD-KSV-0001`, see
    // `pkg/types/misconfiguration.go`, AVDID "Deprecated: Use the ID field instead").
    const doc = fixtureJson('config_helm-testchart_trivy-json.json');
    const m = doc.Results[0].Misconfigurations[0];
    m.ID = 'KSV001';
    m.AVDID = 'AVD-KSV-0001';
    const old = readEdited(doc).findings[0]!;
    assert.equal(old.id, 'KSV001');
    assert.deepEqual(new Set(old.aliases), new Set(ksv1.aliases));
    assert.equal(checkJoinKey(old.id), checkJoinKey('KSV-0001'));
  });

  it('reads IacMetadata (old name of CauseMetadata) and tolerates RenderedCause without keeping ANSI', () => {
    const doc = fixtureJson('config_helm-testchart_trivy-json.json');
    const m = doc.Results[0].Misconfigurations[0];
    const expected = readEdited(doc).findings[0]!;
    // `fanal/types/misconf.go` CauseMetadata.RenderedCause {Raw, Highlighted}: Highlighted is ANSI-coloured.
    m.CauseMetadata.RenderedCause = {
      Raw: m.CauseMetadata.Code.Lines[0].Content,
      Highlighted: m.CauseMetadata.Code.Lines[0].Highlighted,
    };
    const rendered = readEdited(doc).findings[0]!;
    assert.deepEqual(rendered, { ...expected, origin: rendered.origin });
    m.IacMetadata = m.CauseMetadata;
    delete m.CauseMetadata;
    const old = readEdited(doc).findings[0]!;
    assert.deepEqual(old.location, expected.location);
    assert.deepEqual(old.cause, expected.cause);
    assert.ok(!JSON.stringify(readEdited(doc).findings).includes('\u001b'), 'no ANSI escape in any finding');
  });

  it('reads results without lists, with null lists, and without Results', () => {
    const doc = fixtureJson('repo_trivy-ci-test_trivy-json.json');
    // The Pipfile.lock result has no Vulnerabilities key at all; Trivy of some versions wrote null.
    doc.Results[1].Vulnerabilities = null;
    doc.Results[1].Misconfigurations = null;
    doc.Results[1].Secrets = null;
    const r = readEdited(doc);
    assert.deepEqual(r.problems, []);
    assert.equal(r.findings.length, 2);
    delete doc.Results;
    assert.deepEqual(readEdited(doc), {
      path: 'edited.json',
      format: 'trivy-json',
      findings: [],
      problems: [],
    });
    doc.Results = null;
    assert.equal(readEdited(doc).findings.length, 0);
  });

  it('warns about a schema newer than 2 and still reads it', () => {
    const doc = fixtureJson('fs_npm_trivy-json.json');
    doc.SchemaVersion = 3;
    const r = readEdited(doc);
    assert.equal(r.findings.length, 1);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.message, /SchemaVersion 3/);
  });
});

describe('readTrivyJson: vulnerabilities', () => {
  it('reads package, status, CVSS per vendor, dates and shares origin and artifact objects', () => {
    const r = readFixture('image_alpine-3.10_trivy-json.json');
    const f = r.findings[0]!;
    assert.equal(f.id, 'CVE-2019-1549');
    assert.equal(f.title, 'openssl: information disclosure in fork()');
    assert.deepEqual(f.package, {
      name: 'libcrypto1.1',
      installedVersion: '1.1.1c-r0',
      fixedVersion: '1.1.1d-r0',
      purl: 'pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2',
      status: 'fixed',
      path: undefined,
      // The result's `Type`: the OS family of the image.
      type: 'alpine',
    });
    assert.deepEqual(f.cvss, [
      {
        source: 'nvd',
        v2Score: 5,
        v2Vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N',
        v3Score: 5.3,
        v3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
        v40Score: undefined,
        v40Vector: undefined,
      },
      {
        source: 'redhat',
        v2Score: undefined,
        v2Vector: undefined,
        v3Score: 4.8,
        v3Vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N',
        v40Score: undefined,
        v40Vector: undefined,
      },
    ]);
    assert.equal(f.primaryUrl, 'https://avd.aquasec.com/nvd/cve-2019-1549');
    assert.equal(f.references.length, 20); // jq '.Results[0].Vulnerabilities[0].References | length'
    assert.equal(f.publishedDate, '2019-09-10T17:15:00Z');
    assert.equal(f.lastModifiedDate, '2020-10-20T22:15:00Z');
    assert.equal(f.target, 'testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2)');
    assert.equal(f.location, undefined);
    // Metadata: RepoTags ghcr.io/aquasecurity/trivy-test-images:alpine-310, no RepoDigests (loaded from an archive), ImageID.
    assert.deepEqual(f.artifact, {
      registry: 'ghcr.io',
      repository: 'aquasecurity/trivy-test-images',
      tag: 'alpine-310',
      digest: 'sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4',
    });
    for (const g of r.findings) {
      assert.equal(g.artifact, f.artifact, 'one ArtifactRef object per file');
      assert.equal(g.origin, f.origin, 'one Origin object per file');
    }
  });

  it('maps Trivy status strings (and trivy-db status numbers) to PackageStatus; aliases from VendorIDs', () => {
    const debian = readFixture('image_debian-buster_trivy-json.json').findings;
    assert.deepEqual(
      debian.map((f) => [f.id, f.package?.status, f.aliases]),
      [
        ['CVE-2019-18276', 'affected', []],
        ['CVE-2019-18224', 'fixed', ['DSA-4613-1']],
      ],
    );
    const doc = fixtureJson('image_debian-buster_trivy-json.json');
    const [a, b] = doc.Results[0].Vulnerabilities;
    a.Status = 5; // trivy-db pkg/types/status.go: Statuses[5] = "will_not_fix"
    b.Status = 'needed'; // a word Trivy does not define
    const edited = readEdited(doc).findings;
    assert.equal(edited[0]!.package?.status, 'will_not_fix');
    assert.equal(edited[1]!.package?.status, 'unknown');
    for (const s of [
      'fixed',
      'affected',
      'will_not_fix',
      'fix_deferred',
      'end_of_life',
      'under_investigation',
      'not_affected',
      'unknown',
    ]) {
      a.Status = s;
      assert.equal(readEdited(doc).findings[0]!.package?.status, s);
    }
  });

  it('reads CVSS v4 (V40Score, V40Vector) per vendor', () => {
    const doc = fixtureJson('fs_npm_trivy-json.json');
    // trivy-db pkg/types/types.go CVSS {V2Vector, V3Vector, V40Vector, V2Score, V3Score, V40Score};
    // the vector and score are a GHSA CVSS 4.0 pair as Trivy prints them.
    doc.Results[0].Vulnerabilities[0].CVSS.ghsa = {
      V40Vector: 'CVSS:4.0/AV:L/AC:H/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      V40Score: 7.3,
    };
    const ghsa = readEdited(doc).findings[0]!.cvss.find((c) => c.source === 'ghsa')!;
    assert.equal(ghsa.v40Score, 7.3);
    assert.equal(ghsa.v40Vector, 'CVSS:4.0/AV:L/AC:H/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
    assert.equal(ghsa.v3Score, undefined);
  });

  it('places fs/repo vulnerabilities in the lock file from Packages[].Locations', () => {
    // npm: matched by PkgID jquery@3.3.9; package-lock.json lines 11-15 are the "jquery" entry.
    const npm = readFixture('fs_npm_trivy-json.json').findings[0]!;
    assert.deepEqual(npm.location, {
      path: 'package-lock.json',
      startLine: 11,
      endLine: 15,
      approximate: false,
    });
    const lock = fixtureText('inputs/npm/package-lock.json').split('\n');
    assert.match(lock[npm.location!.startLine - 1]!, /"jquery": \{/);
    // pip: no PkgID, matched by name and version; requirements.txt line 6 is "Werkzeug==0.11".
    const pip = readFixture('fs_pip_trivy-json.json').findings;
    const req = fixtureText('inputs/pip/requirements.txt').split('\n');
    for (const f of pip) {
      assert.deepEqual(f.location, {
        path: 'requirements.txt',
        startLine: 6,
        endLine: 6,
        approximate: false,
      });
      assert.equal(req[5], 'Werkzeug==0.11');
    }
    // No Packages in the repo scan: no location.
    assert.equal(readFixture('repo_trivy-ci-test_trivy-json.json').findings[0]!.location, undefined);
  });

  it('shares the database details of one id across its entries, and rereads an entry that differs', () => {
    // alpine: CVE-2019-1549 is listed for libcrypto1.1 and for libssl1.1 (jq '[.Results[0].Vulnerabilities[].VulnerabilityID]').
    const doc = fixtureJson('image_alpine-3.10_trivy-json.json');
    const [crypto, , ssl] = readEdited(doc).findings;
    assert.deepEqual(
      [crypto!.id, ssl!.id, crypto!.package?.name, ssl!.package?.name],
      ['CVE-2019-1549', 'CVE-2019-1549', 'libcrypto1.1', 'libssl1.1'],
    );
    assert.equal(ssl!.references, crypto!.references, 'one references list for both');
    assert.equal(ssl!.cvss, crypto!.cvss);
    // A hand-merged file with another database's text for the same id is read as written.
    doc.Results[0].Vulnerabilities[2].Title = 'openssl: another title';
    doc.Results[0].Vulnerabilities[2].References = ['https://example.org/advisory'];
    const [first, , second] = readEdited(doc).findings;
    assert.equal(second!.title, 'openssl: another title');
    assert.deepEqual(second!.references, ['https://example.org/advisory']);
    assert.equal(first!.references.length, 20);
  });

  it('reads ExperimentalModifiedFindings as suppressed findings', () => {
    const doc = fixtureJson('fs_npm_trivy-json.json');
    const result = doc.Results[0];
    // pkg/types/finding.go ModifiedFinding {Type, Status, Statement, Source, Finding}, written as
    // "ExperimentalModifiedFindings" (pkg/types/report.go) when VEX or .trivyignore removed a finding.
    result.ExperimentalModifiedFindings = [
      {
        Type: 'vulnerability',
        Status: 'not_affected',
        Statement: 'vulnerable_code_not_in_execute_path',
        Source: './vex.json',
        Finding: result.Vulnerabilities[0],
      },
    ];
    delete result.Vulnerabilities;
    const r = readEdited(doc);
    assert.deepEqual(r.problems, []);
    assert.equal(r.findings.length, 1);
    const f = r.findings[0]!;
    assert.equal(f.id, 'CVE-2019-11358');
    assert.equal(f.suppressed, true);
    assert.equal(f.message, 'not_affected (vulnerable_code_not_in_execute_path, ./vex.json)');
    assert.equal(f.location?.startLine, 11);
  });
});

describe('readTrivyJson: misconfigurations', () => {
  it('reads Helm findings with approximate locations and cause lines', () => {
    const helm = readFixture('config_helm-testchart_trivy-json.json').findings;
    const f = helm[0]!;
    assert.equal(
      f.message,
      "Container 'testchart' of Deployment 'testchart' should set 'securityContext.allowPrivilegeEscalation' to false",
    );
    assert.equal(f.category, 'Helm Security Check');
    assert.equal(f.resolution, "Set 'set containers[].securityContext.allowPrivilegeEscalation' to 'false'.");
    // Lines are of the rendered manifest: StartLine 28, EndLine 57; IsCause lines 28-36, FirstCause 28.
    assert.deepEqual(f.location, {
      path: 'templates/deployment.yaml',
      startLine: 28,
      endLine: 57,
      approximate: true,
    });
    assert.deepEqual(f.cause, { lines: [28, 29, 30, 31, 32, 33, 34, 35, 36], first: 28 });
    // jq '[.Results[0].Misconfigurations[] | select(.CauseMetadata.StartLine)] | length' gives 5 (KSV-0117 has none).
    assert.equal(helm.filter((g) => g.location).length, 5);
    assert.ok(helm.every((g) => !g.location || g.location.approximate));
    // Helm is recognised by the misconfiguration's Type too, when the result Type says otherwise.
    const doc = fixtureJson('config_helm-testchart_trivy-json.json');
    doc.Results[0].Type = 'kubernetes';
    assert.equal(readEdited(doc).findings[0]!.location?.approximate, true);
    const copy = structuredClone(doc.Results[0].Misconfigurations[0]);
    copy.Type = 'Kubernetes Security Check';
    doc.Results[0].Misconfigurations.push(copy);
    const both = readEdited(doc).findings.filter((g) => g.id === 'KSV001');
    assert.deepEqual(
      both.map((g) => [g.category, g.location?.approximate]),
      [
        ['Helm Security Check', true],
        ['Kubernetes Security Check', false],
      ],
    );
  });

  it('gives the Dockerfile DS-0002 finding no location', () => {
    const [f] = readFixture('config_dockerfile_trivy-json.json').findings;
    assert.equal(f!.id, 'DS002');
    assert.ok(f!.aliases.includes('DS-0002'));
    assert.equal(f!.target, 'Dockerfile');
    assert.equal(f!.location, undefined);
    assert.equal(f!.cause, undefined);
    assert.equal(f!.message, 'Specify at least 1 USER command in Dockerfile with non-root user as argument');
  });

  it('reads PASS only when asked, no Status as FAIL, EXCEPTION as suppressed', () => {
    const doc = fixtureJson('config_helm-testchart_trivy-json.json');
    const list = doc.Results[0].Misconfigurations;
    list[0].Status = 'PASS';
    delete list[1].Status; // Trivy before Status existed listed failures only
    list[2].Status = 'EXCEPTION'; // pkg/types/misconfiguration.go MisconfStatusException
    const byDefault = readEdited(doc).findings;
    assert.equal(byDefault.length, 5);
    assert.equal(byDefault.find((f) => f.id === 'KSV030')?.outcome, 'fail');
    const exception = byDefault.find((f) => f.id === 'KSV104')!;
    assert.deepEqual([exception.outcome, exception.suppressed], ['skip', true]);
    const all = readEdited(doc, { includePassed: true }).findings;
    assert.equal(all.length, 6);
    assert.equal(all.find((f) => f.id === 'KSV001')?.outcome, 'pass');
  });
});

describe('readTrivyJson: secrets and licenses', () => {
  it('keeps Match as Trivy masked it and never reads the unmasked code lines', () => {
    const r = readFixture('secret_repo_trivy-json.json');
    const [aws, custom] = r.findings;
    assert.deepEqual(
      [aws!.id, aws!.title, aws!.category, aws!.match, aws!.location],
      [
        'aws-access-key-id',
        'AWS Access Key ID',
        'AWS',
        'export AWS_ACCESS_KEY_ID=********************',
        { path: 'deploy.sh', startLine: 3, endLine: 3, approximate: false },
      ],
    );
    assert.deepEqual(
      [custom!.id, custom!.match, custom!.location?.startLine],
      ['mysecret', 'echo ********', 7],
    );
    // Code.Lines line 5 holds a GitHub token Trivy did not mask (no rule matched it).
    assert.ok(!JSON.stringify(r.findings).includes('ghp_0123456789'));
  });

  it("reads Licenses[] as 'license' findings", () => {
    // pkg/types/license.go DetectedLicense {Severity, Category, PkgName, FilePath, Name, Text, Confidence, Link}
    // in a result of Class "license"; built from the npm fixture's Packages[].Licenses (5 packages say MIT:
    // jq '[.Results[0].Packages[] | select(.Licenses)] | length'), classified as Trivy classifies MIT
    // (category notice, severity LOW).
    const doc = fixtureJson('fs_npm_trivy-json.json');
    const licensed = doc.Results[0].Packages.filter((p: { Licenses?: string[] }) => p.Licenses);
    doc.Results.push({
      Target: 'Node.js',
      Class: 'license',
      Licenses: licensed.map((p: { Name: string; Licenses: string[] }) => ({
        Severity: 'LOW',
        Category: 'notice',
        PkgName: p.Name,
        FilePath: '',
        Name: p.Licenses[0],
        Text: '',
        Confidence: 1,
        Link: '',
      })),
    });
    const licenses = readEdited(doc).findings.filter((f) => f.type === 'license');
    assert.equal(licenses.length, 5);
    assert.deepEqual(
      licenses.map((f) => [f.id, f.title, f.package?.name, f.category, f.severity, f.target]),
      ['jquery', 'promise', 'react', 'react-is', 'redux'].map((p) => [
        'MIT',
        `MIT in ${p}`,
        p,
        'notice',
        'LOW',
        'Node.js',
      ]),
    );
  });
});

describe('readTrivyJson: bad input produces problems, never throws', () => {
  it('skips broken entries with a warning naming each, and reads the rest', () => {
    const doc = fixtureJson('image_debian-buster_trivy-json.json');
    const good = doc.Results[0].Vulnerabilities;
    doc.Results = [
      null,
      7,
      {
        Target: 'x',
        Vulnerabilities: [null, { VulnerabilityID: 7 }, {}, 'CVE-1', ...good],
        Misconfigurations: 'none',
        Secrets: [{ Title: 'no rule id' }],
      },
      {
        Target: 'y',
        Misconfigurations: [
          { Title: 'no id', Status: 'FAIL' },
          { ID: 'KSV001', Status: 'WEIRD' },
        ],
      },
    ];
    const r = readEdited(doc);
    assert.equal(r.findings.length, 3);
    assert.deepEqual(
      r.problems.map((p) => [p.level, p.message]),
      [
        ['warning', 'Results[0]: skipped, not an object'],
        ['warning', 'Results[1]: skipped, not an object'],
        ['warning', 'Results[2].Vulnerabilities[0]: skipped, not an object'],
        ['warning', 'Results[2].Vulnerabilities[1]: skipped, no VulnerabilityID'],
        ['warning', 'Results[2].Vulnerabilities[2]: skipped, no VulnerabilityID'],
        ['warning', 'Results[2].Vulnerabilities[3]: skipped, not an object'],
        ['warning', 'Results[2].Misconfigurations: skipped, not a list'],
        ['warning', 'Results[2].Secrets[0]: skipped, no RuleID'],
        ['warning', 'Results[3].Misconfigurations[0]: skipped, no ID'],
        ['warning', 'Results[3].Misconfigurations[1]: unknown Status "WEIRD", read as FAIL'],
      ],
    );
    assert.ok(r.problems.every((p) => p.source === 'edited.json'));
  });

  it('reads wrongly typed optional fields as absent', () => {
    const doc = fixtureJson('image_alpine-3.10_trivy-json.json');
    Object.assign(doc.Results[0].Vulnerabilities[0], {
      Title: 5,
      References: ['https://a', 3, null],
      CVSS: { nvd: 'x', ghsa: { V3Score: '9' } },
      PkgIdentifier: [],
      VendorIDs: {},
      PublishedDate: false,
    });
    const f = readEdited(doc).findings[0]!;
    assert.equal(f.title, 'CVE-2019-1549');
    assert.deepEqual(f.references, ['https://a']);
    assert.deepEqual(
      f.cvss.map((c) => [c.source, c.v3Score]),
      [['ghsa', undefined]],
    );
    assert.equal(f.package?.purl, undefined);
    assert.deepEqual(f.aliases, []);
    assert.equal(f.publishedDate, undefined);
  });

  it('lists the first 50 broken entries and counts the rest', () => {
    const r = readEdited({
      SchemaVersion: 2,
      Results: [{ Target: 't', Vulnerabilities: Array.from({ length: 80 }, () => ({})) }],
    });
    assert.equal(r.problems.length, 51);
    assert.equal(r.problems[50]!.message, '30 more entries were skipped or read in part');
  });

  it('survives any single node of a real report replaced by null, a number, a string or a list', () => {
    // Deterministic mutation of every fixture: each object/array node (bounded count) in turn.
    for (const name of [
      'image_alpine-3.10_trivy-json.json',
      'config_helm-testchart_trivy-json.json',
      'fs_npm_trivy-json.json',
      'secret_repo_trivy-json.json',
    ]) {
      const text = fixtureText(name);
      const paths: (string | number)[][] = [];
      const walk = (v: unknown, path: (string | number)[]): void => {
        if (paths.length >= 400 || typeof v !== 'object' || v === null) return;
        paths.push(path);
        for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
      };
      walk(JSON.parse(text), []);
      for (const [i, path] of paths.entries()) {
        if (path.length === 0) continue;
        const doc = JSON.parse(text);
        let node = doc;
        for (const k of path.slice(0, -1)) node = node[k];
        node[path.at(-1)!] = [null, 42, 'text', [1, 'a']][i % 4];
        const r = readSourceText(JSON.stringify(doc), name);
        assert.ok(Array.isArray(r.findings) && Array.isArray(r.problems));
      }
    }
  });

  it('reports a document that is not a Trivy report as an error, not a throw', () => {
    const r = readSourceText('42', 'n.json');
    assert.equal(r.format, 'unknown');
    assert.equal(r.problems[0]!.level, 'error');
  });
});
