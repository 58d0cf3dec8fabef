import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readSourceText } from '../src/readers/readSource.js';
import { fixtureFolder } from './readerTestHelpers.js';

const { fixtureText, fixtureJson, readFixture, readEdited } = fixtureFolder('trivy', 'edited.sarif');

const SARIF = 'image_alpine-3.10_trivy-sarif.json';
/** Results in SARIF: `jq '.runs[0].results | length'` gives 4. */
const RESULTS = 4;

// Per-finding values rather than `every()`, which holds for an empty list: a read that returns
// nothing must fail these assertions, not pass them.
const types = (doc: unknown): string[] => readEdited(doc).findings.map((f) => f.type);
const severities = (doc: unknown): string[] => readEdited(doc).findings.map((f) => f.severity);
const kinds = (findings: readonly { type: string; severity: string }[]): string[] =>
  findings.map((f) => `${f.type} ${f.severity}`);

/** `pkg/report/sarif.go` severityToScore / toSarifErrorLevel. */
const SCORE: Record<string, string> = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '2.0' };
const LEVEL: Record<string, string> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note',
};

interface Entry {
  id: string;
  title: string;
  severity: string;
  target: string;
  startLine?: number;
  endLine?: number;
  message: string;
}

/**
 * A SARIF log as Trivy's SarifWriter (`pkg/report/sarif.go`, commit dc3c56e) writes it for
 * misconfigurations and secrets: rule name "Misconfiguration"/"Secret", tags [title, "security",
 * severity], `security-severity` from severityToScore, and a region from the finding's lines,
 * 1:1 when it has none. The entries come from the real JSON fixtures.
 */
function trivySarif(kind: 'misconfiguration' | 'secret', entries: Entry[]): unknown {
  return {
    version: '2.1.0',
    $schema: 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/Schemata/sarif-schema-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            fullName: 'Trivy Vulnerability Scanner',
            informationUri: 'https://github.com/aquasecurity/trivy',
            name: 'Trivy',
            version: 'dev',
            rules: entries.map((e) => ({
              id: e.id,
              name: kind === 'secret' ? 'Secret' : 'Misconfiguration',
              shortDescription: { text: e.title },
              fullDescription: { text: e.title },
              defaultConfiguration: { level: LEVEL[e.severity] },
              properties: {
                tags: [kind, 'security', e.severity],
                precision: 'very-high',
                'security-severity': SCORE[e.severity],
              },
            })),
          },
        },
        results: entries.map((e, i) => ({
          ruleId: e.id,
          ruleIndex: i,
          level: LEVEL[e.severity],
          message: { text: e.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: e.target, uriBaseId: 'ROOTPATH' },
                region: {
                  startLine: e.startLine || 1,
                  startColumn: 1,
                  endLine: e.endLine || 1,
                  endColumn: 1,
                },
              },
              message: { text: e.target },
            },
          ],
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

