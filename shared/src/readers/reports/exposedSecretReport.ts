import type { Finding } from '../../model/finding.js';
import { parseSeverity } from '../../model/severity.js';
import { newCompactFinding, NONE } from '../findingDraft.js';
import { forEachEntry, reportList } from './reportEntries.js';
import { scannerOrigin, type ReportHeader } from './reportHeader.js';
import { reportResource } from './reportResource.js';
import { reportArtifact } from './vulnerabilityReport.js';

/**
 * ExposedSecretReport (`report.secrets[]`, CRD `aquasecurity.github.io_exposedsecretreports.yaml`):
 * every entry is a secret found in the image. `match` is kept exactly as the scanner masked it
 * (`secret_key: *****`); nothing here ever sees or rebuilds the secret.
 */
export function readExposedSecretReport(
  h: ReportHeader,
  report: Readonly<Record<string, unknown>>,
): Finding[] {
  const list = reportList(h, report.secrets, 'report.secrets', 'secrets');
  if (!list) return [];
  const origin = scannerOrigin(h, report);
  const resource = reportResource(h);
  const strings = h.ctx.strings;
  const artifact = reportArtifact(strings, report);
  const findings: Finding[] = [];
  forEachEntry(h, list, 'report.secrets', (s) => {
    const id = strings.text(s.ruleID);
    if (!id) return 'has no ruleID';
    const f = newCompactFinding(
      'secret',
      id,
      NONE,
      parseSeverity(s.severity),
      strings.text(s.title) ?? id,
      'fail',
      origin,
    );
    // The same image carries the same (masked) secret in every workload that runs it.
    const match = strings.text(s.match);
    if (match) f.match = match;
    const category = strings.text(s.category);
    if (category) f.category = category;
    const target = strings.text(s.target);
    if (target) f.target = target;
    if (resource) f.resource = resource;
    if (artifact) f.artifact = artifact;
    findings.push(f);
  });
  return findings;
}
