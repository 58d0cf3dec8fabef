import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { applyFileEdits } from '../src/fixes/fileEdit.js';
import { isPinned } from '../src/fixes/imageReference.js';
import { fixesForFinding } from '../src/fixes/manifestFixes.js';
import type { Finding } from '../src/model/finding.js';
import { readSourceText } from '../src/readers/readSource.js';
import { fixture } from './manifestLines.js';

// Generated manifests in the layouts people and tools write (2 or 4 spaces, lists indented or
// not, block or flow securityContext and lists, comments, CRLF, several documents): for a failing
// check on one container, every fix offered must make the check's condition hold — the condition
// as the check's Rego in trivy-checks states it — and change nothing else, in value or in bytes.

type Json = Record<string, unknown>;

/** The checks' conditions (trivy-checks `checks/kubernetes/*.rego`) on a parsed pod spec and container. */
const CONDITIONS: Readonly<Record<string, (pod: Json, c: Json) => boolean>> = {
  KSV001: (_p, c) => sc(c).allowPrivilegeEscalation === false,
  KSV003: (_p, c) => list(caps(c).drop).some((x) => String(x).toLowerCase() === 'all'),
  // Since "respect PodSecurityContext for containers": the container's value, else the pod's.
  KSV012: (p, c) => (sc(c).runAsNonRoot ?? sc(p).runAsNonRoot) === true,
  KSV013: (_p, c) => typeof c.image === 'string' && isPinned(c.image),
  KSV014: (_p, c) => sc(c).readOnlyRootFilesystem === true,
  KSV022: (_p, c) => list(caps(c).add).length === 0,
  KSV011: (_p, c) => has(res(c).limits, 'cpu'),
  KSV015: (_p, c) => has(res(c).requests, 'cpu'),
  KSV016: (_p, c) => has(res(c).requests, 'memory'),
  KSV018: (_p, c) => has(res(c).limits, 'memory'),
};

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const sc = (c: Json) => obj(c.securityContext);
const caps = (c: Json) => obj(sc(c).capabilities);
const res = (c: Json) => obj(c.resources);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const has = (v: unknown, key: string) => key in obj(v);

// Real findings of the Trivy Operator envtest report, re-addressed to the generated containers.
const report = readSourceText(
  fixture('reports/configauditreport_pod-my-pod_envtest-expected.yaml'),
  'report.yaml',
).findings;
const base = report.find((f) => f.id === 'KSV001')!;
function findingFor(check: string, kind: string, container: string): Finding {
  const real = report.find((f) => f.id === check);
  // KSV013 and KSV022 are not in that report: their title and message as trivy-checks writes them.
  const own =
    real ??
    (check === 'KSV013'
      ? { ...base, id: 'KSV013', aliases: ['KSV-0013'], title: "Image tag ':latest' used" }
      : { ...base, id: 'KSV022', aliases: ['KSV-0022'], title: 'Non-default capabilities added' });
  return {
    ...own,
    message: `Container '${container}' of ${kind} 'app' should …`,
    resource: { kind, name: 'app', container },
    location: undefined,
  };
}

interface Layout {
  readonly step: number;
  readonly seqIndent: number;
  readonly nl: string;
}

type Value = string | { readonly flow: boolean; readonly items: readonly string[] } | Entries;
interface Entries {
  readonly flow: boolean;
  readonly entries: readonly (readonly [string, Value])[];
}

const isEntries = (v: Value): v is Entries => typeof v === 'object' && 'entries' in v;

/** Block/flow YAML of a map, keys at `col`. */
function emit(e: Entries, col: number, l: Layout): string[] {
  return e.entries.flatMap(([k, v]) => {
    const pad = ' '.repeat(col);
    if (typeof v === 'string') return [`${pad}${k}: ${v}`];
    if (v.flow) return [`${pad}${k}: ${flow(v)}`];
    if (isEntries(v))
      return v.entries.length === 0 ? [`${pad}${k}: {}`] : [`${pad}${k}:`, ...emit(v, col + l.step, l)];
    if (v.items.length === 0) return [`${pad}${k}: []`];
    return [`${pad}${k}:`, ...v.items.map((i) => `${' '.repeat(col + l.seqIndent)}- ${i}`)];
  });
}

