// A burst of 1,000 cluster reports placed on a workspace of 200 manifest files: exact lines for
// every finding, and counted calls that show the cost follows the findings, not findings × files.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { workloadKey } from '../shared/src/model/workloadRef.js';
import {
  ManifestWorkspace,
  type FindingSet,
  type Placement,
} from '../shared/src/workspace/manifestWorkspace.js';
import { BURST_NAMESPACE, workspaceBurst, type WorkspaceBurst } from './workspaceBurst.js';

/** The 1-based number of the line equal to `line`, at or after `from`. */
function lineEqual(text: string, line: string, from = 1): number {
  const all = text.split('\n');
  for (let i = from - 1; i < all.length; i++) if (all[i] === line) return i + 1;
  throw new Error(`no line "${line}" after ${from}`);
}

function loaded(burst: WorkspaceBurst, extra: ReadonlyMap<string, string> = new Map()): ManifestWorkspace {
  const ws = new ManifestWorkspace({ defaultNamespace: BURST_NAMESPACE });
  for (const [path, text] of burst.files) ws.update(path, text);
  for (const [path, text] of extra) ws.update(path, text);
  return ws;
}

describe('ManifestWorkspace: a burst of 1,000 reports on 200 files', () => {
  let burst: WorkspaceBurst;
  before(() => {
    burst = workspaceBurst(200, 500);
  });

  it('places every finding of every report on its Deployment, at the exact line', () => {
    assert.equal(burst.files.size, 200);
    assert.equal(burst.reports, 1000);
    const ws = loaded(burst);
    const change = ws.setFindings(burst.sets);
    assert.equal(change.workloads.length, 500);
    assert.equal(change.files.length, 193, 'every generated file, none of the fixtures');

    let checked = 0;
    for (const d of burst.deployments) {
      const key = workloadKey({
        kind: 'Deployment',
        ...(d.metadata.namespace ? { namespace: d.metadata.namespace } : {}),
        name: d.metadata.name!,
      });
      const path = burst.fileOf.get(key)!;
      const text = burst.files.get(path)!;
      // kubectl's key order: metadata.name, then spec.template.spec, then `- image:` opens the container.
      const nameLine = lineEqual(text, `  name: ${d.metadata.name}`);
      const podSpec = lineEqual(text, '    spec:', nameLine);
      const image = (d.spec as { template: { spec: { containers: [{ image: string }] } } }).template.spec
        .containers[0].image;
      const imageLine = lineEqual(text, `      - image: ${image}`, nameLine);
      const containers = lineEqual(text, '      containers:', podSpec);
      const mine = ws.placements(path).filter((p: Placement) => p.workload === key);
      const expected = burst.sets.find((s) => s.key === key)!.findings;
      assert.equal(mine.length, expected.length, `${key}: every finding placed`);
      for (const p of mine) {
        const at =
          p.finding.type === 'vulnerability'
            ? { line: imageLine, precision: 'key' } // the container's image
            : p.range.precision === 'container'
              ? { line: imageLine, precision: 'container' } // a container key the container lacks
              : // KSV104's real message names container "app" (the generator keeps it), which this
                // Deployment does not have: the check lands on `containers:`.
                {
                  line: /container "app"/.test(p.finding.message ?? '') ? containers : podSpec,
                  precision: 'parent',
                };
        assert.deepEqual(
          { line: p.range.startLine, end: p.range.endLine, precision: p.range.precision },
          { line: at.line, end: at.line, precision: at.precision },
          `${key} ${p.finding.id}`,
        );
        checked++;
      }
    }
    assert.equal(checked, burst.findings);
  });

  it('costs one lookup per workload and one range per finding, however many files there are', () => {
    const ws = loaded(burst);
    assert.equal(ws.stats().indexBuilds, 200, 'one parse per file');
    ws.setFindings(burst.sets);
    const small = ws.stats();
    assert.equal(small.indexBuilds, 200, 'placement parses nothing again');
    assert.equal(small.lookups, 500, 'each workload looked up once');
    assert.equal(small.rangeCalls, burst.findings, 'each finding placed once, in the one file describing it');

    // Twice the files (copies of the same apps in other namespaces): the same burst costs the same.
    const copies = new Map(
      [...burst.files]
        .filter(([path]) => path.startsWith('apps/'))
        .map(([path, text]) => [
          path.replace('apps/', 'staging/'),
          text.replace(/namespace: \w+/g, 'namespace: staging'),
        ]),
    );
    const large = loaded(burst, copies);
    large.setFindings(burst.sets);
    const stats = large.stats();
    assert.equal(stats.files, 393);
    assert.equal(stats.lookups, small.lookups);
    // The default namespace's Deployments name no namespace, so their copies describe them too.
    const inDefault = burst.sets
      .filter((s) => s.key.split('/')[1] === BURST_NAMESPACE)
      .reduce((n, s) => n + s.findings.length, 0);
    assert.ok(inDefault > 0);
    assert.equal(stats.rangeCalls, burst.findings + inDefault);
    assert.ok(stats.rangeCalls < burst.findings * 2, `not findings × files (${burst.findings * 393})`);
  });

  it('re-places only the workloads of an edited file', () => {
    const ws = loaded(burst);
    ws.setFindings(burst.sets);
    const path = 'apps/app-000.yaml';
    const text = burst.files.get(path)!;
    const placed = ws.placements(path).map((p) => p.range.startLine);
    const before = ws.stats();
    const change = ws.update(path, `# edited\n${text}`);
    const after = ws.stats();
    assert.deepEqual(change.files, [path]);
    assert.equal(after.indexBuilds - before.indexBuilds, 1);
    assert.equal(
      after.rangeCalls - before.rangeCalls,
      placed.length,
      'only the findings placed in that file',
    );
    assert.deepEqual(
      ws.placements(path).map((p) => p.range.startLine),
      placed.map((line) => line + 1),
      'every placement one line down',
    );
  });

  it('ranges only the findings new to a workload when its set comes again with one more report', () => {
    // As a live burst delivers them: the workloads' VulnerabilityReports first, their
    // ConfigAuditReports later; the store hands the same Finding objects for a report that did
    // not change.
    const vulns = burst.sets.map((s) => ({
      ...s,
      findings: s.findings.filter((f) => f.type === 'vulnerability'),
    }));
    const vulnCount = vulns.reduce((n, s) => n + s.findings.length, 0);
    assert.ok(vulnCount > 0 && vulnCount < burst.findings);
    const ws = loaded(burst);
    ws.setFindings(vulns);
    const before = ws.stats().rangeCalls;
    const change = ws.setFindings(burst.sets);
    assert.equal(ws.stats().rangeCalls - before, burst.findings - vulnCount, 'only the audits’ checks');
    assert.equal(change.files.length, 193);
    const fresh = loaded(burst);
    fresh.setFindings(burst.sets);
    for (const path of fresh.placedFiles())
      assert.deepEqual(shape(ws.placements(path)), shape(fresh.placements(path)), path);
  });

  it('after any sequence of set changes and file edits places exactly what a fresh pass places', () => {
    const small = workspaceBurst(24, 40, 11);
    const paths = [...small.files.keys()];
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            // A workload's set again, with a subset of its findings (reports come, go, change).
            fc.record({
              set: fc.nat(small.sets.length - 1),
              keep: fc.oneof(fc.constant('all' as const), fc.constant('none' as const), fc.nat(7)),
            }),
            // A file edited: a line above (every placement moves), or back to its text.
            fc.record({ file: fc.nat(paths.length - 1), edit: fc.boolean() }),
          ),
          { maxLength: 25 },
        ),
        (steps) => {
          const ws = new ManifestWorkspace({ defaultNamespace: BURST_NAMESPACE, indexCacheChars: 64 * 1024 });
          const texts = new Map(small.files);
          for (const [path, text] of texts) ws.update(path, text);
          const current = new Map<string, FindingSet>();
          ws.setFindings(small.sets);
          for (const s of small.sets) current.set(s.key, s);
          for (const step of steps) {
            if ('set' in step) {
              const s = small.sets[step.set]!;
              const findings =
                step.keep === 'all'
                  ? s.findings
                  : step.keep === 'none'
                    ? []
                    : s.findings.filter((_, i) => i % 8 !== step.keep);
              const next = { ...s, findings };
              ws.setFindings([next]);
              current.set(s.key, next);
            } else {
              const path = paths[step.file]!;
              const text = step.edit ? `# edited\n${small.files.get(path)!}` : small.files.get(path)!;
              ws.update(path, text);
              texts.set(path, text);
            }
          }
          const fresh = new ManifestWorkspace({ defaultNamespace: BURST_NAMESPACE });
          for (const [path, text] of texts) fresh.update(path, text);
          fresh.setFindings([...current.values()]);
          assert.deepEqual(ws.placedFiles().sort(), fresh.placedFiles().sort());
          for (const path of paths)
            assert.deepEqual(shape(ws.placements(path)), shape(fresh.placements(path)), path);
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** What a host shows of a file's placements: each finding, its lines and precision, its workload. */
function shape(placements: readonly Placement[]): unknown[] {
  return placements.map((p) => [
    idOf(p.finding),
    p.range.startLine,
    p.range.endLine,
    p.range.precision,
    p.workload,
  ]);
}

const ids = new WeakMap<object, number>();
let nextId = 0;
/** A finding by identity: the same object placed, not an equal copy (and cheap to compare). */
function idOf(finding: object): number {
  let id = ids.get(finding);
  if (id === undefined) ids.set(finding, (id = ++nextId));
  return id;
}
