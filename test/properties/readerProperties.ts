// Property definitions for the readers, shared by the test suite (few runs) and `npm run fuzz`
// (10,000 runs each). The property is the readers' contract: never throw, always say why.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { readSourceText } from '../../shared/src/readers/readSource.js';

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

export const readerProperties: readonly {
  name: string;
  property: fc.IPropertyWithHooks<[string]> | fc.IProperty<[string]>;
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
];
