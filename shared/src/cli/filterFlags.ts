import type { FindingFilter } from '../model/findingFilter.js';
import { parseSeverityList } from '../model/severity.js';

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
  const list = parseSeverityList(values.severity ?? '');
  if (list.unknown.length) {
    return { error: `unknown severity ${list.unknown.join(', ')} (use CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN)` };
  }
  return {
    filter: { severities: list.severities, ignoreUnfixed: !!values['ignore-unfixed'], all: !!values.all },
  };
}
