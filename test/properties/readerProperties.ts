// Property definitions for the readers, shared by the test suite (few runs) and `npm run fuzz`
// (10,000 runs each). The property is the readers' contract: never throw, always say why.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { readSourceText } from '../../shared/src/readers/readSource.js';
import { readReportObject } from '../../shared/src/readers/reportObjects.js';
import { newReadContext } from '../../shared/src/readers/readContext.js';
import { MAX_NESTING } from '../../shared/src/text/inputGuard.js';

const FIXTURE_DIRS = ['trivy', 'reports'].map((d) => new URL(`../fixtures/${d}/`, import.meta.url));

/** Real fixture texts (the big `trivy k8s` file is left out to keep each case fast). */
export const fixtureTexts: readonly { name: string; text: string }[] = FIXTURE_DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => /\.(json|ya?ml)$/.test(f) && !f.includes('securecodebox'))
    .map((f) => ({ name: f, text: readFileSync(new URL(f, dir), 'utf8') })),
);

function assertContract(text: string): void {
  const read = readSourceText(text, 'input');
  if (!Array.isArray(read.findings) || !Array.isArray(read.problems))
    throw new Error('reader returned no arrays');
  if (read.format === 'unknown' && read.problems.length === 0)
    throw new Error('unknown format without a problem');
  for (const f of read.findings) {
    if (typeof f.id !== 'string' || typeof f.title !== 'string')
      throw new Error(`finding without id/title: ${f.id}`);
  }
}

/** A JSON value with keys Trivy and Kubernetes use, so the fuzzer reaches deep into the readers. */
const keyName = fc.constantFrom(
  'SchemaVersion',
  'Results',
  'Target',
  'Vulnerabilities',
  'Misconfigurations',
  'Secrets',
  'CauseMetadata',
  'StartLine',
  'EndLine',
  'Code',
  'Lines',
  'ID',
  'Severity',
  'apiVersion',
  'kind',
  'metadata',
  'report',
  'vulnerabilities',
  'checks',
  'results',
  'items',
  'runs',
  'bomFormat',
  'ClusterName',
  'Resources',
  'labels',
  'name',
  'namespace',
  'status',
  'result',
  'summary',
  'x',
);
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keyName, tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** Replaces one byte range of a real fixture with random text: truncations, broken quotes, wrong types. */
const mutatedFixture = fc
  .tuple(
    fc.nat(fixtureTexts.length - 1),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.nat(40),
    fc.string({ maxLength: 12 }),
  )
  .map(([i, at, len, insert]) => {
    const { text } = fixtureTexts[i]!;
    const pos = Math.floor(at * text.length);
    return text.slice(0, pos) + insert + text.slice(pos + len);
  });

/** Swaps a value inside a real fixture's parsed JSON/YAML object for a random one, then re-serialises. */
const reshapedFixture = fc
  .tuple(fc.nat(fixtureTexts.length - 1), fc.nat(), jsonish)
  .map(([i, pick, replacement]) => {
    const { name, text } = fixtureTexts[i]!;
    if (!name.endsWith('.json')) return text;
    const doc = JSON.parse(text) as unknown;
    const paths: unknown[][] = [];
    const walk = (v: unknown, path: unknown[]) => {
      if (paths.length > 400) return;
      paths.push(path);
      if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
    };
    walk(doc, []);
    const path = paths[pick % paths.length]!;
    if (path.length === 0) return JSON.stringify(replacement);
    let parent = doc as Record<string, unknown>;
    for (const k of path.slice(0, -1)) parent = parent[k as string] as Record<string, unknown>;
    parent[path[path.length - 1] as string] = replacement;
    return JSON.stringify(doc);
  });

/** The collections of level `level` of a chain of lists (true) and maps (false), with 0–2 scalar siblings. */
const levelShape = (level: number, shape: readonly boolean[], siblings: number) => ({
  asList: shape[level % shape.length]!,
  extra: (level * 7 + siblings) % 3,
});

