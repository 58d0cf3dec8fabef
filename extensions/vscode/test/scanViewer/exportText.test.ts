import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { exportFileName, exportText } from '../../src/scanViewer/exportText.js';
import { sortRows } from '../../src/scanViewer/rowOrder.js';
import { filterRows, NO_FILTER } from '../../src/scanViewer/viewFilter.js';
import type { ViewFilter } from '../../src/scanViewer/protocol.js';
import { CLUSTER_DUMP, CONFIG_AUDIT, viewerRead } from './scanViewerFixtures.js';

const bin = join(__dirname, '..', '..', '..', '..', 'scripts', 'trivy-findings.mjs');

/** What `trivy-findings ARGS` prints. */
function cli(args: string[]): string {
  const run = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

/** The export of `file`'s view through `filter`, in the table's default order. */
function exported(format: 'sarif' | 'json', file: string, filter: ViewFilter): string {
  const { read, workloadOf, rows } = viewerRead(file);
  const findings = sortRows(filterRows(rows, filter), { column: 'severity', descending: true }).map(
    (r) => read.findings[r.index]!,
  );
  return exportText(format, { findings, workloadOf, read, toolVersion: '0.1.0' });
}

/** The same findings whatever their order. */
const byText = (list: unknown[]) => list.map((x) => JSON.stringify(x)).sort();

describe('Export as JSON / SARIF', () => {
  it('writes the JSON of `trivy-findings --json` for the same filter', () => {
    const ours = JSON.parse(exported('json', CLUSTER_DUMP, { ...NO_FILTER, severities: ['CRITICAL'] })) as {
      findings: unknown[];
      sources: unknown[];
    };
    const theirs = JSON.parse(cli(['--json', '--severity', 'CRITICAL', CLUSTER_DUMP])) as typeof ours;
    assert.equal(ours.findings.length, 40);
    assert.deepEqual(byText(ours.findings), byText(theirs.findings));
    assert.deepEqual(ours.sources, theirs.sources);
  });

  it('leaves out passed checks as the CLI does without --all, and keeps them when shown', () => {
    const hidden = JSON.parse(exported('json', CONFIG_AUDIT, NO_FILTER)) as { findings: unknown[] };
    assert.deepEqual(
      byText(hidden.findings),
      byText((JSON.parse(cli(['--json', CONFIG_AUDIT])) as typeof hidden).findings),
    );
    const all = JSON.parse(
      exported('json', CONFIG_AUDIT, { ...NO_FILTER, showHidden: true }),
    ) as typeof hidden;
    assert.deepEqual(
      byText(all.findings),
      byText((JSON.parse(cli(['--json', '--all', CONFIG_AUDIT])) as typeof hidden).findings),
    );
  });

  it('writes the SARIF of `trivy-findings --sarif` for the same filter', () => {
    type Sarif = { runs: { tool: { driver: { rules: unknown[] } }; results: unknown[] }[] };
    const ours = JSON.parse(
      exported('sarif', CLUSTER_DUMP, { ...NO_FILTER, severities: ['CRITICAL', 'HIGH'] }),
    ) as Sarif;
    const theirs = JSON.parse(cli(['--sarif', '--severity', 'CRITICAL,HIGH', CLUSTER_DUMP])) as Sarif;
    assert.equal(ours.runs[0]!.results.length, 126);
    assert.deepEqual(byText(ours.runs[0]!.results), byText(theirs.runs[0]!.results));
    assert.deepEqual(byText(ours.runs[0]!.tool.driver.rules), byText(theirs.runs[0]!.tool.driver.rules));
  });

  it('lists the findings in the order the table shows them', () => {
    const ours = JSON.parse(exported('json', CLUSTER_DUMP, NO_FILTER)) as {
      findings: { severity: string }[];
    };
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
    const ranks = ours.findings.map((f) => order.indexOf(f.severity));
    assert.ok(ranks.every((r, i) => i === 0 || ranks[i - 1]! <= r));
  });

  it('offers a file name next to the scan', () => {
    assert.equal(exportFileName('scans/image.trivy.json', 'sarif'), 'image.trivy.view.sarif');
    assert.equal(exportFileName('dump.yaml', 'json'), 'dump.view.json');
    assert.equal(exportFileName('C:\\scans\\report.sarif', 'json'), 'report.view.json');
  });
});
