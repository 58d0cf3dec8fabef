import { line1 } from '../../model/lines.js';
import { parseSeverity } from '../../model/severity.js';
import { isRecord, num, str, text } from '../fields.js';
import { NONE, type FindingDraft } from '../findingDraft.js';
import { entryAt, entryFinding, skipEntry, type ResultScope } from './scope.js';

/**
 * One `DetectedSecret` (Trivy `fanal/types/secret.go` `SecretFinding`). `Match` is kept exactly
 * as Trivy masked it; the unmasked `Code.Lines` are not read at all.
 */
export function readSecret(
  raw: unknown,
  scope: ResultScope,
  key: string,
  index: number,
  suppressed: boolean,
): FindingDraft | undefined {
  if (!isRecord(raw)) return skipEntry(scope.file, entryAt(scope, key, index), 'not an object');
  const ruleId = text(raw.RuleID);
  if (!ruleId) return skipEntry(scope.file, entryAt(scope, key, index), 'no RuleID');
  const f = entryFinding(
    scope,
    'secret',
    ruleId,
    NONE,
    parseSeverity(raw.Severity),
    text(raw.Title) ?? ruleId,
  );
  const start = num(raw.StartLine);
  if (scope.target && start !== undefined && start >= 1) {
    const end = num(raw.EndLine);
    f.location = {
      path: scope.target,
      startLine: line1(start),
      endLine: line1(end !== undefined && end >= start ? end : start),
      // Lines of the file itself: in the repository, or inside an image for `trivy k8s`.
      approximate: false,
    };
  }
  f.match = str(raw.Match);
  f.category = text(raw.Category);
  f.suppressed = suppressed;
  return f;
}
