// Data for the panels' tests and the lens-panel benchmark: real reports of test/fixtures/reports and
// the fake API server's generated cluster (real report shapes), read by the core's readers into
// findings, then given to the panels as the plumbing gives them — plain data.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Finding } from '../../../shared/src/model/finding.js';
import { REPORT_KINDS } from '../../../shared/src/model/reportKinds.js';
import type { KubeObject } from '../../../shared/src/ports/clusterSource.js';
import { newReadContext } from '../../../shared/src/readers/readContext.js';
import { readSourceText } from '../../../shared/src/readers/readSource.js';
import { readReportObject } from '../../../shared/src/readers/reportObjects.js';
import { generateReports } from '../../../test/doubles/fakeApiServer/generateReports.js';
import type { KindStatusView, ObjectPanelData, ReportView } from '../src/panels/panelModel.js';

const REPORTS = new URL('../../../test/fixtures/reports/', import.meta.url);

/** The text of a fixture report file. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(name, REPORTS), 'utf8');
}

/** The findings the core reads from a fixture report file. */
export function fixtureFindings(name: string, options: { includePassed?: boolean } = {}): Finding[] {
  const read = readSourceText(fixtureText(name), name, options);
  if (read.problems.some((p) => p.level === 'error'))
    throw new Error(`${name}: ${JSON.stringify(read.problems)}`);
  return read.findings;
}

/** A fixture report object, changed by `edit` (to put hostile text in it), then read by the core. */
export function editedFixtureFindings(
  name: string,
  edit: (report: Record<string, unknown>) => void,
): Finding[] {
  const object = parse(fixtureText(name)) as Record<string, unknown>;
  edit(object);
  return readReportObject(object, newReadContext(name, { includePassed: true }));
}

/**
 * Findings of a workload with `count` of them: the generated cluster's reports (subsets of the real
 * vulnerability list of a trivy-operator 0.31.3 cluster and of a real config audit), read by the
 * core, as if one workload ran their images — each image once, as a workload runs it — and had
 * their config audits.
 */
export function generatedWorkloadFindings(count: number, seed = 3): Finding[] {
  const cluster = generateReports(200, seed);
  const images = new Set<string>();
  const reports = [
    ...cluster.vulnerabilityReports.filter((r) => {
      const { artifact } = r.report as { artifact: { repository: string; tag: string } };
      const image = `${artifact.repository}:${artifact.tag}`;
      return !images.has(image) && images.add(image);
    }),
    ...cluster.configAuditReports,
  ];
  const findings: Finding[] = [];
  for (const report of reports) {
    findings.push(...readReportObject(report as KubeObject, newReadContext(report.metadata.name ?? '')));
    if (findings.length >= count) break;
  }
  if (findings.length < count) throw new Error(`only ${findings.length} findings generated`);
  return findings.slice(0, count);
}

/** Every report kind's watch of all namespaces, in the state given (`ok` by default). */
export function allStatuses(state: KindStatusView['status'] = { state: 'ok' }): KindStatusView[] {
  return REPORT_KINDS.map((k) => ({ kind: k.kind, status: state }));
}

/** The reports the findings were read from, as the plumbing lists the reports about an object. */
export function reportsOf(findings: readonly Finding[]): ReportView[] {
  const reports = new Map<string, { kind: string; name: string; namespace?: string; findings: number }>();
  for (const f of findings) {
    const r = f.origin.report;
    if (!r) continue;
    const key = `${r.kind}/${r.namespace ?? ''}/${r.name}`;
    const entry = reports.get(key);
    if (entry) entry.findings++;
    else
      reports.set(key, {
        kind: r.kind,
        name: r.name,
        ...(r.namespace ? { namespace: r.namespace } : {}),
        findings: 1,
      });
  }
  return [...reports.values()];
}

/** The data of an object's section with these findings: loaded, every kind watched, their reports held. */
export function objectData(
  findings: readonly Finding[],
  more: Partial<ObjectPanelData> = {},
): ObjectPanelData {
  return { loading: false, findings, reports: reportsOf(findings), statuses: allStatuses(), ...more };
}