function flow(v: Value): string {
  if (typeof v === 'string') return v;
  if (isEntries(v)) return `{${v.entries.map(([k, x]) => `${k}: ${flow(x)}`).join(', ')}}`;
  return `[${v.items.join(', ')}]`;
}

const bool = fc.constantFrom('true', 'false');
const someList = (names: readonly string[]) =>
  fc.record({ flow: fc.boolean(), items: fc.subarray([...names], { minLength: 1 }) });
const entries = (arbs: Record<string, fc.Arbitrary<Value>>, flowable = true) =>
  fc
    .record(Object.fromEntries(Object.entries(arbs).map(([k, a]) => [k, fc.option(a, { nil: undefined })])), {
      requiredKeys: [],
    })
    .chain((r) =>
      fc.record({
        flow: flowable ? fc.boolean() : fc.constant(false),
        entries: fc.constant(
          Object.entries(r).filter((e): e is [string, Value] => e[1] !== undefined) as [string, Value][],
        ),
      }),
    );

const securityContext = entries({
  allowPrivilegeEscalation: bool,
  runAsNonRoot: bool,
  readOnlyRootFilesystem: bool,
  capabilities: entries({
    drop: someList(['NET_RAW', 'ALL', 'all']),
    add: someList(['NET_ADMIN', 'SYS_TIME']),
  }),
});
const quantities = entries({ cpu: fc.constantFrom('100m', '1'), memory: fc.constantFrom('64Mi', '1Gi') });
const container = fc.record({
  image: fc.constantFrom(
    'nginx',
    'nginx:latest',
    '"nginx:latest"',
    'nginx:1.25',
    'registry.example.com:5000/app',
  ),
  comment: fc.boolean(),
  securityContext: fc.option(securityContext, { nil: undefined }),
  resources: fc.option(entries({ requests: quantities, limits: quantities }), { nil: undefined }),
});

const manifest = fc.record({
  kind: fc.constantFrom('Deployment', 'Pod'),
  layout: fc.record({
    step: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
    nl: fc.constantFrom('\n', '\r\n'),
  }),
  pod: fc.option(entries({ runAsNonRoot: bool, runAsUser: fc.constant('1000') }), { nil: undefined }),
  containers: fc.array(container, { minLength: 1, maxLength: 3 }),
  serviceFirst: fc.boolean(),
});

type Manifest = typeof manifest extends fc.Arbitrary<infer T> ? T : never;

function render(m: Manifest): string {
  const l: Layout = {
    step: m.layout.step,
    seqIndent: m.layout.indentSeq ? m.layout.step : 0,
    nl: m.layout.nl,
  };
  const s = l.step;
  const specCol = m.kind === 'Pod' ? s : 3 * s;
  const lines = [
    '# generated for the quick-fix property',
    'apiVersion: v1',
    `kind: ${m.kind}`,
    'metadata:',
    `${' '.repeat(s)}name: app # the workload`,
    'spec:',
  ];
  if (m.kind === 'Deployment')
    lines.push(`${' '.repeat(s)}replicas: 1`, `${' '.repeat(s)}template:`, `${' '.repeat(2 * s)}spec:`);
  if (m.pod) lines.push(...emit({ flow: false, entries: [['securityContext', m.pod]] }, specCol, l));
  lines.push(`${' '.repeat(specCol)}containers:`);
  const dash = specCol + l.seqIndent;
  m.containers.forEach((c, i) => {
    const entries: [string, Value][] = [['image', c.image]];
    if (c.securityContext) entries.push(['securityContext', c.securityContext]);
    if (c.resources) entries.push(['resources', c.resources]);
    lines.push(`${' '.repeat(dash)}- name: c${i}`);
    if (c.comment) lines.push(`${' '.repeat(dash + 2)}# container c${i}`);
    lines.push(...emit({ flow: false, entries }, dash + 2, l));
  });
  const service = ['apiVersion: v1', 'kind: Service', 'metadata:', `${' '.repeat(s)}name: app`];
  const docs = m.serviceFirst ? [service, lines] : [lines, service];
  return docs.map((d) => d.join(l.nl)).join(`${l.nl}---${l.nl}`) + l.nl;
}

