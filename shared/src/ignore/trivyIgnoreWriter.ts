import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { inputFault } from '../text/inputGuard.js';
import { checkJoinKey } from '../model/checkIds.js';
import type { Parsed, Problem } from '../model/problem.js';
import { isValidGlob } from './glob.js';
import { expiryTime, readTrivyIgnore, type IgnoreFormat, type IgnoreSection } from './trivyIgnore.js';

/** What to add to an ignore file. */
export interface IgnoreAddition {
  readonly id: string;
  /** The YAML section (see `ignoreSectionFor`); a plain `.trivyignore` has none. */
  readonly section: IgnoreSection;
  /** Why; a `#` comment line above the id in a plain file, `statement` in YAML. */
  readonly statement?: string;
  /** Globs limiting the entry to some files; YAML only (a plain file cannot hold them). */
  readonly paths?: readonly string[];
  /** `YYYY-MM-DD`. */
  readonly expiresAt?: string;
}

/**
 * Adds one entry to the text of an ignore file and returns the new text. Everything already in
 * the file stays byte for byte: a plain file gets a line (and a comment line) appended; in YAML the
 * entry is rendered by the `yaml` package and inserted after the last entry of its section, found
 * through the parsed document's node ranges (or the section is appended). Only where splicing
 * cannot keep the layout (a flow list `[...]`, an explicit `~`) is the document rewritten through
 * the Document API, which keeps comments but may re-indent; a warning says so. On any error the
 * original text comes back unchanged with the problem.
 */
