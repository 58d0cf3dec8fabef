import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { readSourceText } from '../src/readers/readSource.js';
import { buildManifestIndex } from '../src/manifests/manifestIndex.js';
import { readTrivyIgnore } from '../src/ignore/trivyIgnore.js';
import { addIgnoreEntry } from '../src/ignore/trivyIgnoreWriter.js';
import { parseTrivyVersionOutput } from '../src/trivy/trivyVersion.js';
import { MAX_NESTING } from '../src/text/inputGuard.js';
import { fixtureFolder, messages } from './readerTestHelpers.js';

const { fixtureText, fixtureJson } = fixtureFolder('reports', 'edited.json');
const NGINX = 'vulnerabilityreport_replicaset-nginx_docs.yaml';
const deepFlow = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepMaps = (n: number) => '{a: '.repeat(n) + '}'.repeat(n);
const deepDashes = (n: number) => '- '.repeat(n) + 'x';
const deepIndent = (n: number) =>
  Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1';

describe('input guard: nesting is bounded before any parser sees the text', () => {
  // The issue's 6 KB file: 3,000 nested flow sequences, as a YAML value.
  // The line of the problem is where the nesting passes the limit.
  for (const [name, deep, tooDeepAt] of [
    ['flow sequences', `data: ${deepFlow(3000)}\n`, 0],
    ['flow mappings', `data: ${deepMaps(3000)}\n`, 0],
    ['compact block sequences', `${deepDashes(3000)}\n`, 0],
    ['indented block mappings', `${deepIndent(MAX_NESTING + 5)}\n`, MAX_NESTING],
  ] as const) {
    it(`skips a YAML document of ${name} with a problem at its line and reads the others`, () => {
      const text = `${fixtureText(NGINX)}\n---\n# deep\n${deep}---\n${fixtureText(NGINX)}`;
      const read = readSourceText(text, 'deep.yaml');
      const deepLine = fixtureText(NGINX).split('\n').length + 3;
      assert.deepEqual(
        read.problems.map((p) => [p.message, p.line]),
        [[`YAML nested more than ${MAX_NESTING} levels deep, document skipped`, deepLine + tooDeepAt]],
      );
      assert.equal(read.findings.length, 4, 'the two reports around it are read');
    });
  }

  it('reads YAML nested exactly to the limit', () => {
    const read = readSourceText(`a: ${deepFlow(MAX_NESTING - 1)}\n`, 'limit.yaml');
    assert.ok(!messages(read).some((m) => /nested/.test(m)), messages(read).join());
  });

  it('says what 100,000 levels of JSON are, instead of "not a format we read"', () => {
    const read = readSourceText(deepFlow(100_000), 'deep.json');
    assert.deepEqual(
      read.problems.map((p) => [p.message, p.line]),
      [[`JSON nested more than ${MAX_NESTING} levels deep; not read`, 1]],
    );
    assert.equal(read.format, 'unknown');
  });

  it('guards the manifest index: the deep document is skipped, the others keep their lines', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n';
    const index = buildManifestIndex(
      `${pod}---\nx: ${deepFlow(3000)}\n---\n${pod.replace('a\n', 'b\n')}`,
      'm.yaml',
    );
    assert.deepEqual(
      index.objects.map((o) => [o.name, o.documentIndex, o.range.startLine]),
      [
        ['a', 0, 1],
        ['b', 2, 8],
      ],
    );
    assert.deepEqual(
      index.problems.map((p) => [p.message, p.line]),
      [[`YAML nested more than ${MAX_NESTING} levels deep, document skipped`, 6]],
    );
    const dashes = buildManifestIndex(deepDashes(3000), 'dashes.yaml');
    assert.equal(dashes.objects.length, 0);
    assert.match(dashes.problems[0]!.message, /nested more than/);
  });

  it('guards .trivyignore.yaml reading and editing, and trivy --version output', () => {
    const ignore = `vulnerabilities:\n  - id: ${deepFlow(3000)}\n`;
    assert.deepEqual(
      readTrivyIgnore(ignore, '.trivyignore.yaml').problems.map((p) => [p.message, p.line]),
      [[`YAML nested more than ${MAX_NESTING} levels deep, nothing ignored`, 2]],
    );
    const edit = addIgnoreEntry(
      ignore,
      'yaml',
      { section: 'vulnerabilities', id: 'CVE-1' },
      '.trivyignore.yaml',
    );
    assert.equal(edit.value, ignore);
    assert.match(edit.problems[0]!.message, /cannot be edited.*nested more than/);
    const version = parseTrivyVersionOutput(`{"Version": ${deepFlow(100_000)}}`);
    assert.equal(version.value, undefined);
    assert.match(version.problems[0]!.message, /nested more than/);
  });
});

