import type { Finding, FindingType, Origin, Outcome } from '../model/finding.js';
import type { Severity } from '../model/severity.js';

/** A finding while a reader fills it in; handed out as a read-only {@link Finding}. */
export type FindingDraft = { -readonly [K in keyof Finding]: Finding[K] };

/**
 * One frozen empty list shared by every finding that has no aliases, references or CVSS scores:
 * most have none, and one array for all of them keeps a store of thousands from holding as many
 * empty ones.
 */
export const NONE: readonly never[] = Object.freeze([]);

/*
 * Two ways to start a finding, for the two ways findings are used. Both put the required fields
 * in one order, so findings of one kind of reader share one object shape.
 */

/**
 * Starts a finding with every field present, in one fixed order: the findings of all file
 * readers (Trivy JSON, `trivy k8s`, SARIF, CycloneDX) then share one object shape, which keeps
 * reading and later filtering of hundreds of thousands of them fast (the offline-load benchmark).
 * The readers only assign what their source has.
 */
export function newFixedShapeFinding(
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
 * Starts a finding with the required fields only: the report-object readers add an optional
 * field only when the source has it. Their findings are what the cluster store keeps, and every
 * field left out is memory its heap budget does not spend.
 */
export function newCompactFinding(
  type: FindingType,
  id: string,
  aliases: readonly string[],
  severity: Severity,
  title: string,
  outcome: Outcome,
  origin: Origin,
): FindingDraft {
  return {
    type,
    id,
    aliases,
    severity,
    title,
    references: NONE,
    cvss: NONE,
    outcome,
    origin,
    suppressed: false,
  };
}
