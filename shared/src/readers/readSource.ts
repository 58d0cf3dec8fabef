import type { Finding, SourceFormat } from '../model/finding.js';
import type { Problem } from '../model/problem.js';
import { jsonValueFault, nestingFault, notTextFault, type TextFault } from '../text/inputGuard.js';
import { jsonListLayout } from '../text/jsonLayout.js';
import { linesBetween, type TextSpan } from '../text/textSpan.js';
import { yamlDocuments, yamlListLayout, type YamlListLayout } from '../text/yamlLayout.js';
import { detectFormat, describeUnknown } from './detectFormat.js';
import { isRecord } from './fields.js';
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
import { readListItems, readReportObject, readReportObjects, UNREADABLE_ITEM } from './reportObjects.js';
import { loadYamlSpan } from './yamlValues.js';

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
 *
 * Memory stays bounded by the largest item, not the file: YAML is parsed a document at a time,
 * and the `List` of a `kubectl get -o yaml|json` dump an item at a time, each item read into
 * findings and dropped before the next is parsed.
 */
export function readSourceText(text: string, path: string, options: ReadOptions = {}): SourceRead {
  const ctx = newReadContext(path, options);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const notText = notTextFault(body);
  if (notText) return refused(ctx, notText, '; not read');
  const first = firstNonSpace(body);
  if (first === '{' || first === '[') return readJsonText(body, ctx);
  if (first === undefined) {
    addProblem(ctx, 'error', 'the file is empty');
    return nothingRead(ctx);
  }
  return readYamlText(body, ctx);
}

function readJsonText(text: string, ctx: ReadContext): SourceRead {
  const list = jsonListLayout(text);
  if (list) {
    const kind = listKind(parseJson(list.header));
    if (kind !== undefined) return readJsonList(text, list.items, kind, ctx);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    addProblem(ctx, 'error', `malformed JSON: ${(err as Error).message}`, jsonErrorLine(text, err as Error));
    return nothingRead(ctx);
  }
  const deep = jsonValueFault(doc, text);
  if (deep) return refused(ctx, deep, '; not read');
  return readDocument(doc, ctx);
}

/**
 * A JSON List, item by item. Malformed or too deep JSON anywhere reads nothing, as a whole parse
 * would.
 */
