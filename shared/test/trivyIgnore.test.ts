import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../src/model/finding.js';
import { ignoreFormatOf, readTrivyIgnore, type TrivyIgnoreFile } from '../src/ignore/trivyIgnore.js';
import { applyTrivyIgnore, createIgnoreMatcher } from '../src/ignore/trivyIgnoreMatcher.js';
import { readSourceText } from '../src/readers/readSource.js';
import { fixture } from './manifestLines.js';
import { PLAIN, YAML, YAML_WITHOUT_IDS } from './trivyIgnoreInputs.js';

const findingsOf = (path: string): Finding[] => readSourceText(fixture(path), path).findings;
// image_alpine-3.10: 4 vulnerabilities (jq '[.Results[].Vulnerabilities[]] | length' gives 4),
// CVE-2019-1549 and CVE-2019-1551 in each of libcrypto1.1 and libssl1.1.
const alpine = findingsOf('trivy/image_alpine-3.10_trivy-json.json');
// config_helm-testchart: 6 failed checks on templates/deployment.yaml.
const helm = findingsOf('trivy/config_helm-testchart_trivy-json.json');
// secret_repo: aws-access-key-id and mysecret in deploy.sh.
const secrets = findingsOf('trivy/secret_repo_trivy-json.json');

const file = (text: string, path: string): TrivyIgnoreFile => {
  const read = readTrivyIgnore(text, path);
  return read.value;
};
const suppressed = (findings: readonly Finding[], ignore: TrivyIgnoreFile, now: string): string[] =>
  applyTrivyIgnore(findings, ignore, new Date(now))
    .filter((f) => f.suppressed)
    .map((f) => `${f.id}${f.package ? ` ${f.package.name}` : ''}`);

describe('.trivyignore reader', () => {
  it('reads ids, expiry dates and line numbers, and skips comments and inline extras', () => {
    const read = readTrivyIgnore(PLAIN, '.trivyignore');
    assert.equal(read.value.format, 'plain');
    assert.deepEqual(
      read.value.entries.map((e) => [e.id, e.expiresAt, e.line]),
      [
        ['CVE-2019-1551', undefined, 2],
        ['CVE-2019-1549', '2024-06-30', 5],
        ['AVD-KSV-0001', undefined, 8],
        ['aws-access-key-id', undefined, 9],
        ['CVE-2020-0003', '2099-01-01', 12],
      ],
    );
    // Plain ids apply to every scanner, as Trivy copies them into all four sections.
    assert.deepEqual(read.value.entries[0]!.sections, [
      'vulnerabilities',
      'misconfigurations',
      'secrets',
      'licenses',
    ]);
  });

  it('skips a line whose expiry is not a date, with a warning at its line', () => {
    const read = readTrivyIgnore(PLAIN, '.trivyignore');
    assert.deepEqual(
      read.problems.map((p) => [p.level, p.line]),
      [
        ['warning', 10],
        ['warning', 11],
      ],
    );
    assert.match(read.problems[0]!.message, /2024-02-30/);
  });

  it('reads the YAML sections with paths, purls, statements and expiry', () => {
    const read = readTrivyIgnore(YAML, '.trivyignore.yaml');
    assert.deepEqual(read.problems, []);
    assert.equal(read.value.format, 'yaml');
    const bySection = (s: string) =>
      read.value.entries.filter((e) => e.sections.includes(s as never)).map((e) => e.id);
    assert.deepEqual(bySection('vulnerabilities'), ['CVE-2019-1549', 'CVE-2019-1551', 'CVE-2019-9999']);
    assert.deepEqual(bySection('misconfigurations'), ['KSV-0001', 'KSV-0110']);
    assert.deepEqual(bySection('secrets'), ['aws-access-key-id']);
    assert.deepEqual(bySection('licenses'), ['GPL-3.0']);
    const first = read.value.entries[0]!;
    assert.deepEqual(
      [first.purls, first.statement, first.line],
      [['pkg:apk/alpine/libssl1.1'], 'libssl is not reachable from the app', 3],
    );
    assert.equal(read.value.entries[2]!.expiresAt, '2024-06-30');
  });

  it('accepts entries without id when they have paths or purls, and rejects empty ones', () => {
    const read = readTrivyIgnore(YAML_WITHOUT_IDS, 'ignore.yml');
    assert.deepEqual(read.problems, []);
    assert.deepEqual(
      read.value.entries.map((e) => [e.id, e.paths, e.purls]),
      [
        [undefined, [], ['pkg:apk/alpine/libcrypto1.1']],
        [undefined, ['templates/**'], []],
      ],
    );
    const empty = readTrivyIgnore('vulnerabilities:\n  - statement: would ignore everything\n', 'x.yaml');
    assert.equal(empty.value.entries.length, 0);
    assert.deepEqual([empty.problems[0]!.level, empty.problems[0]!.line], ['error', 2]);
  });

  it('leaves out entries Trivy rejects and says why, keeping the others', () => {
    const text = [
      'vulnerabilities:',
      '  - id: CVE-1',
      '    paths: ["[unclosed"]',
      '  - id: CVE-2',
      '    purls: ["not-a-purl"]',
      '  - id: CVE-3',
      '    expired_at: next week',
      '  - id: CVE-4',
      '    expires: 2024-01-01',
      'vulnerability:',
      '  - id: CVE-5',
    ].join('\n');
    const read = readTrivyIgnore(text, 'x.yaml');
    assert.deepEqual(
      read.value.entries.map((e) => e.id),
      ['CVE-4'],
    );
    assert.deepEqual(
      read.problems.map((p) => [p.level, p.line]),
      [
        ['error', 2],
        ['error', 4],
        ['error', 6],
        ['warning', 8],
        ['warning', 10],
      ],
    );
  });

  it('reports malformed YAML instead of throwing', () => {
    const read = readTrivyIgnore('vulnerabilities:\n  - id: [CVE-1\n', '.trivyignore.yaml');
    assert.equal(read.value.entries.length, 0);
    assert.equal(read.problems[0]!.level, 'error');
    assert.deepEqual(readTrivyIgnore('', '.trivyignore.yaml'), {
      value: { format: 'yaml', entries: [] },
      problems: [],
    });
  });

  it('chooses the format by extension, as Trivy does', () => {
    assert.deepEqual(['.trivyignore', '.trivyignore.yaml', 'ignore.YML', 'x.yaml.bak'].map(ignoreFormatOf), [
      'plain',
      'yaml',
      'yaml',
      'plain',
    ]);
  });
});

