import type { Finding, FindingType, Origin, Outcome, ResourceRef } from '../../model/finding.js';
import { isRecord, text } from '../fields.js';
import { newCompactFinding, NONE } from '../findingDraft.js';
import { scannerOrigin, warnReport, type ReportHeader } from './reportHeader.js';
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
  const sections = report.sections;
  if (sections === undefined || sections === null) return [];
  if (!Array.isArray(sections)) {
    warnReport(h, 'report.sections', 'is not a list; no tests read');
    return [];
  }
  const origin = scannerOrigin(h, report);
  const resource = reportResource(h);
  const findings: Finding[] = [];
  for (let s = 0; s < sections.length; s++) {
    const section: unknown = sections[s];
    if (!isRecord(section)) {
      warnReport(h, `report.sections[${s}]`, 'is not an object; skipped');
      continue;
    }
    const tests = section.tests;
    if (!Array.isArray(tests)) {
      if (tests !== undefined && tests !== null)
        warnReport(h, `report.sections[${s}].tests`, 'is not a list');
      continue;
    }
    for (let t = 0; t < tests.length; t++) {
      const group: unknown = tests[t];
      const where = `report.sections[${s}].tests[${t}]`;
      if (!isRecord(group)) {
        warnReport(h, where, 'is not an object; skipped');
        continue;
      }
      if (!Array.isArray(group.results)) {
        if (group.results !== undefined && group.results !== null)
          warnReport(h, `${where}.results`, 'is not a list');
        continue;
      }
      readResults(h, group.results, where, { type, category: text(group.desc), origin, resource }, findings);
    }
  }
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
  for (let i = 0; i < results.length; i++) {
    const r: unknown = results[i];
    if (!isRecord(r)) {
      warnReport(h, `${where}.results[${i}]`, 'is not an object; skipped');
      continue;
    }
    const id = text(r.test_number);
    const status = typeof r.status === 'string' ? OUTCOMES[r.status.toUpperCase()] : undefined;
    if (!id || !status) {
      warnReport(
        h,
        `${where}.results[${i}]`,
        !id ? 'has no test_number; skipped' : `has unknown status ${JSON.stringify(r.status)}; skipped`,
      );
      continue;
    }
    if (status !== 'fail' && !h.ctx.includePassed) continue;
    const f = newCompactFinding(type, id, NONE, 'UNKNOWN', text(r.test_desc)?.trim() || id, status, origin);
    const resolution = text(r.remediation);
    if (resolution) f.resolution = resolution.trim();
    if (category) f.category = category;
    if (resource) f.resource = resource;
    findings.push(f);
  }
}
