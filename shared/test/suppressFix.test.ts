import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFileEdits } from '../src/fixes/fileEdit.js';
import { daysFrom, SUPPRESS_FILE_NAME, suppressEdit, suppressionFor } from '../src/fixes/suppressFix.js';
import { readTrivyIgnore } from '../src/ignore/trivyIgnore.js';
import { createIgnoreMatcher } from '../src/ignore/trivyIgnoreMatcher.js';
import type { Finding } from '../src/model/finding.js';
import { readSourceText } from '../src/readers/readSource.js';
import { trivyArgs } from '../src/trivy/trivyArgs.js';
import { fixture } from './manifestLines.js';
import { YAML } from './trivyIgnoreInputs.js';

const helm = readSourceText(fixture('trivy/config_helm-testchart_trivy-json.json'), 'helm.json').findings;
const ksv001 = helm.find((f) => f.id === 'KSV001')!;
const ignoreFile = (text: string) => ({ path: SUPPRESS_FILE_NAME, text });

/** The ignore file after the suppression, and the findings the matcher then suppresses. */
function suppress(text: string, finding: Finding, answers: { statement?: string; expiresAt?: string }) {
  const out = suppressEdit(finding, ignoreFile(text), answers);
  assert.deepEqual(out.problems, []);
  assert.ok(out.value, 'an edit');
  return applyFileEdits(text, out.value);
}

describe('Suppress in .trivyignore.yaml', () => {
  it('is offered for local findings by their canonical id, in the section of their type', () => {
    assert.deepEqual(suppressionFor(ksv001), {
      title: 'Suppress KSV001 in .trivyignore.yaml…',
      id: 'KSV001',
      section: 'misconfigurations',
    });
    const cve = readSourceText(fixture('trivy/image_alpine-3.10_trivy-json.json'), 'a.json').findings[0]!;
    assert.equal(suppressionFor(cve)?.section, 'vulnerabilities');
  });

  it('is offered for cluster findings too, with an entry the matcher then applies to them', () => {
    const cluster = readSourceText(
      fixture('reports/configauditreport_pod-my-pod_envtest-expected.yaml'),
      'r.yaml',
    ).findings[0]!;
    assert.ok(cluster.origin.report);
    assert.deepEqual(suppressionFor(cluster), {
      title: 'Suppress KSV001 in .trivyignore.yaml…',
      id: 'KSV001',
      section: 'misconfigurations',
    });
    const text = suppress('', cluster, { statement: 'reviewed' });
    const matcher = createIgnoreMatcher(readTrivyIgnore(text, '.trivyignore.yaml').value, new Date());
    assert.equal(matcher.match(cluster)?.statement, 'reviewed');
  });

  it('creates the file with the statement and the expiry', () => {
    assert.equal(
      suppress('', ksv001, {
        statement: 'The chart runs as non-root; reviewed by #sec',
        expiresAt: '2031-01-31',
      }),
      'misconfigurations:\n' +
        '  - id: KSV001\n' +
        '    statement: "The chart runs as non-root; reviewed by #sec"\n' +
        '    expired_at: 2031-01-31\n',
    );
  });

  it('adds to an existing file, keeping it byte for byte', () => {
    const after = suppress(YAML, ksv001, { statement: 'accepted' });
    assert.equal(
      after,
      YAML.replace(
        '    statement: Never matches the chart\n',
        '    statement: Never matches the chart\n  - id: KSV001\n    statement: accepted\n',
      ),
    );
  });

  it('says so, and edits nothing, when the file already suppresses it', () => {
    const once = suppress('', ksv001, {});
    const again = suppressEdit(ksv001, ignoreFile(once), {});
    assert.equal(again.value, undefined);
    assert.equal(again.problems[0]?.level, 'warning');
  });

  it('makes the readers’ matcher suppress every finding of that id, whatever its spelling, until it expires', () => {
    const text = suppress('', ksv001, { expiresAt: '2031-01-31' });
    const file = readTrivyIgnore(text, SUPPRESS_FILE_NAME).value;
    // Trivy ≥ 0.69 spells it KSV-0001 in its JSON; the same check from an older Trivy is KSV001.
    const spellings = [ksv001, { ...ksv001, id: 'KSV-0001', aliases: [] }];
    const matcher = createIgnoreMatcher(file, new Date('2030-06-01T00:00:00Z'));
    assert.deepEqual(
      matcher.apply([...helm, ...spellings]).map((f) => [f.id, f.suppressed]),
      [...helm.map((f) => [f.id, f.id === 'KSV001']), ['KSV001', true], ['KSV-0001', true]],
    );
    const later = createIgnoreMatcher(file, new Date('2031-02-01T00:00:00Z'));
    assert.equal(later.match(ksv001), undefined);
  });

  it('is the file local scans pass to trivy', () => {
    const args = trivyArgs({ scan: 'config', target: 'chart', ignoreFile: SUPPRESS_FILE_NAME });
    assert.ok(args.indexOf(`--ignorefile=${SUPPRESS_FILE_NAME}`) < args.indexOf('--'));
  });

  it('counts expiry days in UTC', () => {
    assert.equal(daysFrom(new Date('2025-12-15T23:30:00Z'), 30), '2026-01-14');
  });
});
