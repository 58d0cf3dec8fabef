// Helpers for the manifest tests: fixture text, and line numbers looked up in it, so expected
// lines come from the fixture rather than from memory.
import { readFileSync } from 'node:fs';

export const fixture = (path: string): string =>
  readFileSync(new URL(`../../test/fixtures/${path}`, import.meta.url), 'utf8');

/** The 1-based number of the first line at or after `from` that contains `needle`. */
export function lineNo(text: string, needle: string, from = 1): number {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  throw new Error(`"${needle}" not found after line ${from}`);
}
