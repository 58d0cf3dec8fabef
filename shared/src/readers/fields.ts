/** Accessors for fields of untrusted parsed JSON/YAML: wrong types read as absent, never throw. */

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
