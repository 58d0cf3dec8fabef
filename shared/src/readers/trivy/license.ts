import { parseSeverity } from '../../model/severity.js';
import { isRecord, text } from '../fields.js';
import { NONE, type FindingDraft } from '../findingDraft.js';
import { entryAt, entryFinding, skipEntry, type ResultScope } from './scope.js';

/**
 * One `DetectedLicense` (Trivy `pkg/types/license.go`): a package's license (`PkgName`) or a
 * license found in a file (`FilePath`), with Trivy's classification as the category.
 */
export function readLicense(
  raw: unknown,
  scope: ResultScope,
  key: string,
  index: number,
  suppressed: boolean,
): FindingDraft | undefined {
  if (!isRecord(raw)) return skipEntry(scope.file, entryAt(scope, key, index), 'not an object');
  const name = text(raw.Name);
  if (!name) return skipEntry(scope.file, entryAt(scope, key, index), 'no license Name');
  const pkgName = text(raw.PkgName);
  const filePath = text(raw.FilePath);
  // Trivy's SARIF writer titles licenses "<name> in <package>"; file licenses name the file instead.
  const where = pkgName ?? filePath;
  const f = entryFinding(
    scope,
    'license',
    name,
    NONE,
    parseSeverity(raw.Severity),
    where ? `${name} in ${where}` : name,
  );
  f.primaryUrl = text(raw.Link);
  if (pkgName) f.package = { name: pkgName };
  if (filePath) f.target = filePath;
  f.category = text(raw.Category);
  f.suppressed = suppressed;
  return f;
}
