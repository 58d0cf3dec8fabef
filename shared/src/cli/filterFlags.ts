import type { FindingFilter } from '../model/findingFilter.js';
import type { Finding } from '../model/finding.js';
import { isAtLeast, parseSeverity, parseSeverityList, SEVERITIES, type Severity } from '../model/severity.js';

/** The flags every command filters findings with; spread into each command's `parseArgs` options. */
export const FILTER_OPTIONS = {
  severity: { type: 'string' },
  'ignore-unfixed': { type: 'boolean' },
  all: { type: 'boolean' },
} as const;

export interface FilterFlagValues {
  readonly severity?: string | undefined;
  readonly 'ignore-unfixed'?: boolean | undefined;
  readonly all?: boolean | undefined;
}

/** The filter the flags ask for, or the message saying which severity is not one. */
export function filterFromFlags(values: FilterFlagValues): { filter: FindingFilter } | { error: string } {
  const valid = SEVERITIES.join(',');
  const list = parseSeverityList(values.severity ?? '');
  if (list.unknown.length) return { error: `unknown severity ${list.unknown.join(', ')} (use ${valid})` };
  // `--severity ''` (an unset shell variable) would otherwise silently show every severity.
  if (values.severity !== undefined && list.severities.length === 0)
    return { error: `--severity names no severity (use one or more of ${valid}, comma-separated)` };
  return {
    filter: { severities: list.severities, ignoreUnfixed: !!values['ignore-unfixed'], all: !!values.all },
  };
}

/** The severity `--fail-on` names, or why it names none. */
export function failOnFromFlag(
  flag: string | undefined,
): { severity: Severity } | { error: string } | undefined {
  if (!flag) return undefined;
  const severity = parseSeverity(flag);
  if (severity === 'UNKNOWN' && flag.toUpperCase() !== 'UNKNOWN')
    return { error: `--fail-on takes a severity, not "${flag}" (use ${SEVERITIES.join(', ')})` };
  return { severity };
}

/** A shown finding fails the run when it is a failure at least as severe as `--fail-on`. */
export function failsOn(f: Finding, threshold: Severity): boolean {
  return !f.suppressed && f.outcome !== 'pass' && isAtLeast(f.severity, threshold);
}
