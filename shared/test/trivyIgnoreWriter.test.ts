import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../src/model/finding.js';
import { ignoreSectionFor, readTrivyIgnore } from '../src/ignore/trivyIgnore.js';
import { createIgnoreMatcher } from '../src/ignore/trivyIgnoreMatcher.js';
import { addIgnoreEntry } from '../src/ignore/trivyIgnoreWriter.js';
import { readSourceText } from '../src/readers/readSource.js';
import { fixture } from './manifestLines.js';
import { PLAIN, YAML } from './trivyIgnoreInputs.js';

/**
 * Asserts that `after` is `before` with one block of text inserted: every byte of the original,
 * comments and blank lines included, is still there in order. Returns the inserted block.
 */
function insertedInto(before: string, after: string): string {
  let p = 0;
  while (p < before.length && before[p] === after[p]) p++;
  const rest = before.slice(p);
  assert.ok(after.endsWith(rest), 'the text after the insertion point is unchanged');
  assert.ok(after.length > before.length, 'something was inserted');
  return after.slice(p, after.length - rest.length);
}

const helm = readSourceText(fixture('trivy/config_helm-testchart_trivy-json.json'), 'helm.json').findings;
const ksv001 = helm.find((f) => f.id === 'KSV001')!;

describe('adding to a .trivyignore', () => {
  it('appends the id with its expiry and a comment line, keeping the file byte for byte', () => {
    const out = addIgnoreEntry(PLAIN, 'plain', {
      id: 'CVE-2019-1549',
      section: 'vulnerabilities',
      statement: 'Waiting for alpine 3.11',
      expiresAt: '2025-01-31',
    });
    assert.deepEqual(out.problems, []);
    // PLAIN has no newline at its end; one is added before the new lines.
    assert.equal(out.value, `${PLAIN}\n# Waiting for alpine 3.11\nCVE-2019-1549 exp:2025-01-31\n`);
    const read = readTrivyIgnore(out.value, '.trivyignore').value.entries.at(-1)!;
    assert.deepEqual([read.id, read.expiresAt], ['CVE-2019-1549', '2025-01-31']);
  });

  it('keeps CRLF line ends', () => {
    const crlf = '# accepted\r\nCVE-2019-1551\r\n';
    assert.equal(
      addIgnoreEntry(crlf, 'plain', { id: 'KSV-0001', section: 'misconfigurations' }).value,
      `${crlf}KSV-0001\r\n`,
    );
  });

  it('refuses paths, which a plain file cannot hold, instead of ignoring the id everywhere', () => {
    const out = addIgnoreEntry(PLAIN, 'plain', {
      id: 'KSV-0001',
      section: 'misconfigurations',
      paths: ['templates/**'],
    });
    assert.equal(out.value, PLAIN);
    assert.equal(out.problems[0]!.level, 'error');
  });

  it('refuses ids and dates that would not read back', () => {
    for (const bad of [
      { id: 'two words' },
      { id: 'CVE-1 # x' },
      { id: 'CVE-1', expiresAt: '2025-02-30' },
      { id: 'CVE-1', expiresAt: '31.01.2025' },
    ]) {
      const out = addIgnoreEntry(PLAIN, 'plain', { section: 'vulnerabilities', ...bad });
      assert.equal(out.value, PLAIN, JSON.stringify(bad));
      assert.equal(out.problems[0]!.level, 'error');
    }
  });
});

