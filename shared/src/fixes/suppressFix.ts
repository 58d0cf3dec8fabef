import type { Finding } from '../model/finding.js';
import type { Parsed } from '../model/problem.js';
import { ignoreFormatOf, ignoreSectionFor, type IgnoreSection } from '../ignore/trivyIgnore.js';
import { addIgnoreEntry } from '../ignore/trivyIgnoreWriter.js';
import { fileEditsBetween } from './fileEdit.js';
import type { FileEdit, NamedText } from './fix.js';

/**
 * The ignore file a suppression is written to, at the root of the scanned folder, when the folder
 * has none in force yet (a folder whose file in force is a plain `.trivyignore` gets it there:
 * a new `.trivyignore.yaml` would take its place and its entries would stop applying).
 */
export const SUPPRESS_FILE_NAME = '.trivyignore.yaml';

/** A finding that can be suppressed, and how. */
export interface Suppression {
  readonly title: string;
  /** The id written: the canonical one, which every Trivy matches (see {@link suppressionFor}). */
  readonly id: string;
  readonly section: IgnoreSection;
}

/**
 * How a finding is suppressed in `.trivyignore.yaml`, or `undefined` when an ignore file cannot
 * suppress it: types Trivy has no section for. A cluster's finding is suppressed by the same entry
 * as a local one: Trivy Operator never reads the workspace's ignore file, but the hosts match the
 * cluster's findings against it (`ignore/trivyIgnoreMatcher.ts`), so the person who accepted a
 * CVE or a check sees it suppressed wherever it is shown.
 *
 * The id is the finding's canonical one: Trivy's own spelling for vulnerabilities, the Operator
 * spelling (`KSV001`) for checks, which Trivy before v0.69 reports as `ID` and later versions
 * list among the check's aliases (trivy-checks metadata), both of which Trivy matches entries
 * against (`pkg/result/filter.go`); the readers' matcher matches every spelling.
 */
export function suppressionFor(
  finding: Finding,
  /** The name of the file it goes to (a folder's plain `.trivyignore` when that is the one in force). */
  fileName: string = SUPPRESS_FILE_NAME,
): Suppression | undefined {
  const section = ignoreSectionFor(finding.type);
  if (!section) return undefined;
  return { title: `Suppress ${finding.id} in ${fileName}…`, id: finding.id, section };
}

/** What the user said about a suppression. */
export interface SuppressAnswers {
  /** Why the finding is accepted; written as the entry's `statement`. */
  readonly statement?: string;
  /** `YYYY-MM-DD`: from that day on Trivy reports the finding again. */
  readonly expiresAt?: string;
}

/**
 * The edit that adds the suppression to an ignore file (`text` empty when the file does not exist
 * yet), keeping everything in the file byte for byte (`addIgnoreEntry`). `undefined` with a
 * warning when the file already suppresses it, with an error when it cannot be written there.
 */
export function suppressEdit(
  finding: Finding,
  ignoreFile: NamedText,
  answers: SuppressAnswers,
): Parsed<readonly FileEdit[] | undefined> {
  const suppression = suppressionFor(finding);
  if (!suppression)
    return {
      value: undefined,
      problems: [
        {
          level: 'error',
          message: `${finding.id} cannot be suppressed in an ignore file`,
          source: ignoreFile.path,
        },
      ],
    };
  const statement = answers.statement?.trim();
  const added = addIgnoreEntry(
    ignoreFile.text,
    ignoreFormatOf(ignoreFile.path),
    {
      id: suppression.id,
      section: suppression.section,
      ...(statement ? { statement } : {}),
      ...(answers.expiresAt ? { expiresAt: answers.expiresAt } : {}),
    },
    ignoreFile.path,
  );
  const edit =
    added.value === ignoreFile.text
      ? undefined
      : fileEditsBetween(ignoreFile.path, ignoreFile.text, added.value);
  return { value: edit, problems: added.problems };
}

/** The date `days` after `from`, as `YYYY-MM-DD` (UTC, the day Trivy's expiry compares against). */
export function daysFrom(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
