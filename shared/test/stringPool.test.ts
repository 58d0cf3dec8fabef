import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Finding } from '../src/model/finding.js';
import { newReadContext } from '../src/readers/readContext.js';
import { readReportObject, readReportObjects } from '../src/readers/reportObjects.js';
import { StringPool } from '../src/readers/stringPool.js';
import { fixtureFolder } from './readerTestHelpers.js';

const { fixtureDocs, fixtureText } = fixtureFolder('reports', 'variant.json');
const REAL_LIST = 'vulnerabilityreportlist_real-cluster_trivy-0.31.3.json';

/** Heap growth, after collection, of what `build` returns and the test keeps. */
function retainedBytes(build: () => unknown): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  gc();
  const after = process.memoryUsage().heapUsed;
  assert.ok(kept !== undefined);
  return after - before;
}

/** `count` separate strings equal to `text`, as `JSON.parse` hands out one per occurrence. */
function copiesOf(text: string, count: number): string[] {
  const json = JSON.stringify(text);
  return Array.from({ length: count }, () => JSON.parse(json) as string);
}

describe('StringPool', () => {
  it('keeps one string for equal texts, so copies take no memory of their own', () => {
    const text = 'x'.repeat(2000);
    // 2,000 unpooled copies of 2,000 one-byte characters hold 4 MB; pooled, only the 2,000 slots
    // of the array (16 KB) and one copy.
    const pooled = retainedBytes(() => {
      const pool = new StringPool();
      return copiesOf(text, 2000).map((s) => pool.intern(s));
    });
    const unpooled = retainedBytes(() => {
      const pool = new StringPool({ longest: 1000 });
      return copiesOf(text, 2000).map((s) => pool.intern(s));
    });
    assert.ok(pooled < 1_000_000, `pooled copies hold ${pooled} bytes`);
    assert.ok(unpooled > 3_500_000, `texts past the longest pooled hold ${unpooled} bytes`);
  });

  it('holds each distinct text once and counts its characters', () => {
    const pool = new StringPool();
    for (const s of [...copiesOf('CVE-2019-1549', 3), ...copiesOf('openssl', 2)]) pool.intern(s);
    assert.equal(pool.size, 2);
    assert.equal(pool.chars, 'CVE-2019-1549'.length + 'openssl'.length);
  });

  it('hands texts past the longest pooled back as they are, without holding them', () => {
    const pool = new StringPool({ longest: 8 });
    const long = 'a description';
    assert.equal(pool.intern(long), long);
    assert.equal(pool.intern('shortish'), 'shortish');
    assert.deepEqual([pool.size, pool.chars], [1, 8]);
  });

  it('starts over when the entry limit is reached', () => {
    const pool = new StringPool({ entries: 3 });
    for (const s of ['a', 'b', 'c']) pool.intern(s);
    assert.equal(pool.size, 3);
    pool.intern('b'); // already held: no new entry, no restart
    assert.equal(pool.size, 3);
    pool.intern('d');
    assert.deepEqual([pool.size, pool.chars], [1, 1]);
    pool.intern('a');
    assert.equal(pool.size, 2);
  });

  it('starts over when a text would pass the character limit', () => {
    const pool = new StringPool({ chars: 10 });
    pool.intern('aaaaaa');
    pool.intern('bbbb');
    assert.deepEqual([pool.size, pool.chars], [2, 10]);
    pool.intern('c');
    assert.deepEqual([pool.size, pool.chars], [1, 1]);
  });

  it('reads text fields of untrusted objects: non-empty strings pooled, anything else undefined', () => {
    const pool = new StringPool();
    assert.deepEqual(
      ['nginx', '', 7, null, undefined, ['x'], { a: 'b' }].map((v) => pool.text(v)),
      ['nginx', undefined, undefined, undefined, undefined, undefined, undefined],
    );
    assert.deepEqual([pool.internOptional(undefined), pool.internOptional('v1')], [undefined, 'v1']);
    assert.equal(pool.size, 2);
  });

  it('rebuilds from the visited strings only, each once, within its bounds', () => {
    const pool = new StringPool({ entries: 2, longest: 5 });
    for (const s of ['old', 'kept']) pool.intern(s);
    pool.rebuild((keep) => ['kept', 'new', 'kept', 'toolong', 'extra'].forEach(keep));
    // 'toolong' is past the longest pooled; 'extra' would be a third entry.
    assert.deepEqual([pool.size, pool.chars], [2, 'kept'.length + 'new'.length]);
    pool.intern('kept');
    assert.equal(pool.size, 2);
  });
});

describe('StringPool in reads', () => {
  it('gives a read without a pool a fresh one of its own, and a read with one that pool', () => {
    const shared = new StringPool();
    assert.notEqual(newReadContext('a.json').strings, newReadContext('a.json').strings);
    assert.equal(newReadContext('a.json', { strings: shared }).strings, shared);
  });

  it('pools every text a finding takes from a report object, for every fixture', () => {
    // Not from the report's text, or the report's alone: constants of the model (type, severity,
    // outcome, origin.format, origin.report.kind), the path of the read (origin.file), the
    // report's own name and uid (nothing to share them with), and aliases, whole lists shared
    // through the check-id cache.
    const notPooled = new Set([
      'type',
      'severity',
      'outcome',
      'aliases',
      'origin.format',
      'origin.file',
      'origin.report.kind',
      'origin.report.name',
      'origin.report.uid',
    ]);
    const names = readdirSync(new URL('../../test/fixtures/reports/', import.meta.url));
    let checked = 0;
    for (const name of names) {
      const pool = new StringPool();
      const ctx = newReadContext(name, { includePassed: true, strings: pool });
      const findings = readReportObjects(fixtureDocs(name), ctx);
      const held = pool.size;
      visitTexts(findings, notPooled, (text, path) => {
        pool.intern(text);
        assert.equal(pool.size, held, `${name}: ${path} "${text.slice(0, 40)}" was not pooled`);
        checked++;
      });
    }
    // The failing and passed findings of the fixtures hold over 9,000 texts; this only guards
    // against a walk that checks nothing.
    assert.ok(checked > 1000, `${checked} texts checked`);
  });

  it('adds nothing when the same reports are read again into the same pool', () => {
    const pool = new StringPool();
    const first = readReportObject(JSON.parse(fixtureText(REAL_LIST)), newReadContext('', { strings: pool }));
    const held = pool.size;
    const second = readReportObject(
      JSON.parse(fixtureText(REAL_LIST)),
      newReadContext('', { strings: pool }),
    );
    assert.equal(second.length, first.length);
    assert.ok(held > 0);
    assert.equal(pool.size, held);
  });
});

/** Calls `check` with each string in the findings (below 4 KiB: longer ones are never pooled) and its path. */
function visitTexts(
  findings: readonly Finding[],
  skip: ReadonlySet<string>,
  check: (text: string, path: string) => void,
): void {
  const walk = (value: unknown, path: string): void => {
    if (skip.has(path)) return;
    if (typeof value === 'string') {
      if (value.length <= 4096) check(value, path);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, path);
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  for (const f of findings) walk(f, '');
}
