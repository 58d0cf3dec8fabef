// A burst of 1,000 cluster reports placed on a workspace of 200 manifest files: exact lines for
// every finding, and counted calls that show the cost follows the findings, not findings × files.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { workloadKey } from '../shared/src/model/workloadRef.js';
import { ManifestWorkspace, type Placement } from '../shared/src/workspace/manifestWorkspace.js';
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
});
