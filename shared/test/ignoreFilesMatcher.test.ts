import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../src/model/finding.js';
import { readTrivyIgnore, type TrivyIgnoreFile } from '../src/ignore/trivyIgnore.js';
import {
  createIgnoreFilesMatcher,
  nextIgnoreExpiry,
  type SourcedIgnoreFile,
} from '../src/ignore/ignoreFilesMatcher.js';
import { readSourceText } from '../src/readers/readSource.js';
import { fixture } from './manifestLines.js';

const findingsOf = (path: string): Finding[] => readSourceText(fixture(path), path).findings;
// A live cluster's findings, as the store holds them: the docs' nginx VulnerabilityReport
// (CVE-2019-20367 in libbsd0, CVE-2018-25009 in libwebp6), the docs' ExposedSecretReport
// (stripe-access-token twice in /app/config/secret.yaml) and the envtest ConfigAuditReport
// (KSV001, KSV003, …).
const nginxVulns = findingsOf('reports/vulnerabilityreport_replicaset-nginx_docs.yaml');
const appSecrets = findingsOf('reports/exposedsecretreport_replicaset-app_docs.yaml');
const podChecks = findingsOf('reports/configauditreport_pod-my-pod_envtest-expected.yaml');
const cluster = [...nginxVulns, ...appSecrets, ...podChecks];
// A local scan's findings: image alpine 3.10 (CVE-2019-1549/1551 in libcrypto1.1 and libssl1.1).
const alpine = findingsOf('trivy/image_alpine-3.10_trivy-json.json');

const yaml = (text: string, path = '.trivyignore.yaml'): TrivyIgnoreFile => {
  const read = readTrivyIgnore(text, path);
  assert.deepEqual(read.problems, [], 'the test file is valid');
  return read.value;
};

// Folder A's file: a vulnerability accepted with a statement and a date, one expired entry.
const FOLDER_A = `vulnerabilities:
  - id: CVE-2019-20367
    statement: libbsd is not used by nginx
    expired_at: 2031-01-31
  - id: CVE-2018-25009
    expired_at: 2024-06-30
`;
// Folder B's file: the same libwebp CVE still accepted, a secret by path, a check in Trivy ≥ 0.69's spelling.
const FOLDER_B = `vulnerabilities:
  - id: CVE-2018-25009
    purls:
      - "pkg:deb/debian/libwebp6"
    statement: no WebP images are decoded
misconfigurations:
  - id: KSV-0001
    statement: the pod needs it
secrets:
  - id: stripe-access-token
    paths:
      - "/app/config/*.yaml"
`;
// Folder C's file: the plain format, every scanner.
const FOLDER_C = `# accepted everywhere
CVE-2019-20367
KSV003 exp:2030-01-01
`;

const files: SourcedIgnoreFile[] = [
  { source: 'a/.trivyignore.yaml', file: yaml(FOLDER_A), scope: 'file:///work/a' },
  { source: 'b/.trivyignore.yaml', file: yaml(FOLDER_B), scope: 'file:///work/b' },
  {
    source: 'c/.trivyignore',
    file: readTrivyIgnore(FOLDER_C, '.trivyignore').value,
    scope: 'file:///work/c',
  },
];
const NOW = new Date('2026-12-01T12:00:00Z');

/** `id → source line` of each suppressed finding, in input order. */
const marks = (findings: readonly Finding[]): string[] =>
  findings
    .filter((f) => f.suppressed)
    .map((f) => `${f.id} → ${f.suppression?.source ?? '?'}:${f.suppression?.line ?? '?'}`);

