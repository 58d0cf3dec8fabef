// Helpers for the report-object reader tests: read real fixtures through the dispatcher
// (`readSourceText`), and load them as objects to build variants from.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { Finding } from '../src/model/finding.js';
import { readSourceText, type SourceRead } from '../src/readers/readSource.js';
import type { ReadOptions } from '../src/readers/readContext.js';

const REPORTS = new URL('../../test/fixtures/reports/', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, REPORTS), 'utf8');
}

/** Reads a fixture file the way a user opening it would: through the content-detecting dispatcher. */
export function readFixture(name: string, options: ReadOptions = {}): SourceRead {
  return readSourceText(fixtureText(name), name, options);
}

/** The documents of a fixture as plain objects (JSON, or every YAML document), to build variants from. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixtureDocs(name: string): any[] {
  const text = fixtureText(name);
  if (name.endsWith('.json')) return [JSON.parse(text)];
  return parseAllDocuments(text).map((d) => d.toJS() as unknown);
}

/** Reads objects built in a test through the dispatcher, as a JSON file holding them would be read. */
export function readObjectsAsFile(objects: unknown, options: ReadOptions = {}): SourceRead {
  return readSourceText(JSON.stringify(objects), 'variant.json', options);
}

/** Counts findings by a key, e.g. `countBy(fs, (f) => f.severity)`. */
export function countBy(findings: readonly Finding[], key: (f: Finding) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[key(f)] = (counts[key(f)] ?? 0) + 1;
  return counts;
}

export function messages(read: SourceRead): string[] {
  return read.problems.map((p) => `${p.level}: ${p.message}`);
}
