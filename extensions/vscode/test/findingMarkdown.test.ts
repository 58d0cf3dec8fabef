// The hover Markdown of findings, rendered by marked (the Markdown renderer VS Code uses, with
// GitHub-flavoured Markdown as VS Code enables it): report text shows as text, whatever it holds.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { readSourceText } from '@trivy-findings/core/readers/readSource.js';
import { readTrivyIgnore } from '@trivy-findings/core/ignore/trivyIgnore.js';
import { applyTrivyIgnore } from '@trivy-findings/core/ignore/trivyIgnoreMatcher.js';
import { findingMarkdown } from '../src/hovers/findingMarkdown.js';
import { escapeMarkdown, markdownLink } from '../src/hovers/markdownText.js';

const fixture = (path: string) =>
  readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', path), 'utf8');
const findingsOf = (path: string) => readSourceText(fixture(path), path).findings;

const html = (markdown: string) => marked.parse(markdown, { async: false, gfm: true });
/** The text a person reads in the rendered HTML. */
const text = (rendered: string) =>
  rendered
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const hrefs = (rendered: string) => [...rendered.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
const tags = (rendered: string) =>
  [...new Set([...rendered.matchAll(/<([a-z0-9]+)/g)].map((m) => m[1]))].sort();

describe('hover Markdown of a finding', () => {
  it('says which ignore entry suppresses a cluster finding, with its statement and until when, as text', () => {
    const nginx = findingsOf('reports/vulnerabilityreport_replicaset-nginx_docs.yaml');
    const entry = readTrivyIgnore(
      'vulnerabilities:\n  - id: CVE-2019-20367\n    statement: "Not reachable <img src=x> [x](command:y)"\n    expired_at: 2031-01-31\n',
      '.trivyignore.yaml',
    ).value;
    const cve = applyTrivyIgnore(nginx, entry, new Date('2030-12-01T00:00:00Z'), '.trivyignore.yaml').find(
      (f) => f.id === 'CVE-2019-20367',
    )!;
    const rendered = html(findingMarkdown(cve));
    assert.ok(
      text(rendered).includes(
        'Suppressed by .trivyignore.yaml line 2, until 2031-01-31: Not reachable <img src=x> [x](command:y)',
      ),
      text(rendered),
    );
    assert.ok(!hrefs(rendered).some((h) => h?.startsWith('command:')), 'the statement is text, not a link');
    assert.ok(!tags(rendered).includes('img'));
  });

  it('shows a check: title, id, severity, message, description, resolution and its links', () => {
    const ksv001 = findingsOf('trivy/config_helm-testchart_trivy-json.json').find((f) => f.id === 'KSV001')!;
    const rendered = html(findingMarkdown(ksv001));
    assert.equal(
      text(rendered),
      'Can elevate its own privileges\n' +
        'KSV001 · MEDIUM · misconfiguration\n' +
        "Container 'testchart' of Deployment 'testchart' should set 'securityContext.allowPrivilegeEscalation' to false\n" +
        'A program inside the container can elevate its own privileges and run as root, which might give the program control over the container and node.\n' +
        "Resolution: Set 'set containers[].securityContext.allowPrivilegeEscalation' to 'false'.\n" +
        'https://avd.aquasec.com/misconfig/ksv-0001 · https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted\n',
    );
    assert.deepEqual(hrefs(rendered), [
      'https://avd.aquasec.com/misconfig/ksv-0001',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    ]);
    assert.deepEqual(tags(rendered), ['a', 'p', 'strong']);
  });

  it('shows a vulnerability: package installed → fixed, CVSS per vendor, at most six links', () => {
    const cve = findingsOf('trivy/image_alpine-3.10_trivy-json.json')[0]!;
    const shown = text(html(findingMarkdown(cve)));
    assert.match(
      shown,
      /^openssl: information disclosure in fork\(\)\nCVE-2019-1549 · MEDIUM · vulnerability\n/,
    );
    assert.ok(shown.includes('\nPackage: libcrypto1.1 1.1.1c-r0 → 1.1.1d-r0\n'), shown);
    assert.ok(
      shown.includes(
        '\nCVSS: nvd 5.3 (v3, CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N) · redhat 4.8 (v3, CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N)\n',
      ),
      shown,
    );
    assert.equal(hrefs(html(findingMarkdown(cve))).length, 6);
  });

  it('shows hostile report text as the characters it is: no link, image, tag, emphasis or autolink', () => {
    const ksv001 = findingsOf('trivy/config_helm-testchart_trivy-json.json').find((f) => f.id === 'KSV001')!;
    const title = '[x](command:workbench.action.quit) <img src=x onerror=alert(1)> **bold** www.evil.example';
    const hostile: Finding = {
      ...ksv001,
      title,
      message: '# heading\n\n    code\n- item\n<script>alert(1)</script>\u001b[31m',
      resolution: '![i](https://evil.example/i.png) &lt; `x` <https://evil.example>',
      primaryUrl: 'command:workbench.action.quit',
      references: ['javascript:alert(1)', 'file:///etc/passwd', 'https://ok.example/a(b)c d"e'],
    };
    const rendered = html(findingMarkdown(hostile));
    assert.deepEqual(tags(rendered), ['a', 'p', 'strong']);
    assert.deepEqual(hrefs(rendered), ['https://ok.example/a%28b%29c%20d%22e']);
    const shown = text(rendered);
    assert.ok(shown.startsWith(`${title}\n`), shown);
    assert.ok(shown.includes('# heading\ncode - item <script>alert(1)</script>[31m\n'), shown);
    assert.ok(
      shown.includes('Resolution: ![i](https://evil.example/i.png) &lt; `x` <https://evil.example>\n'),
      shown,
    );
  });

  it('escapes every ASCII punctuation character and keeps the rest', () => {
    const all = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
    assert.equal(text(html(escapeMarkdown(all))).trim(), all.trim());
    assert.equal(markdownLink('ftp://x.example/'), undefined);
    assert.equal(markdownLink('not a url'), undefined);
  });
});
