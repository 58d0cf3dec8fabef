import { parseAllDocuments } from 'yaml';
import type { Finding, SourceFormat } from '../model/finding.js';
import type { Problem } from '../model/problem.js';
import { detectFormat, describeUnknown } from './detectFormat.js';
import {
  addProblem,
  newReadContext,
  type InputObject,
  type ReadContext,
  type ReadOptions,
} from './readContext.js';
import { readTrivyJson } from './trivyJson.js';
import { readTrivyK8sJson } from './trivyK8sJson.js';
import { readSarif } from './sarif.js';
import { readCycloneDx } from './cycloneDx.js';
import { readReportObjects } from './reportObjects.js';

/** Everything read from one file. */
export interface SourceRead {
  readonly path: string;
  /** `unknown` when nothing in the file was recognised (see `problems`). */
  readonly format: SourceFormat | 'unknown';
  readonly findings: Finding[];
  readonly problems: Problem[];
  /** Workload objects that were not reports (Deployments, ReplicaSets, Pods), for their owners. */
  readonly objects?: readonly InputObject[];
}

/**
 * Reads any supported file from its text. The format is detected from the content, never from
 * the name. Never throws: malformed input yields problems with lines, and the documents of a
 * multi-document YAML file that do parse are still read.
 */
export function readSourceText(text: string, path: string, options: ReadOptions = {}): SourceRead {
  const ctx = newReadContext(path, options);
  const first = firstNonSpace(text);
  if (first === '{' || first === '[') return readJsonText(text, ctx);
  if (first === undefined) {
    addProblem(ctx, 'error', 'the file is empty');
    return nothingRead(ctx);
  }
  return readYamlText(text, ctx);
}

function readJsonText(text: string, ctx: ReadContext): SourceRead {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    addProblem(ctx, 'error', `malformed JSON: ${(err as Error).message}`, jsonErrorLine(text, err as Error));
    return nothingRead(ctx);
  }
  return readDocument(doc, ctx);
}

/** The reader of each format; typed over every {@link SourceFormat}, so a new format needs one. */
const READERS: Readonly<Record<SourceFormat, (doc: unknown, ctx: ReadContext) => Finding[]>> = {
  'trivy-json': readTrivyJson,
  'trivy-json-legacy': readTrivyJson,
  'trivy-k8s-json': readTrivyK8sJson,
  sarif: readSarif,
  cyclonedx: readCycloneDx,
  'report-object': (doc, ctx) => readReportObjects([doc], ctx),
};

/** Dispatches one parsed document (JSON, or the only YAML document) by its content. */
export function readDocument(doc: unknown, ctx: ReadContext): SourceRead {
  const format = detectFormat(doc);
  if (format === undefined) {
    addProblem(ctx, 'error', `not a format we read: ${describeUnknown(doc)}`);
    return nothingRead(ctx);
  }
  // Left to right: the reader fills `ctx.objects` before they are taken.
  return {
    path: ctx.path,
    format,
    findings: READERS[format](doc, ctx),
    problems: ctx.problems,
    ...objectsOf(ctx),
  };
}

function readYamlText(text: string, ctx: ReadContext): SourceRead {
  // The yaml package bounds alias expansion (maxAliasCount) so an alias bomb cannot blow up memory.
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const objects: unknown[] = [];
  const lineOf = lineCounter(text);
  for (const doc of list) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      addProblem(
        ctx,
        'error',
        `malformed YAML, document skipped: ${e.message.split('\n')[0]}`,
        lineOf(e.pos[0]),
      );
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      addProblem(ctx, 'error', `YAML document skipped: ${(err as Error).message}`, lineOf(doc.range[0]));
      continue;
    }
    if (value === null || value === undefined) continue; // empty document between `---`
    objects.push(value);
  }
  if (objects.length === 0) {
    if (ctx.problems.length === 0) addProblem(ctx, 'error', 'no YAML documents in the file');
    return nothingRead(ctx);
  }
  // A YAML file may also be a Trivy report converted to YAML: dispatch single documents by content.
  if (objects.length === 1 && detectFormat(objects[0]) !== 'report-object')
    return readDocument(objects[0], ctx);
  const reports: unknown[] = [];
  for (const o of objects) {
    if (detectFormat(o) === 'report-object') reports.push(o);
    else addProblem(ctx, 'warning', `document skipped, not a report object: ${describeUnknown(o)}`);
  }
  const findings = readReportObjects(reports, ctx);
  return {
    path: ctx.path,
    format: reports.length > 0 ? 'report-object' : 'unknown',
    findings,
    problems: ctx.problems,
    ...objectsOf(ctx),
  };
}

/** The workload objects of a read, when there were any (see {@link SourceRead.objects}). */
function objectsOf(ctx: ReadContext): { objects?: readonly InputObject[] } {
  return ctx.objects.length > 0 ? { objects: ctx.objects } : {};
}

/** The read of a file in which nothing was recognised; `ctx.problems` says why. */
function nothingRead(ctx: ReadContext): SourceRead {
  return { path: ctx.path, format: 'unknown', findings: [], problems: ctx.problems };
}

function firstNonSpace(text: string): string | undefined {
  const m = /\S/.exec(text.length > 4096 ? text.slice(0, 4096) : text);
  if (m) return m[0] === '\uFEFF' ? firstNonSpace(text.slice(m.index + 1)) : m[0];
  return text.length > 4096 ? firstNonSpace(text.slice(4096)) : undefined;
}

/** V8 says "… at position 123 (line 4 column 5)" on Node 20+; older texts only give the position. */
function jsonErrorLine(text: string, err: Error): number | undefined {
  const line = /line (\d+)/.exec(err.message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(err.message);
  return pos ? lineCounter(text)(Number(pos[1])) : undefined;
}

function lineCounter(text: string): (offset: number) => number {
  return (offset) => {
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    return line;
  };
}
