import { isRecord } from '../fields.js';
import { warnReport, type ReportHeader } from './reportHeader.js';

/*
 * The lists in a report object (`report.vulnerabilities`, `report.checks`, `results` …) and the
 * checks every entry passes before it becomes a finding, with one wording for all report kinds:
 * "is not a list; no checks read", "is not an object; skipped", "has no checkID; skipped".
 */

/**
 * A list field of a report. Absent or `null` (the operator writes `null` for an empty list) is
 * `undefined` without a warning; any other value that is not a list is `undefined` with one,
 * ending in "no `what` read" when `what` is given.
 */
export function reportList(
  h: ReportHeader,
  value: unknown,
  where: string,
  what?: string,
): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (value !== undefined && value !== null)
    warnReport(h, where, what === undefined ? 'is not a list' : `is not a list; no ${what} read`);
  return undefined;
}

/**
 * Calls `read` with each entry of `list` that is an object, and its path (`where[3]`). `read`
 * returns nothing when it read the entry, or why it skipped it as the warning words it
 * (`has no checkID`). An entry that is not an object is skipped with a warning too.
 */
export function forEachEntry(
  h: ReportHeader,
  list: readonly unknown[],
  where: string,
  read: (entry: Readonly<Record<string, unknown>>, at: string) => string | void,
): void {
  for (let i = 0; i < list.length; i++) {
    const entry: unknown = list[i];
    const at = `${where}[${i}]`;
    const skipped = isRecord(entry) ? read(entry, at) : 'is not an object';
    if (skipped) warnReport(h, at, `${skipped}; skipped`);
  }
}
