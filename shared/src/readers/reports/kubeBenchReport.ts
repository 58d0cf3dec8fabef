import type { Finding, FindingType, Origin, Outcome, ResourceRef } from '../../model/finding.js';
import { text } from '../fields.js';
import { newCompactFinding, NONE } from '../findingDraft.js';
import { forEachEntry, reportList } from './reportEntries.js';
import { scannerOrigin, type ReportHeader } from './reportHeader.js';
import { reportResource } from './reportResource.js';

/**
 * Starboard's CISKubeBenchReport: kube-bench results for one Node, in
 * `report.sections[].tests[].results[]` (starboard `pkg/apis/aquasecurity/v1alpha1/cis_kube_bench_types.go`).
 * kube-bench's statuses are PASS, FAIL, WARN and INFO. FAIL is a finding. WARN means "verify by
 * hand" and INFO is informational, so, like PASS, they are findings only when passes are asked
 * for (WARN and INFO as `skip`). kube-bench has no severities: UNKNOWN.
 */
export function readKubeBenchReport(
  h: ReportHeader,
  report: Readonly<Record<string, unknown>>,
  type: FindingType,
): Finding[] {
  const sections = reportList(h, report.sections, 'report.sections', 'tests');
  if (!sections) return [];
  const origin = scannerOrigin(h, report);
  const resource = reportResource(h);
  const findings: Finding[] = [];
  forEachEntry(h, sections, 'report.sections', (section, at) => {
    const tests = reportList(h, section.tests, `${at}.tests`);
    if (!tests) return;
    forEachEntry(h, tests, `${at}.tests`, (group, where) => {
      const results = reportList(h, group.results, `${where}.results`);
      if (!results) return;
      const category = h.ctx.strings.text(group.desc);
      readResults(h, results, where, { type, category, origin, resource }, findings);
    });
  });
  return findings;
}

const OUTCOMES: Readonly<Record<string, Outcome>> = {
  FAIL: 'fail',
  PASS: 'pass',
  WARN: 'skip',
  INFO: 'skip',
};

function readResults(
  h: ReportHeader,
  results: readonly unknown[],
  where: string,
  shared: {
    type: FindingType;
    category: string | undefined;
    origin: Origin;
    resource: ResourceRef | undefined;
  },
  findings: Finding[],
): void {
  const { type, category, origin, resource } = shared;
  // Every node's report runs the same tests with the same texts: pooled.
  const strings = h.ctx.strings;
  forEachEntry(h, results, `${where}.results`, (r) => {
    const id = strings.text(r.test_number);
    if (!id) return 'has no test_number';
    const status = typeof r.status === 'string' ? OUTCOMES[r.status.toUpperCase()] : undefined;
    if (!status) return `has unknown status ${JSON.stringify(r.status)}`;
    if (status !== 'fail' && !h.ctx.includePassed) return;
    const desc = text(r.test_desc)?.trim();
    const f = newCompactFinding(type, id, NONE, 'UNKNOWN', desc ? strings.intern(desc) : id, status, origin);
    const resolution = text(r.remediation);
    if (resolution) f.resolution = strings.intern(resolution.trim());
    if (category) f.category = category;
    if (resource) f.resource = resource;
    findings.push(f);
  });
}