describe('readSarif: Trivy image scan (alpine 3.10)', () => {
  const r = readFixture(SARIF);
  const json = readSourceText(fixtureText('image_alpine-3.10_trivy-json.json'), 'alpine.json');

  it('reads every result as a vulnerability with exact counts', () => {
    assert.equal(r.format, 'sarif');
    assert.deepEqual(r.problems, []);
    // jq '.runs[0].results | length' -> 4; every rule's properties.tags hold "MEDIUM" and
    // security-severity "5.3" (jq '.runs[0].tool.driver.rules[].properties')
    assert.equal(r.findings.length, RESULTS);
    assert.deepEqual(kinds(r.findings), Array(RESULTS).fill('vulnerability MEDIUM'));
    assert.deepEqual(r.findings[0]!.origin, {
      tool: 'trivy',
      toolVersion: 'dev',
      format: 'sarif',
      file: SARIF,
    });
  });

  it('reads the same vulnerabilities and packages as the JSON report of the same scan', () => {
    const key = (f: (typeof r.findings)[number]): string =>
      `${f.id} ${f.package?.name}@${f.package?.installedVersion} -> ${f.package?.fixedVersion}`;
    assert.deepEqual(r.findings.map(key).sort(), json.findings.map(key).sort());
  });

  it('reads rule texts, CVSS properties and the image from the run properties', () => {
    const f = r.findings[0]!;
    assert.equal(f.id, 'CVE-2019-1549');
    assert.equal(f.title, 'openssl: information disclosure in fork()');
    assert.equal(f.primaryUrl, 'https://avd.aquasec.com/nvd/cve-2019-1549');
    assert.match(f.message!, /^Package: libcrypto1\.1\nInstalled Version: 1\.1\.1c-r0\n/);
    assert.deepEqual(f.cvss, [
      {
        source: 'sarif',
        v2Score: 5,
        v2Vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N',
        v3Score: 5.3,
        v3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
        v40Score: undefined,
        v40Vector: undefined,
      },
    ]);
    assert.deepEqual(f.artifact, json.findings[0]!.artifact);
    assert.equal(r.findings.filter((g) => g.artifact === f.artifact).length, RESULTS);
    assert.equal(f.target, 'testdata/fixtures/images/alpine-310.tar.gz');
    // OS packages have no lines: region 1:1 is Trivy's placeholder (toSarifLocations), not a location.
    assert.deepEqual(
      r.findings.map((g) => g.location),
      Array(RESULTS).fill(undefined),
    );
  });

  it("finds the type from tags, then from the id, when the rule name is not Trivy's", () => {
    const doc = fixtureJson(SARIF);
    for (const rule of doc.runs[0].tool.driver.rules) delete rule.name;
    assert.deepEqual(types(doc), Array(RESULTS).fill('vulnerability'));
    for (const rule of doc.runs[0].tool.driver.rules) delete rule.properties.tags;
    assert.deepEqual(types(doc), Array(RESULTS).fill('vulnerability')); // CVE-… ids
  });

  it('takes severity from the severity tag, else security-severity, else the level', () => {
    const doc = fixtureJson(SARIF);
    const rules = doc.runs[0].tool.driver.rules;
    for (const rule of rules) rule.properties['security-severity'] = '9.8';
    assert.deepEqual(
      severities(doc),
      Array(RESULTS).fill('MEDIUM'),
      'Trivy writes its own severity as the third tag',
    );
    for (const rule of rules) rule.properties.tags = ['vulnerability', 'security'];
    assert.deepEqual(severities(doc), Array(RESULTS).fill('CRITICAL'));
    for (const rule of rules) delete rule.properties['security-severity'];
    for (const result of doc.runs[0].results) result.level = 'error';
    assert.deepEqual(severities(doc), Array(RESULTS).fill('HIGH'));
    for (const result of doc.runs[0].results) delete result.level;
    assert.deepEqual(severities(doc), Array(RESULTS).fill('MEDIUM'), 'the rule default level "warning"');
  });

  it('marks results with SARIF suppressions as suppressed', () => {
    const doc = fixtureJson(SARIF);
    doc.runs[0].results[1].suppressions = [{ kind: 'external', justification: 'accepted risk' }];
    assert.deepEqual(
      readEdited(doc).findings.map((f) => f.suppressed),
      [false, true, false, false],
    );
  });
});