/** `deep:` holding a chain nested `depth` collections deep, as flow text (JSON-like, one line). */
function flowChain(from: number, depth: number, shape: readonly boolean[], siblings: number): string {
  let text = 'leaf';
  for (let level = depth; level >= from; level--) {
    const { asList, extra } = levelShape(level, shape, siblings);
    const others = Array.from({ length: extra }, (_, i) => (asList ? `s${i}` : `s${i}: 1`));
    text = asList ? `[${[...others, text].join(', ')}]` : `{${[...others, `nest: ${text}`].join(', ')}}`;
  }
  return text;
}

const NESTED_STYLES = ['block', 'block-indented', 'flow', 'mixed', 'json'] as const;

/**
 * A YAML (or JSON) document `deep: …` whose value nests `depth` collections: block mappings and
 * sequences (kubectl's `key:\n- item`, or indented), flow collections, block then flow.
 */
export function nestedText(
  depth: number,
  shape: readonly boolean[],
  siblings: number,
  style: string,
): string {
  if (style === 'json')
    return `{"deep": ${flowChain(1, depth, shape, siblings).replace(/(s\d|nest|leaf)/g, '"$1"')}}`;
  const flowFrom = style === 'flow' ? 1 : style === 'mixed' ? Math.floor(depth / 2) + 1 : depth + 1;
  const lines = ['deep:'];
  let indent = 2;
  for (let level = 1; level < flowFrom; level++) {
    const { asList, extra } = levelShape(level, shape, siblings);
    const pad = ' '.repeat(indent);
    for (let i = 0; i < extra; i++) lines.push(asList ? `${pad}- s${i}` : `${pad}s${i}: 1`);
    lines.push(asList ? `${pad}-` : `${pad}nest:`);
    const nextIsList = level + 1 < flowFrom && levelShape(level + 1, shape, siblings).asList;
    indent += !asList && nextIsList && style === 'block' ? 0 : 2;
  }
  const rest = flowFrom <= depth ? flowChain(flowFrom, depth, shape, siblings) : 'leaf';
  lines[lines.length - 1] += ` ${rest}`;
  return lines.join('\n') + '\n';
}

/**
 * Deep nesting of every kind (block mappings and sequences, flow, both, JSON), around the limit
 * and far past it, in a document after a real report: the read refuses it with a problem when it
 * is deeper than the limit and reads it when it is not, and the report before it is still read.
 */
const deepNesting = fc
  .tuple(
    fc.oneof(fc.integer({ min: 1, max: MAX_NESTING + 40 }), fc.integer({ min: MAX_NESTING, max: 3000 })),
    fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
    fc.nat(10),
    fc.constantFrom(...NESTED_STYLES),
  )
  .map(([depth, shape, siblings, style]) => ({
    depth: depth + 1,
    style,
    text: nestedText(depth, shape, siblings, style),
  }));

function assertDeepNesting({ depth, style, text }: { depth: number; style: string; text: string }): void {
  const report = fixtureTexts.find((f) => f.name === 'vulnerabilityreport_replicaset-nginx_docs.yaml')!.text;
  // The report first: a file that starts with `{` is JSON.
  const file = style === 'json' ? text : `${report}\n---\n${text}`;
  const read = readSourceText(file, 'input');
  assertContract(file);
  const refused = read.problems.some((p) => /nested more than \d+ levels deep/.test(p.message));
  if (depth > MAX_NESTING && !refused) throw new Error(`${style} nesting ${depth} deep was not refused`);
  // The guard may count one level more than there is (a line that opens a flow collection).
  if (depth + 1 <= MAX_NESTING && refused) throw new Error(`${style} nesting ${depth} deep was refused`);
  if (style !== 'json' && read.findings.length !== 2) throw new Error('the report beside it was not read');
}

