import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { filterRows, isFiltering, matchesView, NO_FILTER } from '../../src/scanViewer/viewFilter.js';
import { CLUSTER_DUMP, CONFIG_AUDIT, viewerRead } from './scanViewerFixtures.js';

// Counts checked against the CLI on the same file:
//   trivy-findings --json --severity CRITICAL reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json → 40
describe('the viewer filter, on the rows of a real kubectl dump of 398 vulnerabilities', () => {
  const { rows } = viewerRead(CLUSTER_DUMP);

  it('shows every row when nothing is asked', () => {
    assert.equal(rows.length, 398);
    assert.equal(filterRows(rows, NO_FILTER).length, 398);
    assert.equal(isFiltering(NO_FILTER), false);
  });

  it('keeps the severities asked for', () => {
    assert.equal(filterRows(rows, { ...NO_FILTER, severities: ['CRITICAL'] }).length, 40);
    assert.equal(filterRows(rows, { ...NO_FILTER, severities: ['CRITICAL', 'HIGH'] }).length, 126);
  });

  it('matches text in any case against id, title, package and workload', () => {
    const openssl = filterRows(rows, { ...NO_FILTER, text: '  OpenSSL ' });
    assert.ok(openssl.length > 0);
    assert.ok(openssl.every((r) => /openssl/i.test(`${r.id} ${r.title} ${r.pkg}`)));
    assert.equal(
      filterRows(rows, { ...NO_FILTER, text: 'cve-2022-1292' }).every((r) => r.id === 'CVE-2022-1292'),
      true,
    );
    assert.equal(filterRows(rows, { ...NO_FILTER, text: 'tt-reg' }).length, 88);
  });

  it('keeps one workload, or only what has a fixed version', () => {
    const pod = filterRows(rows, { ...NO_FILTER, workload: 'Pod/default/tt-reg' });
    assert.equal(pod.length, 88);
    const fixable = filterRows(rows, { ...NO_FILTER, fixableOnly: true });
    assert.equal(fixable.length, rows.filter((r) => r.fixed !== undefined).length);
    assert.ok(fixable.length > 0 && fixable.length < rows.length);
  });

  it('combines filters, all of which must hold', () => {
    const filter = {
      ...NO_FILTER,
      severities: ['CRITICAL' as const],
      workload: 'Pod/default/tt-reg',
      fixableOnly: true,
    };
    const both = filterRows(rows, filter);
    assert.deepEqual(
      both,
      rows.filter((r) => r.severity === 'CRITICAL' && r.workload === 'Pod/default/tt-reg' && r.fixed),
    );
    assert.equal(isFiltering(filter), true);
  });
});

describe('the viewer filter and what the CLI hides without --all', () => {
  it('hides passed checks unless asked, as the CLI does', () => {
    const { rows } = viewerRead(CONFIG_AUDIT);
    // trivy-findings --json: 2 findings; with --all: 5.
    assert.equal(rows.length, 5);
    assert.equal(filterRows(rows, NO_FILTER).length, 2);
    assert.equal(filterRows(rows, { ...NO_FILTER, showHidden: true }).length, 5);
    assert.ok(rows.filter((r) => r.hidden).every((r) => r.outcome === 'pass'));
    assert.equal(
      matchesView(
        rows.find((r) => r.hidden)!,
        NO_FILTER,
      ),
      false,
    );
  });
});
