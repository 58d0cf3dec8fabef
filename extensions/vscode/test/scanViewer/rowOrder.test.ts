import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { severityRank } from '@trivy-findings/core/model/severity.js';
import { DEFAULT_SORT, sortRows } from '../../src/scanViewer/rowOrder.js';
import { SORT_COLUMNS } from '../../src/scanViewer/protocol.js';
import { CLUSTER_DUMP, viewerRead } from './scanViewerFixtures.js';

describe('the order of the viewer table, on 398 real rows', () => {
  const { rows } = viewerRead(CLUSTER_DUMP);

  it('starts with the most severe, in the core’s severity order, then by id', () => {
    const sorted = sortRows(rows, DEFAULT_SORT);
    const ranks = sorted.map((r) => severityRank(r.severity));
    assert.ok(ranks.every((rank, i) => i === 0 || ranks[i - 1]! >= rank));
    assert.equal(sorted[0]!.severity, 'CRITICAL');
    assert.equal(sorted.at(-1)!.severity, 'UNKNOWN');
    const critical = sorted.filter((r) => r.severity === 'CRITICAL').map((r) => r.id);
    assert.deepEqual(critical, [...critical].sort());
  });

  it('reverses a column, least severe first', () => {
    const ascending = sortRows(rows, { column: 'severity', descending: false });
    assert.equal(ascending[0]!.severity, 'UNKNOWN');
    assert.equal(ascending.at(-1)!.severity, 'CRITICAL');
  });

  it('sorts text columns by code unit, and puts rows without a value last either way', () => {
    // Only findings about an image have a package; give one row none to see where it goes.
    const withoutPackage = { ...rows[7]!, pkg: undefined };
    const mixed = [withoutPackage, ...rows.slice(0, 7), ...rows.slice(8)];
    for (const descending of [false, true]) {
      const sorted = sortRows(mixed, { column: 'package', descending });
      assert.equal(sorted.at(-1), withoutPackage, `descending: ${descending}`);
      const names = sorted.slice(0, -1).map((r) => r.pkg!);
      const expected = [...names].sort();
      assert.deepEqual(names, descending ? expected.reverse() : expected);
    }
  });

  it('is a total order: shuffled input sorts the same, for every column and direction', () => {
    const shuffled = [...rows].reverse();
    for (const column of SORT_COLUMNS)
      for (const descending of [false, true])
        assert.deepEqual(
          sortRows(shuffled, { column, descending }).map((r) => r.index),
          sortRows(rows, { column, descending }).map((r) => r.index),
          `${column} ${descending ? 'descending' : 'ascending'}`,
        );
  });

  it('leaves its input as it was', () => {
    const before = rows.map((r) => r.index);
    sortRows(rows, { column: 'id', descending: true });
    assert.deepEqual(
      rows.map((r) => r.index),
      before,
    );
  });
});