describe('.trivyignore matcher', () => {
  const plain = file(PLAIN, '.trivyignore');
  const yaml = file(YAML, '.trivyignore.yaml');

  it('suppresses vulnerabilities by id, in every package', () => {
    assert.deepEqual(suppressed(alpine, plain, '2024-06-01T12:00:00Z'), [
      'CVE-2019-1549 libcrypto1.1',
      'CVE-2019-1551 libcrypto1.1',
      'CVE-2019-1549 libssl1.1',
      'CVE-2019-1551 libssl1.1',
    ]);
  });

  it('stops applying an entry once its expiry day has begun (UTC), as Trivy does', () => {
    const at = (now: string) =>
      suppressed(alpine, plain, now).filter((s) => s.startsWith('CVE-2019-1549')).length;
    assert.equal(at('2024-06-29T23:59:59Z'), 2);
    assert.equal(at('2024-06-30T00:00:00.000Z'), 2, 'Trivy drops entries whose date is before now');
    assert.equal(at('2024-06-30T00:00:00.001Z'), 0);
  });

  it('limits an entry to the packages its purls name', () => {
    // CVE-2019-1549 only in libssl; CVE-2019-1551 only under docs/**, which the image target is not.
    assert.deepEqual(suppressed(alpine, yaml, '2024-01-01T00:00:00Z'), ['CVE-2019-1549 libssl1.1']);
  });

  it('matches check ids across spellings (AVD-KSV-0001, KSV-0001, KSV001)', () => {
    assert.deepEqual(suppressed(helm, plain, '2024-01-01T00:00:00Z'), ['KSV001']);
    assert.deepEqual(
      suppressed(helm, yaml, '2024-01-01T00:00:00Z'),
      ['KSV001'],
      'KSV-0110 is limited to docs/**',
    );
    const operatorSpelling = file('misconfigurations:\n  - id: KSV118\n', 'x.yaml');
    assert.deepEqual(suppressed(helm, operatorSpelling, '2024-01-01T00:00:00Z'), ['KSV118']);
  });

  it('keeps the sections apart', () => {
    const wrongSection = file('vulnerabilities:\n  - id: KSV-0001\n', 'x.yaml');
    assert.deepEqual(suppressed(helm, wrongSection, '2024-01-01T00:00:00Z'), []);
  });

  it('matches secrets by rule id and path glob', () => {
    assert.deepEqual(suppressed(secrets, yaml, '2024-01-01T00:00:00Z'), ['aws-access-key-id']);
    assert.deepEqual(suppressed(secrets, plain, '2024-01-01T00:00:00Z'), ['aws-access-key-id']);
  });

  it('applies id-less entries to every finding of their package or path', () => {
    const idless = file(YAML_WITHOUT_IDS, 'x.yaml');
    assert.deepEqual(suppressed(alpine, idless, '2024-01-01T00:00:00Z'), [
      'CVE-2019-1549 libcrypto1.1',
      'CVE-2019-1551 libcrypto1.1',
    ]);
    assert.equal(suppressed(helm, idless, '2024-01-01T00:00:00Z').length, 6);
  });

  it('suppresses a CVE of a saved VulnerabilityReport and of its adapter PolicyReport by the same entry', () => {
    // The wg-policy trivy-adapter's PolicyReport for Pod zipkin repeats the VulnerabilityReport's
    // CVEs: CVE-2021-3449 in libcrypto1.1 and libssl1.1 in both.
    const report = findingsOf('reports/vulnerabilityreportlist_pod-zipkin_wg-trivy-adapter.yaml');
    const adapter = findingsOf('reports/policyreport_pod-zipkin_wg-trivy-adapter.yaml');
    assert.ok(report.every((f) => f.origin.report?.kind === 'VulnerabilityReport'));
    assert.ok(adapter.every((f) => f.origin.report?.kind === 'PolicyReport'));
    const entry = file('vulnerabilities:\n  - id: cve-2021-3449\n', 'x.yaml');
    const expected = ['CVE-2021-3449 libcrypto1.1', 'CVE-2021-3449 libssl1.1'];
    assert.deepEqual(suppressed(report, entry, '2024-01-01T00:00:00Z'), expected);
    assert.deepEqual(suppressed(adapter, entry, '2024-01-01T00:00:00Z'), expected);
    assert.deepEqual(suppressed(report, plain, '2024-01-01T00:00:00Z'), [], 'other ids leave them alone');
  });

  it('suppresses a check of a saved ConfigAuditReport in any spelling, and limits report findings by purl and path', () => {
    const audit = findingsOf('reports/configauditreport_pod-my-pod_envtest-expected.yaml');
    assert.ok(audit.some((f) => f.id === 'KSV001'));
    assert.deepEqual(suppressed(audit, plain, '2024-01-01T00:00:00Z'), ['KSV001'], 'AVD-KSV-0001');
    // A report's vulnerabilities carry no purl: a purl constraint passes them, as Trivy's
    // matchPURL does for a package without one; paths are tried against the target (the image).
    const nginx = findingsOf('reports/vulnerabilityreport_replicaset-nginx_docs.yaml');
    const byPurl = file(
      'vulnerabilities:\n  - id: CVE-2018-25009\n    purls: ["pkg:deb/debian/libwebp6"]\n',
      'x.yaml',
    );
    assert.deepEqual(suppressed(nginx, byPurl, '2024-01-01T00:00:00Z'), ['CVE-2018-25009 libwebp6']);
    const byTarget = file(
      'vulnerabilities:\n  - id: CVE-2019-20367\n    paths: ["library/nginx:1.21.*"]\n  - id: CVE-2018-25009\n    paths: ["library/redis:*"]\n',
      'x.yaml',
    );
    assert.deepEqual(suppressed(nginx, byTarget, '2024-01-01T00:00:00Z'), ['CVE-2019-20367 libbsd0']);
  });

  it('returns new objects for suppressed findings and the same objects for the others', () => {
    const out = applyTrivyIgnore(helm, plain, new Date('2024-01-01T00:00:00Z'));
    assert.equal(out.length, helm.length);
    helm.forEach((f, i) => {
      assert.equal(f.suppressed, false, 'the input is not changed');
      if (out[i]!.suppressed) assert.notEqual(out[i], f);
      else assert.equal(out[i], f);
    });
  });

  it("marks a live cluster report's finding with the entry that suppresses it, until the entry expires", () => {
    // What "Suppress in .trivyignore.yaml" writes for the Trivy Operator docs' VulnerabilityReport
    // of ReplicaSet nginx (the cluster's findings are report findings like these).
    const nginx = findingsOf('reports/vulnerabilityreport_replicaset-nginx_docs.yaml');
    const written = file(
      'vulnerabilities:\n  - id: CVE-2019-20367\n    statement: libbsd0 is not used by nginx\n    expired_at: 2031-01-31\n',
      '.trivyignore.yaml',
    );
    const marked = createIgnoreMatcher(
      written,
      new Date('2030-12-01T00:00:00Z'),
      '/ws/.trivyignore.yaml',
    ).apply(nginx);
    const cve = marked.find((f) => f.id === 'CVE-2019-20367')!;
    assert.equal(cve.suppressed, true);
    assert.deepEqual(cve.suppression, {
      source: '/ws/.trivyignore.yaml',
      line: 2,
      statement: 'libbsd0 is not used by nginx',
      expiresAt: '2031-01-31',
    });
    assert.ok(
      marked.filter((f) => f.id !== 'CVE-2019-20367').every((f) => !f.suppressed && !f.suppression),
      'the other findings are not marked',
    );
    // From the expiry day on, nothing is suppressed, as in Trivy.
    const later = applyTrivyIgnore(nginx, written, new Date('2031-01-31T12:00:00Z'));
    assert.ok(later.every((f) => !f.suppressed && !f.suppression));
  });

  it('tells which entry matched, so a host can show the statement', () => {
    const entry = createIgnoreMatcher(yaml, new Date('2024-01-01T00:00:00Z')).match(
      alpine.find((f) => f.package?.name === 'libssl1.1')!,
    );
    assert.equal(entry?.statement, 'libssl is not reachable from the app');
    assert.equal(entry?.line, 3);
  });
});