/** Random bytes, as a binary file read as UTF-8 gives them: "not text" when they hold a NUL. */
const binaryText = fc
  .uint8Array({ minLength: 1, maxLength: 8192 })
  .map((bytes) => Buffer.from(bytes).toString('utf8'));

function assertBinary(text: string): void {
  assertContract(text);
  const read = readSourceText(text, 'input');
  if (text.includes('\0') && !read.problems.some((p) => p.message.startsWith('not text: ')))
    throw new Error('binary input with NUL bytes not named as not text');
}

/** The report objects of the fixtures, and the items of the fixture Lists. */
const reportObjects: readonly unknown[] = fixtureTexts.flatMap(({ name, text }) => {
  const docs = name.endsWith('.json')
    ? [JSON.parse(text) as unknown]
    : parseAllDocuments(text).map((d) => d.toJS() as unknown);
  return docs.flatMap((d) => {
    const o = d as { kind?: unknown; items?: unknown };
    return typeof o?.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items) ? o.items : [d];
  });
});

const LIST_STYLES = ['kubectl-yaml', 'indented-yaml', 'json-pretty', 'json-compact'] as const;

/**
 * Large Lists (up to several MB) of real report objects in the forms people save them in: read
 * from text (item by item) they give exactly what reading the List object itself gives.
 */
const hugeList = fc
  .tuple(
    fc.array(fc.nat(reportObjects.length - 1), { minLength: 1, maxLength: 600 }),
    fc.constantFrom(...LIST_STYLES),
    fc.constantFrom('List', 'VulnerabilityReportList'),
    fc.boolean(),
  )
  .map(([picks, style, kind, comments]) => {
    const list = {
      apiVersion: 'v1',
      items: picks.map((i) => reportObjects[i]),
      kind,
      metadata: { resourceVersion: '' },
    };
    let text: string;
    if (style === 'json-pretty') text = JSON.stringify(list, null, 4);
    else if (style === 'json-compact') text = JSON.stringify(list);
    else {
      text = stringify(list, { indentSeq: style === 'indented-yaml', lineWidth: 80 });
      // Comments between and inside items, at any column, are not item boundaries.
      if (comments)
        text = text.replace(/\n(- | {2}- )/g, (m, dash: string) => `\n# next item\n  # still\n${dash}`);
    }
    return { list, text };
  });

function assertHugeList({ list, text }: { list: unknown; text: string }): void {
  const read = readSourceText(text, 'input');
  const expected = readReportObject(list, newReadContext('input'));
  const key = (f: { id: string; severity: string; resource?: { name?: string } }) =>
    `${f.id} ${f.severity} ${f.resource?.name ?? ''}`;
  if (read.findings.length !== expected.length)
    throw new Error(`${read.findings.length} findings, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++)
    if (key(read.findings[i]!) !== key(expected[i]!)) throw new Error(`finding ${i} differs`);
}

export const readerProperties: readonly {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each property has its own case type
  property: fc.IProperty<[any]>;
  /** Share of the usual number of runs, for properties whose cases are large. */
  readonly weight?: number;
}[] = [
  { name: 'arbitrary text', property: fc.property(fc.string({ maxLength: 300 }), (t) => assertContract(t)) },
  {
    name: 'arbitrary JSON with report keys',
    property: fc.property(
      jsonish.map((v) => JSON.stringify(v) ?? 'null'),
      (t) => assertContract(t),
    ),
  },
  { name: 'mutated real fixtures', property: fc.property(mutatedFixture, (t) => assertContract(t)) },
  { name: 'reshaped real fixtures', property: fc.property(reshapedFixture, (t) => assertContract(t)) },
  {
    name: 'deep nesting (block, flow, JSON)',
    property: fc.property(deepNesting, assertDeepNesting),
    weight: 0.3,
  },
  { name: 'binary input', property: fc.property(binaryText, assertBinary) },
  {
    name: 'huge Lists (YAML and JSON) read item by item',
    property: fc.property(hugeList, assertHugeList),
    weight: 0.03,
  },
];