describe('input guard: binary input is "not text"', () => {
  it('names random bytes and UTF-16 text as not text, not as malformed YAML', () => {
    const binary = randomBytes(20_000);
    binary[0] = 0x41; // not `{`/`[`, so the text would go to the YAML parser
    const read = readSourceText(binary.toString('utf8'), 'image.yaml');
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0]!.message, /^not text: /);
    const utf16 = Buffer.from(fixtureText(NGINX), 'utf16le').toString('utf8');
    assert.match(readSourceText(utf16, 'utf16.yaml').problems[0]!.message, /^not text: .*NUL/);
    assert.match(buildManifestIndex(utf16, 'm.yaml').problems[0]!.message, /^not text: /);
  });

  it('still reads text with a few stray control characters as text (and reports the YAML error)', () => {
    const read = readSourceText(`${fixtureText(NGINX)}\n---\nkey: a\u0007b\n`, 'bell.yaml');
    assert.equal(read.findings.length, 2);
    assert.match(messages(read).join('\n'), /malformed YAML, document skipped/);
  });
});

describe('YAML dumps: read with js-yaml, Lists item by item', () => {
  const list = fixtureJson('vulnerabilityreportlist_real-cluster_trivy-0.31.3.json');
  const asJson = readSourceText(JSON.stringify(list), 'list.json');

  it('reads a kubectl-style YAML List (items at the key column) like the same List in JSON', () => {
    const kubectlStyle = stringify(list, { indentSeq: false, lineWidth: 80 });
    assert.match(kubectlStyle, /^items:\n- /m);
    const read = readSourceText(kubectlStyle, 'list.yaml');
    assert.deepEqual(messages(read), messages(asJson));
    assert.deepEqual(
      read.findings,
      asJson.findings.map((f) => ({ ...f, origin: { ...f.origin, file: 'list.yaml' } })),
    );
  });

  it('reads an indented List, and one whose item refers to an anchor of another, like the whole', () => {
    const indented = stringify(list, { indentSeq: true });
    assert.equal(readSourceText(indented, 'x.yaml').findings.length, asJson.findings.length);
    // An alias across items cannot be read item by item: the document is parsed whole instead.
    const lines = stringify(list, { indentSeq: false }).split('\n');
    const reports = lines.flatMap((l, i) => (l === '  report:' ? [i] : []));
    assert.equal(reports.length, 2);
    let end = reports[1]! + 1;
    while (lines[end]?.startsWith('    ')) end++;
    lines.splice(reports[1]!, end - reports[1]!, '  report: *first');
    lines[reports[0]!] = '  report: &first';
    const twice = structuredClone(list);
    twice.items[1].report = twice.items[0].report;
    assert.equal(
      readSourceText(lines.join('\n'), 'x.yaml').findings.length,
      readSourceText(JSON.stringify(twice), 'x.json').findings.length,
    );
  });

  it('reports a malformed item with its line and keeps the whole document out, as a whole parse would', () => {
    const text = stringify(list, { indentSeq: false }).replace(
      /^ {4}scanner:\n/m,
      '    scanner: [unclosed\n',
    );
    const read = readSourceText(text, 'broken.yaml');
    const line = text.split('\n').findIndex((l) => l.includes('[unclosed')) + 1;
    assert.equal(read.findings.length, 0);
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0]!.message, /^malformed YAML, document skipped: /);
    assert.ok(Math.abs(read.problems[0]!.line! - line) <= 1, `${read.problems[0]!.line} near ${line}`);
  });

  it('bounds an alias bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const read = readSourceText(`${lines.join('\n')}\napiVersion: v1\nkind: List\nitems: *a9\n`, 'bomb.yaml');
    assert.equal(read.findings.length, 0);
    assert.match(messages(read).join('\n'), /alias bomb/);
  });

  it('keeps YAML 1.2 core values: timestamps stay strings, duplicate keys keep the last', () => {
    const read = readSourceText(
      fixtureText('vulnerabilityreport_replicaset-coredns_envtest.yaml').replace(
        /^kind: VulnerabilityReport$/m,
        'kind: Wrong\nkind: VulnerabilityReport',
      ),
      'dup.yaml',
    );
    assert.deepEqual(messages(read), []);
    assert.equal(read.findings.length, 1);
  });
});
