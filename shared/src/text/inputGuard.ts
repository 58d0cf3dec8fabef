import { jsonNesting, valueNesting, yamlNesting } from './nesting.js';

/**
 * Every text the core parses (report files, manifests, ignore files, tool output) passes here
 * first. Parsers recurse into nested collections, and a few kilobytes of `[[[[…` run them out of
 * stack (which, inside an extension host, can abort the whole process); bytes that are not text
 * only give confusing parse errors. So a text is refused before any parser sees it when it is not
 * text, or when its collections nest deeper than {@link MAX_NESTING}.
 */

/**
 * Deepest nesting of collections read. Kubernetes objects, Trivy, SARIF and CycloneDX reports
 * nest a few dozen levels at most (large CRD schemas about sixty); the YAML parser runs out of
 * stack at about 800.
 */
export const MAX_NESTING = 256;

export type TextSyntax = 'json' | 'yaml';

/** Why a text is not handed to a parser; `line` is 1-based. */
export interface TextFault {
  readonly message: string;
  readonly line?: number;
}

/** The checks of one whole text: not text, then nesting. `undefined` when a parser may have it. */
export function inputFault(text: string, syntax: TextSyntax): TextFault | undefined {
  return notTextFault(text) ?? nestingFault(text, syntax);
}

/**
 * Nesting over {@link MAX_NESTING} of a value JSON.parse gave for `[start, end)` of `text`. V8's
 * JSON.parse is iterative, so JSON may be parsed first and its value checked before any reader
 * walks it: an iterative walk costs a few percent of the parse, a scan of the text a third. Only
 * when the value is too deep is the text scanned, for the line.
 */
export function jsonValueFault(
  value: unknown,
  text: string,
  start = 0,
  end = text.length,
): TextFault | undefined {
  if (valueNesting(value, MAX_NESTING) <= MAX_NESTING) return undefined;
  return (
    nestingFault(text, 'json', start, end) ?? { message: `JSON nested more than ${MAX_NESTING} levels deep` }
  );
}

/** Nesting of the part `[start, end)` of `text` (a document or an item) over {@link MAX_NESTING}. */
export function nestingFault(
  text: string,
  syntax: TextSyntax,
  start = 0,
  end = text.length,
): TextFault | undefined {
  const scan = (syntax === 'json' ? jsonNesting : yamlNesting)(text, start, end, MAX_NESTING);
  if (scan.depth <= MAX_NESTING) return undefined;
  return {
    message: `${syntax === 'json' ? 'JSON' : 'YAML'} nested more than ${MAX_NESTING} levels deep`,
    line: lineAt(text, scan.at),
  };
}

// What is sampled for the share of non-text characters: enough to judge, cheap on a 250 MB file.
const SAMPLE = 64 * 1024;
// Random bytes decode to U+FFFD or control characters about half the time; Latin-1 text read as
// UTF-8 gives a few percent at most.
const MAX_NON_TEXT_SHARE = 0.1;

/**
 * Binary input: a NUL anywhere (text never has one; UTF-16 text has one in every other byte), or
 * a share of invalid UTF-8 (decoded as U+FFFD) and control characters other than tab and line
 * breaks in the first 64 KB that no text has.
 */
export function notTextFault(text: string): TextFault | undefined {
  const nul = text.indexOf('\0');
  if (nul !== -1)
    return {
      message: 'not text: the file holds NUL bytes (binary data, or text in UTF-16)',
      line: lineAt(text, nul),
    };
  const n = Math.min(text.length, SAMPLE);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f || c === 0xfffd) bad++;
  }
  if (n > 0 && bad / n > MAX_NON_TEXT_SHARE)
    return {
      message: `not text: ${Math.round((100 * bad) / n)}% of the first ${Math.ceil(n / 1024)} KB is not UTF-8 text (invalid bytes or control characters)`,
    };
  return undefined;
}

/** 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
