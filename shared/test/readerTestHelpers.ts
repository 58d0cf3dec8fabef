// Helpers for the reader tests of both families, Trivy CLI formats and report objects: real
// fixtures read through the content-detecting dispatcher (`readSourceText`) the way a user
// opening the file would, the same fixtures as plain data to build variants from, and variants
// read back as a file.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { Finding } from '../src/model/finding.js';
import { readSourceText, type SourceRead } from '../src/readers/readSource.js';
import type { ReadOptions } from '../src/readers/readContext.js';

const FIXTURES = new URL('../../test/fixtures/', import.meta.url);

/**
 * The fixtures of one folder of test/fixtures, and how a test reads the variants it builds from
 * them; the names are the ones a test file binds (`const { fixtureText, readEdited } = …`).
 */
export interface FixtureFolder {
  /** The text of fixture `name`. */
  fixtureText(name: string): string;
  /** Fixture `name` parsed as JSON, to edit as plain data. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test inputs are edited as plain JSON
  fixtureJson(name: string): any;
  /** The documents of fixture `name` as plain objects (JSON, or every YAML document), to build variants from. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fixtureDocs(name: string): any[];
  /** Reads fixture `name` through the dispatcher, with its name as the path. */
  readFixture(name: string, options?: ReadOptions): SourceRead;
  /** Reads a document built in a test through the dispatcher, as a JSON file named `editedPath` holding it would be. */
  readEdited(doc: unknown, options?: ReadOptions): SourceRead;
}

/** `folder` is `trivy` (Trivy CLI output) or `reports` (report objects); `editedPath` names the files tests build. */
export function fixtureFolder(folder: 'trivy' | 'reports', editedPath: string): FixtureFolder {
  const dir = new URL(`${folder}/`, FIXTURES);
  const text = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
  return {
    fixtureText: text,
    fixtureJson: (name) => JSON.parse(text(name)),
    fixtureDocs: (name) =>
      name.endsWith('.json') ? [JSON.parse(text(name))] : parseAllDocuments(text(name)).map((d) => d.toJS()),
    readFixture: (name, options = {}) => readSourceText(text(name), name, options),
    readEdited: (doc, options = {}) => readSourceText(JSON.stringify(doc), editedPath, options),
  };
}

/** Counts findings by a key, e.g. `countBy(fs, (f) => f.severity)`. */
export function countBy(findings: readonly Finding[], key: (f: Finding) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[key(f)] = (counts[key(f)] ?? 0) + 1;
  return counts;
}

/** The problems of a read as `level: message` lines. */
export function messages(read: SourceRead): string[] {
  return read.problems.map((p) => `${p.level}: ${p.message}`);
}