describe('adding to a .trivyignore.yaml', () => {
  it('inserts after the last entry of the section, keeping comments and layout byte for byte', () => {
    const out = addIgnoreEntry(YAML, 'yaml', {
      id: 'KSV-0118',
      section: 'misconfigurations',
      statement: 'Pod security context: set by the platform',
      expiresAt: '2025-12-31',
      paths: ['templates/deployment.yaml'],
    });
    assert.deepEqual(out.problems, []);
    assert.equal(
      insertedInto(YAML, out.value),
      [
        '  - id: KSV-0118',
        '    paths:',
        '      - templates/deployment.yaml',
        '    statement: "Pod security context: set by the platform"',
        '    expired_at: 2025-12-31',
        '',
      ].join('\n'),
    );
    const entry = readTrivyIgnore(out.value, '.trivyignore.yaml').value.entries.find(
      (e) => e.id === 'KSV-0118',
    )!;
    assert.deepEqual(
      [entry.sections, entry.paths, entry.statement, entry.expiresAt],
      [
        ['misconfigurations'],
        ['templates/deployment.yaml'],
        'Pod security context: set by the platform',
        '2025-12-31',
      ],
    );
  });

  it('adds to each section without touching the others', () => {
    for (const section of ['vulnerabilities', 'misconfigurations', 'secrets', 'licenses'] as const) {
      const out = addIgnoreEntry(YAML, 'yaml', { id: 'X-1', section });
      insertedInto(YAML, out.value);
      const read = readTrivyIgnore(out.value, '.trivyignore.yaml');
      assert.deepEqual(read.problems, []);
      assert.deepEqual(read.value.entries.find((e) => e.id === 'X-1')!.sections, [section]);
      assert.equal(read.value.entries.length, 8, '7 entries before');
    }
  });

  it('follows the indentation the file uses for its lists', () => {
    const flush = 'misconfigurations:\n- id: KSV-0001\n# end\n';
    assert.equal(
      addIgnoreEntry(flush, 'yaml', { id: 'KSV-0110', section: 'misconfigurations' }).value,
      'misconfigurations:\n- id: KSV-0001\n- id: KSV-0110\n# end\n',
    );
  });

  it('fills an empty section and appends a missing one', () => {
    const text = '# only secrets so far\nsecrets:\nlicenses: # none\n';
    const filled = addIgnoreEntry(text, 'yaml', { id: 'aws-access-key-id', section: 'secrets' });
    assert.equal(
      filled.value,
      '# only secrets so far\nsecrets:\n  - id: aws-access-key-id\nlicenses: # none\n',
    );
    const appended = addIgnoreEntry(text, 'yaml', { id: 'CVE-2019-1551', section: 'vulnerabilities' });
    assert.equal(appended.value, `${text}vulnerabilities:\n  - id: CVE-2019-1551\n`);
    assert.equal(
      addIgnoreEntry('', 'yaml', { id: 'CVE-2019-1551', section: 'vulnerabilities' }).value,
      'vulnerabilities:\n  - id: CVE-2019-1551\n',
    );
  });

  it('rewrites a flow list through the Document API, keeping its comment, and says so', () => {
    const out = addIgnoreEntry('# keep me\nvulnerabilities: [{ id: CVE-2019-1551 }] # inline\n', 'yaml', {
      id: 'CVE-2019-1549',
      section: 'vulnerabilities',
    });
    assert.equal(out.problems[0]!.level, 'warning');
    assert.match(out.value, /# keep me/);
    assert.match(out.value, /# inline/);
    assert.deepEqual(
      readTrivyIgnore(out.value, 'x.yaml').value.entries.map((e) => e.id),
      ['CVE-2019-1551', 'CVE-2019-1549'],
    );
  });

  it('leaves the file alone when the entry is already there or the YAML is broken', () => {
    const dup = addIgnoreEntry(YAML, 'yaml', {
      id: 'KSV001',
      section: 'misconfigurations',
      paths: ['templates/*.yaml'],
    });
    assert.equal(dup.value, YAML, 'KSV001 and KSV-0001 are the same check');
    assert.equal(dup.problems[0]!.level, 'warning');
    const broken = 'vulnerabilities:\n  - id: [CVE-1\n';
    const out = addIgnoreEntry(broken, 'yaml', { id: 'CVE-2', section: 'vulnerabilities' });
    assert.equal(out.value, broken);
    assert.equal(out.problems[0]!.level, 'error');
  });

  it('writes an entry that then suppresses the finding it was made for', () => {
    const section = ignoreSectionFor(ksv001.type)!;
    const out = addIgnoreEntry(
      YAML.replace(/ {2}- id: KSV-0001\n {4}paths:\n {6}- "templates\/\*\.yaml"\n/, ''),
      'yaml',
      {
        id: ksv001.id,
        section,
        paths: [ksv001.target!],
      },
    );
    const before = readTrivyIgnore(
      YAML.replace(/ {2}- id: KSV-0001\n {4}paths:\n {6}- "templates\/\*\.yaml"\n/, ''),
      'x.yaml',
    ).value;
    const now = new Date('2024-01-01T00:00:00Z');
    assert.equal(createIgnoreMatcher(before, now).match(ksv001), undefined);
    assert.equal(
      createIgnoreMatcher(readTrivyIgnore(out.value, 'x.yaml').value, now).match(ksv001)?.id,
      'KSV001',
    );
    assert.equal(
      createIgnoreMatcher(readTrivyIgnore(out.value, 'x.yaml').value, now).match(
        helm.find((f: Finding) => f.id === 'KSV118')!,
      ),
      undefined,
    );
  });
});