export function addIgnoreEntry(
  text: string,
  format: IgnoreFormat,
  addition: IgnoreAddition,
  path = '',
): Parsed<string> {
  const problems: Problem[] = [];
  const fail = (message: string): Parsed<string> => ({
    value: text,
    problems: [{ level: 'error', message, source: path }],
  });
  const id = addition.id.trim();
  if (id === '' || /[\s#]/.test(id)) return fail(`"${addition.id}" cannot be written as an ignore id`);
  if (
    addition.expiresAt !== undefined &&
    (!/^\d{4}-\d{2}-\d{2}$/.test(addition.expiresAt) || expiryTime(addition.expiresAt) === undefined)
  ) {
    return fail(`expiry "${addition.expiresAt}" is not a date (YYYY-MM-DD)`);
  }
  const bad = addition.paths?.find((p) => !isValidGlob(p));
  if (bad !== undefined) return fail(`invalid path pattern "${bad}"`);
  if (format === 'plain' && addition.paths && addition.paths.length > 0) {
    // Writing the id without its paths would ignore it everywhere: refuse rather than widen it.
    return fail('paths need a .trivyignore.yaml file; a plain .trivyignore ignores an id everywhere');
  }
  if (alreadyThere(text, format, path, { ...addition, id })) {
    return {
      value: text,
      problems: [{ level: 'warning', message: `${id} is already ignored there`, source: path }],
    };
  }
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  if (format === 'plain') return { value: appendPlain(text, nl, { ...addition, id }), problems };
  return addYaml(text, nl, { ...addition, id }, path, problems);
}

function alreadyThere(text: string, format: IgnoreFormat, path: string, a: IgnoreAddition): boolean {
  const key = checkJoinKey(a.id);
  const paths = [...(a.paths ?? [])].sort().join('\n');
  return readTrivyIgnore(text, path, format).value.entries.some(
    (e) =>
      e.id !== undefined &&
      checkJoinKey(e.id) === key &&
      e.sections.includes(a.section) &&
      e.purls.length === 0 &&
      e.expiresAt === a.expiresAt &&
      [...e.paths].sort().join('\n') === paths,
  );
}

function appendPlain(text: string, nl: string, a: IgnoreAddition): string {
  let out = endWithNewline(text, nl);
  if (a.statement)
    out +=
      a.statement
        .split(/\r?\n/)
        .map((l) => `# ${l}`.trimEnd())
        .join(nl) + nl;
  return `${out}${a.id}${a.expiresAt ? ` exp:${a.expiresAt}` : ''}${nl}`;
}

function addYaml(
  text: string,
  nl: string,
  a: IgnoreAddition,
  path: string,
  problems: Problem[],
): Parsed<string> {
  const fault = inputFault(text, 'yaml');
  if (fault) {
    const message = `the file cannot be edited, so nothing was added: ${fault.message}`;
    return { value: text, problems: [{ level: 'error', message, source: path }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const message = `the file is not valid YAML, so nothing was added: ${doc.errors[0]!.message.split('\n')[0]}`;
    return { value: text, problems: [{ level: 'error', message, source: path }] };
  }
  const entry = entryObject(a);
  const errorsBefore = errorCount(text, path);
  const holds = (out: string): boolean => {
    const read = readTrivyIgnore(out, path, 'yaml');
    return (
      errorCount(out, path) <= errorsBefore &&
      read.value.entries.some((e) => e.id === a.id && e.sections.includes(a.section))
    );
  };
  const root = doc.contents;
  const empty =
    root === null ||
    (isScalar(root) && root.value === null && (root.range?.[0] ?? 0) === (root.range?.[1] ?? 0));
  let spliced: string | undefined;
  if (empty) spliced = appendSection(text, nl, a.section, entry, 2);
  else if (isMap(root) && !root.flow) {
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === a.section);
    const indent = seqIndent(text, lines, root);
    if (!pair) spliced = appendSection(text, nl, a.section, entry, indent);
    else spliced = insertIntoSection(text, nl, lines, pair, entry, indent);
  } else if (!isMap(root)) {
    return {
      value: text,
      problems: [
        { level: 'error', message: 'the file is not a mapping of sections; nothing added', source: path },
      ],
    };
  }
  if (spliced !== undefined && holds(spliced)) return { value: spliced, problems };
  // Layouts splicing cannot extend keep their comments through the Document API.
  const rewritten = rewrite(doc, a.section, entry);
  if (!holds(rewritten)) {
    return {
      value: text,
      problems: [{ level: 'error', message: 'could not add the entry to this file', source: path }],
    };
  }
  problems.push({
    level: 'warning',
    message: 'the file was re-laid out to add the entry (comments kept)',
    source: path,
  });
  return { value: rewritten, problems };
}

/** The entry in Trivy's documented key order. */
function entryObject(a: IgnoreAddition): Record<string, unknown> {
  return {
    id: a.id,
    ...(a.paths && a.paths.length > 0 ? { paths: [...a.paths] } : {}),
    ...(a.statement ? { statement: a.statement } : {}),
    ...(a.expiresAt ? { expired_at: a.expiresAt } : {}),
  };
}

/** `- id: …` lines of one entry, indented by `indent` spaces, each ending in `nl`. */
function renderItem(entry: Record<string, unknown>, indent: number, nl: string): string {
  const body = stringify([entry], { lineWidth: 0 }).replace(/\n$/, '');
  const pad = ' '.repeat(indent);
  return body
    .split('\n')
    .map((l) => pad + l + nl)
    .join('');
}

function appendSection(
  text: string,
  nl: string,
  section: IgnoreSection,
  entry: Record<string, unknown>,
  indent: number,
): string {
  return `${endWithNewline(text, nl)}${section}:${nl}${renderItem(entry, indent, nl)}`;
}

function insertIntoSection(
  text: string,
  nl: string,
  lines: LineCounter,
  pair: Pair,
  entry: Record<string, unknown>,
  indent: number,
): string | undefined {
  const value = pair.value as Node | null;
  const keyColumn = lines.linePos((pair.key as Node).range![0]).col - 1;
  if (value === null || (isScalar(value) && value.value === null && value.range![0] === value.range![1])) {
    // `secrets:` with nothing after it: the entries go on the lines below the key.
    return insertAfterLine(
      text,
      nl,
      lines,
      (pair.key as Node).range![1],
      renderItem(entry, keyColumn + indent, nl),
    );
  }
  if (!isSeq(value) || value.flow || value.items.length === 0) return undefined;
  const first = value.items[0] as Node;
  const last = value.items[value.items.length - 1] as Node;
  const dash = dashColumn(text, lines, first.range![0]);
  if (dash === undefined) return undefined;
  return insertAfterLine(text, nl, lines, lastContent(text, last.range![1]), renderItem(entry, dash, nl));
}

/** Inserts `block` (whole lines) after the line holding `offset`. */
function insertAfterLine(
  text: string,
  nl: string,
  lines: LineCounter,
  offset: number,
  block: string,
): string {
  const line = lines.linePos(offset).line;
  const next = lines.lineStarts[line];
  if (next === undefined) return endWithNewline(text, nl) + block;
  return text.slice(0, next) + block + text.slice(next);
}

/** The column of the `-` that starts the sequence item at `offset`, if the item starts its line. */
function dashColumn(text: string, lines: LineCounter, offset: number): number | undefined {
  const line = lines.linePos(offset).line;
  const start = lines.lineStarts[line - 1]!;
  const m = /^( *)- /.exec(text.slice(start, offset + 1));
  return m ? m[1]!.length : undefined;
}

/** How far the file indents list items below their key (0 or 2 in practice); 2 when it has none. */
function seqIndent(text: string, lines: LineCounter, root: YAMLMap): number {
  for (const p of root.items) {
    const v = p.value as Node | null;
    if (!isSeq(v) || v.flow || v.items.length === 0) continue;
    const dash = dashColumn(text, lines, (v.items[0] as Node).range![0]);
    const key = lines.linePos((p.key as Node).range![0]).col - 1;
    if (dash !== undefined && dash >= key) return dash - key;
  }
  return 2;
}

function lastContent(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1]!)) e--;
  return Math.max(0, e - 1);
}

function rewrite(doc: Document.Parsed, section: IgnoreSection, entry: Record<string, unknown>): string {
  const current = doc.get(section, true);
  if (isSeq(current)) current.add(doc.createNode(entry));
  else doc.set(section, doc.createNode([entry]));
  return doc.toString({ lineWidth: 0 });
}

/** Entries Trivy would reject; the splice must not add any (a check that it produced what Trivy reads). */
function errorCount(text: string, path: string): number {
  return readTrivyIgnore(text, path, 'yaml').problems.filter((p) => p.level === 'error').length;
}

function endWithNewline(text: string, nl: string): string {
  return text === '' || text.endsWith('\n') ? text : text + nl;
}
