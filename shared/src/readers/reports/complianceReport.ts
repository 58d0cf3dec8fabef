import type { Finding, Origin, Outcome } from '../../model/finding.js';
import { parseSeverity } from '../../model/severity.js';
import { arr, isRecord, num, text } from '../fields.js';
import { newCompactFinding, NONE } from '../findingDraft.js';
import { cachedCheckId } from './checksReport.js';
import { forEachEntry } from './reportEntries.js';
import { reportOrigin, warnReport, type ReportHeader } from './reportHeader.js';

/**
 * ClusterComplianceReport (CRD `aquasecurity.github.io_clustercompliancereports.yaml`): one finding
 * per control of the compliance spec, in both forms the operator writes:
 *  - `reportType: summary` → `status.summaryReport.controlCheck[]` with `totalFail`;
 *  - `reportType: all` → `status.detailReport.results[]`, each control with its `checks[]`.
 * A control fails when it has failed checks (`totalFail > 0`). Manual controls — Trivy leaves
 * their `totalFail` out and marks them by "Manual" in the name (`BuildSummary` in Trivy's
 * `pkg/compliance/report/summary.go`) — cannot fail automatically: outcome `skip`. Passed and
 * manual controls are findings only when passes are asked for. So both forms of one report give
 * the same findings, and the failures match `status.totalCounts.failCount`.
 *
 * The finding id is `<spec title>/<control id>` (`nsa/1.0`): control ids repeat across specs.
 * The ids of the failing checks (`AVD-KSV-0012` → `KSV012`) are its aliases, so a search for a
 * check finds the controls it fails.
 */
export function readComplianceReport(h: ReportHeader): Finding[] {
  const status = h.object.status;
  if (status === undefined || status === null) return []; // not scanned yet
  if (!isRecord(status)) {
    warnReport(h, 'status', 'is not an object; no controls read');
    return [];
  }
  const spec = isRecord(h.object.spec) && isRecord(h.object.spec.compliance) ? h.object.spec.compliance : {};
  const detail = isRecord(status.detailReport) ? status.detailReport : undefined;
  const summary = isRecord(status.summaryReport) ? status.summaryReport : undefined;
  const strings = h.ctx.strings;
  const title = strings.intern(
    text(detail?.title) ?? text(summary?.title) ?? text(spec.title) ?? h.name ?? 'compliance',
  );
  const labels = isRecord(h.metadata.labels) ? h.metadata.labels : {};
  const c: ComplianceState = {
    h,
    title,
    origin: reportOrigin(h, undefined, text(labels['app.kubernetes.io/version'])),
    specChecks: specCheckIds(spec),
    findings: [],
  };
  if (detail && Array.isArray(detail.results)) readDetail(c, detail.results);
  else if (summary && Array.isArray(summary.controlCheck)) readSummary(c, summary.controlCheck);
  else if (detail || summary)
    warnReport(h, 'status', 'has neither detailReport.results nor summaryReport.controlCheck lists');
  return c.findings;
}

interface ComplianceState {
  readonly h: ReportHeader;
  readonly title: string;
  readonly origin: Origin;
  /** Control id → canonical ids of the checks the spec assigns to it. */
  readonly specChecks: ReadonlyMap<string, readonly string[]>;
  readonly findings: Finding[];
}

const MAX_TARGETS_IN_MESSAGE = 10;

/** Calls `read` with each control of a detail or summary list that is an object with an id. */
function forEachControl(
  c: ComplianceState,
  controls: readonly unknown[],
  where: string,
  read: (control: Readonly<Record<string, unknown>>, id: string, where: string) => void,
): void {
  forEachEntry(c.h, controls, where, (control, at) => {
    const id = text(control.id);
    if (!id) return 'has no control id';
    read(control, id, at);
  });
}

function readDetail(c: ComplianceState, results: readonly unknown[]): void {
  forEachControl(c, results, 'status.detailReport.results', (control, id, where) => {
    if (control.checks !== undefined && !Array.isArray(control.checks))
      warnReport(c.h, `${where}.checks`, 'is not a list');
    const failed = arr(control.checks).filter(
      (k): k is Record<string, unknown> => isRecord(k) && k.success === false,
    );
    let outcome: Outcome;
    let message: string | undefined;
    let aliases: readonly string[];
    if (failed.length > 0) {
      outcome = 'fail';
      aliases = uniqueCheckIds(failed.map((k) => text(k.checkID)));
      message = failedMessage(
        failed.length,
        failed.map((k) => text(k.target)),
      );
    } else {
      outcome = isManual(control.name) ? 'skip' : 'pass';
      aliases = c.specChecks.get(id) ?? NONE;
    }
    pushControl(c, control, id, outcome, aliases, message);
  });
}

function readSummary(c: ComplianceState, controls: readonly unknown[]): void {
  forEachControl(c, controls, 'status.summaryReport.controlCheck', (control, id, where) => {
    const totalFail = num(control.totalFail);
    if (control.totalFail !== undefined && totalFail === undefined)
      warnReport(c.h, `${where}.totalFail`, 'is not a number');
    const outcome: Outcome = totalFail === undefined ? 'skip' : totalFail > 0 ? 'fail' : 'pass';
    const message = totalFail !== undefined && totalFail > 0 ? failedMessage(totalFail, []) : undefined;
    pushControl(c, control, id, outcome, c.specChecks.get(id) ?? NONE, message);
  });
}

function pushControl(
  c: ComplianceState,
  control: Readonly<Record<string, unknown>>,
  controlId: string,
  outcome: Outcome,
  aliases: readonly string[],
  message: string | undefined,
): void {
  if (outcome !== 'fail' && !c.h.ctx.includePassed) return;
  // A compliance report is rescanned with the same spec: its texts recur from scan to scan.
  const strings = c.h.ctx.strings;
  const id = strings.intern(`${c.title}/${controlId}`);
  const f = newCompactFinding(
    'compliance',
    id,
    aliases,
    parseSeverity(control.severity),
    strings.text(control.name) ?? id,
    outcome,
    c.origin,
  );
  const description = strings.text(control.description);
  if (description) f.description = description;
  if (message) f.message = strings.intern(message);
  else if (outcome === 'skip') f.message = strings.intern('manual control: not checked automatically');
  f.category = c.title;
  c.findings.push(f);
}

/** "8 failed checks: ns/report-a, ns/report-b, …" (targets are the reports the checks came from). */
function failedMessage(count: number, targets: readonly (string | undefined)[]): string {
  const named = [...new Set(targets.filter((t): t is string => !!t))];
  const head = `${count} failed check${count === 1 ? '' : 's'}`;
  if (named.length === 0) return head;
  const shown = named.slice(0, MAX_TARGETS_IN_MESSAGE).join(', ');
  const more =
    named.length > MAX_TARGETS_IN_MESSAGE ? `, and ${named.length - MAX_TARGETS_IN_MESSAGE} more` : '';
  return `${head}: ${shown}${more}`;
}

function isManual(name: unknown): boolean {
  return typeof name === 'string' && name.includes('Manual');
}

function uniqueCheckIds(raw: readonly (string | undefined)[]): readonly string[] {
  const ids = new Set<string>();
  for (const r of raw) if (r) ids.add(cachedCheckId(r).id);
  return ids.size > 0 ? [...ids] : NONE;
}

function specCheckIds(spec: Readonly<Record<string, unknown>>): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (const control of arr(spec.controls)) {
    if (!isRecord(control)) continue;
    const id = text(control.id);
    if (!id) continue;
    map.set(id, uniqueCheckIds(arr(control.checks).map((k) => (isRecord(k) ? text(k.id) : undefined))));
  }
  return map;
}
