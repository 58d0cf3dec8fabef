import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { FIRST_ROWS, ROWS_PER_MESSAGE, RowFeed, rowMessages } from '../../src/scanViewer/rowBatches.js';
import { DEFAULT_SORT, sortRows } from '../../src/scanViewer/rowOrder.js';
import type { FindingRow } from '../../src/scanViewer/protocol.js';
import { CLUSTER_DUMP, viewerRead } from './scanViewerFixtures.js';

/** The 398 real rows of the cluster dump, repeated to `count` rows with indexes of their own. */
function manyRows(count: number): FindingRow[] {
  const { rows } = viewerRead(CLUSTER_DUMP);
  return Array.from({ length: count }, (_, i) => ({ ...rows[i % rows.length]!, index: i }));
}

describe('the rows messages of a scan', () => {
  it('sends the first window of the default order first, alone, so the page paints it at once', () => {
    const rows = manyRows(10_000);
    const messages = rowMessages(rows, 3);
    const first = messages[0]!;
    assert.equal(first.start, 0);
    assert.equal(first.rows.length, FIRST_ROWS);
    assert.deepEqual(
      first.rows.map((r) => r.index),
      sortRows(rows, DEFAULT_SORT)
        .slice(0, FIRST_ROWS)
        .map((r) => r.index),
    );
    assert.equal(first.rows[0]!.severity, 'CRITICAL');
  });

  it('then sends every row once, in batches that follow on from each other', () => {
    const rows = manyRows(25_000);
    const messages = rowMessages(rows, 3);
    assert.ok(messages.every((m) => m.type === 'rows' && m.generation === 3));
    assert.ok(messages.slice(1).every((m) => m.rows.length <= ROWS_PER_MESSAGE));
    let next = 0;
    for (const m of messages) {
      assert.equal(m.start, next);
      next += m.rows.length;
    }
    assert.equal(next, rows.length);
    assert.deepEqual(
      messages.flatMap((m) => m.rows.map((r) => r.index)),
      sortRows(rows, DEFAULT_SORT).map((r) => r.index),
    );
  });

  it('sends a small scan in one message, and none for a scan without findings', () => {
    assert.equal(rowMessages(manyRows(50), 1).length, 1);
    assert.deepEqual(rowMessages([], 1), []);
  });
});

describe('the rows the host holds back until the page has painted the first window', () => {
  it('gives the first window at once and the rest only when the page asks for this generation, once', () => {
    const rows = manyRows(10_000);
    const feed = new RowFeed();
    const first = feed.start(rows, 5);
    assert.equal(first.length, 1);
    assert.equal(first[0]!.rows.length, FIRST_ROWS);
    // A page of an older read, or one that asks twice, gets nothing: no request multiplies what is sent.
    assert.equal(feed.rest(4), undefined);
    const rest = feed.rest(5);
    assert.deepEqual(
      [...first, ...rest!].flatMap((m) => m.rows.map((r) => r.index)),
      rowMessages(rows, 5).flatMap((m) => m.rows.map((r) => r.index)),
    );
    assert.ok(rest!.every((m) => m.generation === 5));
    assert.equal(feed.rest(5), undefined);
  });

  it('drops what an older read held back when a new one starts', () => {
    const feed = new RowFeed();
    feed.start(manyRows(1_000), 1);
    feed.start(manyRows(300), 2);
    assert.equal(feed.rest(1), undefined);
    assert.deepEqual(
      feed.rest(2)?.map((m) => [m.start, m.rows.length]),
      [[FIRST_ROWS, 300 - FIRST_ROWS]],
    );
  });

  it('holds no rows back for a scan that fits in the first window, and answers its page once', () => {
    const feed = new RowFeed();
    assert.equal(feed.start(manyRows(50), 1)[0]!.rows.length, 50);
    assert.deepEqual(feed.rest(1), []);
    assert.equal(feed.rest(1), undefined);
  });
});