function podAndContainers(text: string, kind: string): { pod: Json; containers: Json[]; docs: unknown[] } {
  const docs = parseAllDocuments(text).map((d) => {
    assert.deepEqual(d.errors, []);
    return d.toJS() as Json;
  });
  const workload = docs.find((d) => d.kind === kind)!;
  const pod = kind === 'Pod' ? obj(workload.spec) : obj(obj(obj(workload.spec).template).spec);
  return { pod, containers: list(pod.containers).map(obj), docs };
}

const checks = Object.keys(CONDITIONS);

/** The lines of `before` missing from `after`, by a longest common subsequence of lines. */
function linesLost(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const lost: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length) {
    if (j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && lcs[i]![j + 1]! >= lcs[i + 1]![j]!) j++;
    else lost.push(a[i++]!);
  }
  return lost;
}

describe('quick fixes on generated manifests', () => {
  it('make the check hold on the named container and change nothing else', () => {
    fc.assert(
      fc.property(manifest, fc.constantFrom(...checks), fc.nat(2), (m, check, pick) => {
        const text = render(m);
        const index = pick % m.containers.length;
        const before = podAndContainers(text, m.kind);
        fc.pre(!CONDITIONS[check]!(before.pod, before.containers[index]!));
        const finding = findingFor(check, m.kind, `c${index}`);
        const fixes = fixesForFinding(finding, { manifest: { path: 'app.yaml', text }, imageTag: '1.27.3' });
        const usable = fixes.filter((f) => f.needs === undefined);
        assert.ok(usable.length > 0, `a fix for ${check} on c${index} of\n${text}`);
        for (const fix of usable) {
          const after = applyFileEdits(text, fix.edits);
          const now = podAndContainers(after, m.kind);
          assert.ok(CONDITIONS[check]!(now.pod, now.containers[index]!), `${fix.title}:\n${after}`);
          // Other containers, and the other document, are what they were.
          now.containers.forEach((c, i) => {
            if (i !== index) assert.deepEqual(c, before.containers[i]);
          });
          assert.equal(now.docs.length, before.docs.length);
          const service = (docs: unknown[]) => docs.find((d) => obj(d).kind === 'Service');
          assert.deepEqual(service(now.docs), service(before.docs));
          // Bytes: the lines of the manifest are all still there, in order, but the few a fix
          // rewrites in place (a value flipped, `{}` opened into a block, a flow map extended)
          // or removes (the added capabilities); comments and line breaks stay.
          const lost = linesLost(text, after);
          if (fix.kind === 'remove-capabilities')
            assert.ok(
              lost.every((l) => /add|NET_ADMIN|SYS_TIME|capabilities|securityContext/.test(l)),
              `${lost}`,
            );
          else
            assert.ok(
              lost.length <= (fix.kind === 'resources' ? 4 : 1),
              `lines rewritten: ${JSON.stringify(lost)}`,
            );
          assert.equal((after.match(/#/g) ?? []).length, (text.match(/#/g) ?? []).length);
          if (m.layout.nl === '\r\n') assert.ok(!/[^\r]\n/.test(after), 'CRLF kept');
        }
      }),
      { numRuns: Number(process.env.FIX_RUNS ?? 300) },
    );
  });
});
