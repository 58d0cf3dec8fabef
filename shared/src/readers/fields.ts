/** Accessors for fields of untrusted parsed JSON/YAML: wrong types read as absent, never throw. */
import { NONE } from './findingDraft.js';

/** Reads a string field of an untrusted object; anything else is `undefined`. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads a non-empty string field; empty strings (common in Operator reports) become `undefined`. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An array field, or empty when absent/`null`/not an array (Trivy writes `null` for empty lists). */
export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
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