describe('several ignore files judging one cluster', () => {
  it('suppresses a cluster finding an entry in force in any file matches, naming that entry and file', () => {
    const matcher = createIgnoreFilesMatcher(files, NOW)!;
    assert.deepEqual(marks(matcher.apply(cluster)), [
      // Folder A's entry is first in file order; C's matches too but comes later.
      'CVE-2019-20367 → a/.trivyignore.yaml:2',
      // A's entry for it expired on 2024-06-30: B's, still in force, suppresses it.
      'CVE-2018-25009 → b/.trivyignore.yaml:2',
      'stripe-access-token → b/.trivyignore.yaml:10',
      'stripe-access-token → b/.trivyignore.yaml:10',
      // KSV-0001 in B's file ignores the operator's KSV001; KSV003 is C's plain line.
      'KSV001 → b/.trivyignore.yaml:7',
      'KSV003 → c/.trivyignore:3',
    ]);
    const libbsd = matcher.apply(nginxVulns).find((f) => f.id === 'CVE-2019-20367')!;
    assert.deepEqual(libbsd.suppression, {
      source: 'a/.trivyignore.yaml',
      line: 2,
      statement: 'libbsd is not used by nginx',
      expiresAt: '2031-01-31',
    });
    assert.equal(matcher.match(libbsd)?.statement, 'libbsd is not used by nginx');
  });

  it('leaves the findings no entry matches as the same objects, and the input unchanged', () => {
    const matcher = createIgnoreFilesMatcher(files, NOW)!;
    const out = matcher.apply(podChecks);
    const kept = podChecks.filter((f, i) => out[i] === f).map((f) => f.id);
    assert.ok(kept.includes('KSV011') && !kept.includes('KSV001'), kept.join());
    assert.ok(podChecks.every((f) => !f.suppressed));
  });

  it('judges again at another moment: an entry past its date suppresses nothing, the next file decides', () => {
    // On 2031-02-01 A's libbsd entry has expired; C's plain line, with no expiry, suppresses it.
    const later = createIgnoreFilesMatcher(files, new Date('2031-02-01T00:00:00Z'))!;
    assert.deepEqual(
      marks(later.apply(nginxVulns)).filter((m) => m.startsWith('CVE-2019-20367')),
      ['CVE-2019-20367 → c/.trivyignore:2'],
    );
    // KSV003's `exp:2030-01-01` has passed by then.
    assert.equal(later.match(podChecks.find((f) => f.id === 'KSV003')!), undefined);
  });

  it("judges a finding of a scope by that scope's files only, and a finding of none by every file", () => {
    const scopeOf = (f: Finding) => (f.origin.report ? undefined : 'file:///work/b');
    const matcher = createIgnoreFilesMatcher(
      [
        ...files,
        {
          source: 'a/.trivyignore',
          file: yaml('vulnerabilities:\n  - id: CVE-2019-1549\n'),
          scope: 'file:///work/a',
        },
      ],
      NOW,
      { scopeOf },
    )!;
    // Folder A's entry does not hide folder B's local findings: trivy judged them with B's file.
    assert.deepEqual(marks(matcher.apply(alpine)), []);
    // The cluster's are still judged by every file.
    assert.equal(marks(matcher.apply(cluster)).length, 6);
    const inA = createIgnoreFilesMatcher(
      [
        {
          source: 'a/.trivyignore.yaml',
          file: yaml('vulnerabilities:\n  - id: CVE-2019-1549\n'),
          scope: 'a',
        },
      ],
      NOW,
      { scopeOf: () => 'a' },
    )!;
    assert.deepEqual(marks(inA.apply(alpine)), [
      'CVE-2019-1549 → a/.trivyignore.yaml:2',
      'CVE-2019-1549 → a/.trivyignore.yaml:2',
    ]);
  });

  it('is undefined when no file has an entry in force', () => {
    assert.equal(createIgnoreFilesMatcher([], NOW), undefined);
    assert.equal(
      createIgnoreFilesMatcher(
        [
          { source: 'empty/.trivyignore.yaml', file: yaml('') },
          {
            source: 'old/.trivyignore.yaml',
            file: yaml('secrets:\n  - id: x\n    expired_at: 2020-01-01\n'),
          },
        ],
        NOW,
      ),
      undefined,
    );
  });

  it('keeps a finding its source already marked suppressed as it is', () => {
    const matcher = createIgnoreFilesMatcher(files, NOW)!;
    const already = { ...nginxVulns[0]!, suppressed: true };
    assert.equal(matcher.mark(already), already);
  });
});

describe('the next expiry of several ignore files', () => {
  it('is the earliest expiry after now over every file, else undefined', () => {
    const all = files.map((f) => f.file);
    assert.equal(nextIgnoreExpiry(all, NOW), Date.UTC(2030, 0, 1));
    assert.equal(nextIgnoreExpiry(all, new Date('2030-01-01T00:00:01Z')), Date.UTC(2031, 0, 31));
    assert.equal(nextIgnoreExpiry(all, new Date('2031-01-31T00:00:00Z')), undefined);
    assert.equal(nextIgnoreExpiry([], NOW), undefined);
  });
});