describe('readSarif: misconfigurations and secrets as Trivy writes them', () => {
  it('reads Helm misconfiguration regions as locations with canonical check ids', () => {
    const helm = fixtureJson('config_helm-testchart_trivy-json.json');
    const result = helm.Results[0];
    interface Misconf {
      ID: string;
      Title: string;
      Severity: string;
      Message: string;
      PrimaryURL: string;
      CauseMetadata: { StartLine?: number; EndLine?: number };
    }
    const entries: Entry[] = result.Misconfigurations.map((m: Misconf) => ({
      id: m.ID,
      title: m.Title,
      severity: m.Severity,
      target: result.Target,
      startLine: m.CauseMetadata.StartLine,
      endLine: m.CauseMetadata.EndLine,
      message: `Artifact: ${result.Target}\nType: ${result.Type}\nVulnerability ${m.ID}\nSeverity: ${m.Severity}\nMessage: ${m.Message}\nLink: [${m.ID}](${m.PrimaryURL})`,
    }));
    const r = readEdited(trivySarif('misconfiguration', entries));
    assert.deepEqual(r.problems, []);
    // 6 failed checks (jq '.Results[0].Misconfigurations | length'): MEDIUM 3, LOW 2, HIGH 1.
    assert.equal(r.findings.length, 6);
    const json = readSourceText(fixtureText('config_helm-testchart_trivy-json.json'), 'helm.json').findings;
    assert.deepEqual(
      r.findings.map((f) => [f.type, f.id, f.severity]),
      json.map((f) => [f.type, f.id, f.severity]),
    );
    const ksv1 = r.findings[0]!;
    assert.equal(ksv1.id, 'KSV001');
    assert.ok(ksv1.aliases.includes('KSV-0001'));
    assert.deepEqual(ksv1.location, {
      path: 'templates/deployment.yaml',
      startLine: 28,
      endLine: 57,
      approximate: false,
    });
    // KSV-0117 has no lines; Trivy wrote its 1:1 placeholder, which SARIF cannot tell from line 1.
    assert.deepEqual(r.findings.find((f) => f.id === 'KSV117')!.location, {
      path: 'templates/deployment.yaml',
      startLine: 1,
      endLine: 1,
      approximate: false,
    });
  });

  it('reads secrets with their region and the masked match from the message', () => {
    const secrets = fixtureJson('secret_repo_trivy-json.json').Results[0];
    interface Secret {
      RuleID: string;
      Title: string;
      Severity: string;
      StartLine: number;
      EndLine: number;
      Match: string;
    }
    const entries: Entry[] = secrets.Secrets.map((s: Secret) => ({
      id: s.RuleID,
      title: s.Title,
      severity: s.Severity,
      target: secrets.Target,
      startLine: s.StartLine,
      endLine: s.EndLine,
      message: `Artifact: ${secrets.Target}\nType: \nSecret ${s.Title}\nSeverity: ${s.Severity}\nMatch: ${s.Match}`,
    }));
    const r = readEdited(trivySarif('secret', entries));
    assert.deepEqual(
      r.findings.map((f) => [f.type, f.id, f.severity, f.match, f.location?.startLine, f.location?.endLine]),
      [
        ['secret', 'aws-access-key-id', 'CRITICAL', 'export AWS_ACCESS_KEY_ID=********************', 3, 3],
        ['secret', 'mysecret', 'HIGH', 'echo ********', 7, 7],
      ],
    );
  });
});

describe('readSarif: bad input', () => {
  it('skips broken results and reads the rest, finding rules by index when the id is missing', () => {
    const doc = fixtureJson(SARIF);
    const results = doc.runs[0].results;
    delete results[0].ruleId; // ruleIndex 0 still names CVE-2019-1549
    results.push(null, { message: { text: 'no rule' } }, { ruleId: 'CVE-0000-1', locations: 'x', level: 7 });
    doc.runs.push('not a run');
    const r = readEdited(doc);
    assert.equal(r.findings.length, 5);
    assert.equal(r.findings[0]!.id, 'CVE-2019-1549');
    const unknown = r.findings[4]!;
    assert.deepEqual(
      [unknown.id, unknown.type, unknown.severity, unknown.location],
      ['CVE-0000-1', 'vulnerability', 'MEDIUM', undefined],
    );
    assert.deepEqual(
      r.problems.map((p) => p.message),
      [
        'runs[0].results[4]: skipped, not an object',
        'runs[0].results[5]: skipped, no ruleId',
        'runs[1]: skipped, not an object',
      ],
    );
  });

  it('reports a SARIF log of another version and still reads it', () => {
    const doc = fixtureJson(SARIF);
    doc.version = '2.0.0';
    const r = readEdited(doc);
    assert.equal(r.findings.length, 4);
    assert.match(r.problems[0]!.message, /SARIF version 2\.0\.0/);
  });
});
