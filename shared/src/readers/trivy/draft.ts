import type { Finding, FindingType, Origin } from '../../model/finding.js';
import type { Severity } from '../../model/severity.js';

/** A finding while a reader fills it in; handed out as a read-only {@link Finding}. */
export type FindingDraft = { -readonly [K in keyof Finding]: Finding[K] };

/** One frozen empty list shared by every finding that has no references, aliases or scores. */
export const NONE: readonly never[] = Object.freeze([]);

/**
 * Starts a finding with every field present, in one fixed order. Findings of all types and all
 * readers then share one object shape, which keeps reading and later filtering of hundreds of
 * thousands of them fast; the readers only assign what their source has.
 */
export function newFinding(
  type: FindingType,
  id: string,
  aliases: readonly string[],
  severity: Severity,
  title: string,
  origin: Origin,
): FindingDraft {
  return {
    type,
    id,
    aliases,
    severity,
    title,
    description: undefined,
    message: undefined,
    resolution: undefined,
    primaryUrl: undefined,
    references: NONE,
    package: undefined,
    cvss: NONE,
    target: undefined,
    resource: undefined,
    artifact: undefined,
    location: undefined,
    cause: undefined,
    match: undefined,
    category: undefined,
    publishedDate: undefined,
    lastModifiedDate: undefined,
    outcome: 'fail',
    origin,
    suppressed: false,
  };
}

/**
 * A list of strings from untrusted JSON. The parsed array itself is kept when every item is a
 * string (the usual case), so a report's `References` are not copied; other items are dropped.
 */
export function stringList(value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) return NONE;
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') return value.filter((v): v is string => typeof v === 'string');
  }
  return value as string[];
}
