/**
 * Line numbers carry their base in the type, so a 1-based Trivy line can never be handed to an
 * editor API that counts from 0 without going through {@link toLine0}.
 * Trivy (`StartLine`, `CauseMetadata`), SARIF and people count from 1; VS Code counts from 0.
 */
export type Line1 = number & { readonly __base: 1 };
export type Line0 = number & { readonly __base: 0 };

/** Brands a 1-based line read from a report or a YAML position. */
export const line1 = (n: number): Line1 => n as Line1;

/** The only conversion between the two bases in the code base. */
export const toLine0 = (line: Line1): Line0 => (line - 1) as Line0;

/** A 1-based, inclusive line range in a file. */
export interface LineRange {
  readonly startLine: Line1;
  readonly endLine: Line1;
}