function readJsonList(text: string, items: readonly TextSpan[], kind: string, ctx: ReadContext): SourceRead {
  let failed: { message: string; line?: number } | undefined;
  function* values(): Generator<unknown> {
    for (const item of items) {
      let value: unknown;
      try {
        value = JSON.parse(text.slice(item.start, item.end));
      } catch (err) {
        // V8 gives the position in the item; the line is made the file's, the position dropped.
        const message = (err as Error).message.replace(/\s*in JSON at position \d+.*$/, '');
        const pos = /position (\d+)/.exec((err as Error).message);
        const at = pos ? Math.min(item.end, item.start + Number(pos[1])) : item.start;
        failed = {
          message: `malformed JSON: ${message}`,
          line: item.line + linesBetween(text, item.start, at),
        };
        return;
      }
      const deep = jsonValueFault(value, text, item.start, item.end);
      if (deep) {
        failed = {
          message: `${deep.message}; not read`,
          ...(deep.line === undefined ? {} : { line: deep.line }),
        };
        return;
      }
      yield value;
    }
  }
  const findings = readListItems(kind, values(), ctx);
  if (failed) {
    ctx.problems.length = 0;
    addProblem(ctx, 'error', failed.message, failed.line);
    return nothingRead(ctx);
  }
  return { path: ctx.path, format: 'report-object', findings, problems: ctx.problems, ...objectsOf(ctx) };
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

// Above this a List document whose items cannot each be parsed alone is not parsed whole either
// (that is what exhausts memory); the items that can be are read, the others reported.
const WHOLE_DOCUMENT_LIMIT = 16 * 1024 * 1024;

function readYamlText(text: string, ctx: ReadContext): SourceRead {
  const findings: Finding[] = [];
  let values = 0;
  let reports = 0;
  // The first document that is not a report object: the file's content when it is the only one
  // (a Trivy report converted to YAML), else skipped with a warning.
  let other: { value: unknown } | undefined;
  const take = (value: unknown): void => {
    values++;
    if (values === 2 && other) warnNotReport(other.value, ctx);
    if (detectFormat(value) === 'report-object') {
      reports++;
      appendAll(findings, readReportObject(value, ctx));
    } else if (values === 1) other = { value };
    else warnNotReport(value, ctx);
  };
  for (const doc of yamlDocuments(text)) {
    const deep = nestingFault(text, 'yaml', doc.start, doc.end);
    if (deep) {
      addProblem(ctx, 'error', `${deep.message}, document skipped`, deep.line);
      continue;
    }
    const layout = yamlListLayout(text, doc);
    const list = layout && readYamlList(text, doc, layout, ctx);
    if (list) {
      values++;
      reports++;
      if (values === 2 && other) warnNotReport(other.value, ctx);
      appendAll(findings, list);
      continue;
    }
    const loaded = loadYamlSpan(text, doc);
    if ('error' in loaded) {
      addProblem(ctx, 'error', `malformed YAML, document skipped: ${loaded.error}`, loaded.line);
      continue;
    }
    if (loaded.value === null || loaded.value === undefined) continue; // an empty document
    take(loaded.value);
  }
  if (values === 1 && other) return readDocument(other.value, ctx);
  if (values === 0) {
    if (ctx.problems.length === 0) addProblem(ctx, 'error', 'no YAML documents in the file');
    return nothingRead(ctx);
  }
  return {
    path: ctx.path,
    format: reports > 0 ? 'report-object' : 'unknown',
    findings,
    problems: ctx.problems,
    ...objectsOf(ctx),
  };
}

/** The workload objects of a read, when there were any (see {@link SourceRead.objects}). */
function objectsOf(ctx: ReadContext): { objects?: readonly InputObject[] } {
  return ctx.objects.length > 0 ? { objects: ctx.objects } : {};
}

/**
 * A YAML List document read item by item; `undefined` when it is to be parsed whole instead:
 * the part without the items is not a List header, or an item does not parse on its own (an
 * alias to another item, or malformed YAML) in a document small enough to parse whole, so the
 * whole parse decides what the text means.
 */
function readYamlList(
  text: string,
  doc: TextSpan,
  layout: YamlListLayout,
  ctx: ReadContext,
): Finding[] | undefined {
  const header = loadYamlSpan(layout.header, { start: 0, end: layout.header.length, line: doc.line });
  const kind =
    'value' in header && isRecord(header.value) && header.value.items === null && listKind(header.value);
  if (!kind) return undefined;
  const small = doc.end - doc.start <= WHOLE_DOCUMENT_LIMIT;
  const problemsBefore = ctx.problems.length;
  let wholeNeeded = false;
  function* values(): Generator<unknown> {
    for (const item of layout.items) {
      const loaded = loadYamlSpan(text, item);
      const one = 'value' in loaded && Array.isArray(loaded.value) && loaded.value.length === 1;
      if (one) {
        yield (loaded.value as unknown[])[0];
        continue;
      }
      if (small) {
        wholeNeeded = true;
        return;
      }
      const why = 'error' in loaded ? loaded.error : 'not one item';
      const line = 'error' in loaded ? loaded.line : item.line;
      addProblem(ctx, 'error', `${kind} item could not be read on its own, skipped: ${why}`, line);
      yield UNREADABLE_ITEM;
    }
  }
  const findings = readListItems(kind, values(), ctx);
  if (!wholeNeeded) return findings;
  ctx.problems.length = problemsBefore;
  return undefined;
}

/** The kind of a List header (`List`, `VulnerabilityReportList` …) that a report reader would read as a List. */
function listKind(header: unknown): string | undefined {
  if (!isRecord(header) || detectFormat(header) !== 'report-object' || !('items' in header)) return undefined;
  const kind = header.kind as string;
  return kind === 'List' || kind.endsWith('List') ? kind : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function warnNotReport(value: unknown, ctx: ReadContext): void {
  addProblem(ctx, 'warning', `document skipped, not a report object: ${describeUnknown(value)}`);
}

/** The read of a file in which nothing was recognised; `ctx.problems` says why. */
function nothingRead(ctx: ReadContext): SourceRead {
  return { path: ctx.path, format: 'unknown', findings: [], problems: ctx.problems };
}

function refused(ctx: ReadContext, fault: TextFault, suffix: string): SourceRead {
  addProblem(ctx, 'error', `${fault.message}${suffix}`, fault.line);
  return nothingRead(ctx);
}

// `\s` takes in U+FEFF, so a byte order mark anywhere before the content is skipped too.
function firstNonSpace(text: string): string | undefined {
  return /\S/.exec(text)?.[0];
}

/** V8 says "… at position 123 (line 4 column 5)" on Node 20+; older texts only give the position. */
function jsonErrorLine(text: string, err: Error): number | undefined {
  const line = /line (\d+)/.exec(err.message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(err.message);
  return pos ? 1 + linesBetween(text, 0, Number(pos[1])) : undefined;
}

// push(...many) can overflow the stack for large reports; a loop cannot.
function appendAll(into: Finding[], from: readonly Finding[]): void {
  for (const f of from) into.push(f);
}
