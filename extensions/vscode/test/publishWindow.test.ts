// The window the workspace diagnostics publish through: however many changes name a file within
// one window, it is published once, at the window's end; a steady stream still publishes every
// window; a costly publish widens the next window; flush and dispose end a window at once; a file
// no editor shows waits for a burst to end, at most `backgroundMs`.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { PublishWindow, type WindowClock } from '../src/diagnostics/publishWindow.js';

/** A clock the test moves: its timers fire, in order, as `advance` passes their time. */
class ManualClock implements WindowClock {
  time = 0;
  private timers: Array<{ at: number; fn: () => void }> = [];
  now(): number {
    return this.time;
  }
  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + ms, fn };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  }
  /** Moves the clock `ms` forward, firing each timer at its time. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = end;
  }
}

/** A window that does not grow with the cost of publishing. */
const fixed = (windowMs: number) => ({ windowMs, maxWindowMs: windowMs, costFactor: 0 });

const untilPublished = (published: string[][], count: number): Promise<void> =>
  new Promise((resolve) => {
    const probe = () => (published.length >= count ? resolve() : setImmediate(probe));
    probe();
  });

describe('PublishWindow', () => {
  it('publishes each file once per window, however often changes within it name the file', async () => {
    const published: string[][] = [];
    const window = new PublishWindow(fixed(20), (files) => published.push([...files]));
    // 200 changes, as a burst of store changes delivers them, each naming two of five files.
    for (let i = 0; i < 200; i++) window.add([`f${i % 5}`, `f${(i + 1) % 5}`]);
    assert.equal(published.length, 0, 'nothing before the window ends');
    await untilPublished(published, 1);
    assert.deepEqual(published, [['f0', 'f1', 'f2', 'f3', 'f4']]);
    window.dispose();
  });

  it('keeps publishing every window under a steady stream (a window, not a debounce)', () => {
    const clock = new ManualClock();
    const published: string[][] = [];
    const window = new PublishWindow(fixed(10), (files) => published.push([...files]), clock);
    // A change every 2 ms for 60 ms: six windows.
    for (let t = 0; t < 60; t += 2) {
      window.add(['a']);
      clock.advance(2);
    }
    assert.ok(published.length >= 5, `${published.length} publishes in a 60 ms stream`);
    assert.ok(published.every((files) => files.length === 1 && files[0] === 'a'));
    window.dispose();
  });

  it('publishes at once on flush, and nothing after dispose', async () => {
    const published: string[][] = [];
    const window = new PublishWindow(fixed(10_000), (files) => published.push([...files]));
    window.add(['a', 'b']);
    assert.equal(window.waiting, true);
    window.flush();
    assert.deepEqual(published, [['a', 'b']]);
    window.flush();
    assert.equal(published.length, 1, 'an empty window publishes nothing');
    window.add(['c']);
    window.dispose();
    window.add(['d']);
    window.flush();
    assert.deepEqual(published, [['a', 'b']]);
    assert.equal(window.waiting, false);
  });

  it('widens the next window to twice what the last publish cost, up to its maximum', () => {
    // A clock the test moves: each publish "takes" what the test says.
    const clock = new ManualClock();
    let cost = 0;
    const window = new PublishWindow(
      { windowMs: 30, maxWindowMs: 400, costFactor: 2 },
      () => (clock.time += cost),
      clock,
    );
    const publishTaking = (ms: number) => {
      cost = ms;
      window.add(['a']);
      window.flush();
      return window.windowMs;
    };
    assert.equal(window.windowMs, 30);
    assert.equal(publishTaking(5), 30, 'a cheap publish keeps the shortest window');
    assert.equal(publishTaking(120), 240, 'a costly one: publishing takes a third of the time at most');
    assert.equal(publishTaking(1000), 400, 'never longer than the maximum');
    assert.equal(publishTaking(1), 30, 'back to the shortest once publishing is cheap again');
    window.dispose();
  });

  it('holds a file no editor shows until the burst ends, and publishes it once', () => {
    const clock = new ManualClock();
    const published: string[][] = [];
    const window = new PublishWindow(
      { windowMs: 30, maxWindowMs: 30, costFactor: 0, backgroundMs: 5_000 },
      (files) => published.push([...files]),
      clock,
      (file) => file === 'open.yaml',
    );
    // A burst: a change every 10 ms for 2 s, each naming the open file and a background one.
    for (let t = 0; t < 2_000; t += 10) {
      window.add(['open.yaml', `app-${(t / 10) % 3}.yaml`]);
      clock.advance(10);
    }
    const during = published.flat();
    assert.ok(during.filter((f) => f === 'open.yaml').length >= 60, 'the file in view shows every window');
    assert.equal(during.filter((f) => f !== 'open.yaml').length, 0, 'the others wait while changes come');
    // The burst ends: one window after its last change, the held files go together.
    const ended = published.length;
    clock.advance(30);
    assert.deepEqual(published.slice(ended).flat().sort(), [
      'app-0.yaml',
      'app-1.yaml',
      'app-2.yaml',
      'open.yaml',
    ]);
    assert.deepEqual(published.at(-1)?.sort(), ['app-0.yaml', 'app-1.yaml', 'app-2.yaml']);
    clock.advance(1_000);
    assert.equal(published.flat().filter((f) => f === 'app-0.yaml').length, 1, 'published once in all');
    window.dispose();
  });

  it('still publishes a file no editor shows every backgroundMs under a steady stream', () => {
    const clock = new ManualClock();
    const published: string[][] = [];
    const window = new PublishWindow(
      { windowMs: 30, maxWindowMs: 30, costFactor: 0, backgroundMs: 500 },
      (files) => published.push([...files]),
      clock,
      () => false,
    );
    const times: number[] = [];
    const origin = clock.time;
    for (let t = 0; t < 3_000; t += 10) {
      window.add(['app.yaml']);
      const before = published.length;
      clock.advance(10);
      if (published.length > before) times.push(clock.time - origin);
    }
    assert.ok(times.length >= 5 && times.length <= 6, `published at ${times.join(', ')} ms`);
    assert.ok(
      times.every((t, i) => t - (times[i - 1] ?? 0) <= 510),
      `at most 500 ms apart: ${times.join(', ')}`,
    );
    window.dispose();
  });

  it('publishes a single change after one window, in view or not', () => {
    const clock = new ManualClock();
    const published: string[][] = [];
    const window = new PublishWindow(
      { windowMs: 30, maxWindowMs: 400, costFactor: 2, backgroundMs: 1_500 },
      (files) => published.push([...files]),
      clock,
      () => false,
    );
    window.add(['a.yaml']);
    clock.advance(29);
    assert.equal(published.length, 0);
    clock.advance(1);
    assert.deepEqual(published, [['a.yaml']]);
    window.dispose();
  });

  it('publishes a held file at once when an editor comes to show it', () => {
    const clock = new ManualClock();
    const published: string[][] = [];
    const shown = new Set<string>();
    const window = new PublishWindow(
      { windowMs: 30, maxWindowMs: 30, costFactor: 0, backgroundMs: 5_000 },
      (files) => published.push([...files]),
      clock,
      (file) => shown.has(file),
    );
    for (let t = 0; t < 200; t += 10) {
      window.add(['app.yaml', 'other.yaml']);
      clock.advance(10);
    }
    assert.equal(published.length, 0, 'held while the burst goes on');
    shown.add('app.yaml');
    window.viewChanged();
    window.add(['other.yaml']);
    clock.advance(10);
    assert.deepEqual(published, [['app.yaml']], 'the file now shown goes at once; the other still waits');
    window.dispose();
  });

  it("tells a loaded machine's slower burst from its end: the held files go once, after it", () => {
    const clock = new ManualClock();
    const published: string[][] = [];
    const window = new PublishWindow(
      { windowMs: 30, maxWindowMs: 400, costFactor: 0, backgroundMs: 5_000, quietMs: 100 },
      (files) => published.push([...files]),
      clock,
      () => false,
    );
    // Changes at uneven gaps, some near `quietMs`, some beyond it, as a busy host reads a burst.
    const gaps = [25, 25, 90, 40, 25, 90, 130, 25];
    for (let i = 0; i < 40; i++) {
      window.add([`app-${i % 2}.yaml`]);
      clock.advance(gaps[i % gaps.length]!);
    }
    assert.equal(published.length, 0, 'no publish within the burst');
    clock.advance(400);
    assert.deepEqual(published.flat().sort(), ['app-0.yaml', 'app-1.yaml'], 'once, when it ended');

    // A pause far beyond the burst's usual gaps is its end, even when more changes come later.
    window.add(['app-0.yaml']);
    clock.advance(400);
    assert.equal(published.length, 2);
    window.dispose();
  });

  it('looks at each file once as it comes, not at every waiting file on every change', () => {
    // A workspace of 5,000 manifests read at start-up names them one change at a time.
    const clock = new ManualClock();
    let asked = 0;
    const published: string[][] = [];
    const window = new PublishWindow(
      { windowMs: 30, maxWindowMs: 400, costFactor: 2, backgroundMs: 1_500, quietMs: 100 },
      (files) => published.push([...files]),
      clock,
      () => {
        asked++;
        return false;
      },
    );
    for (let i = 0; i < 5_000; i++) window.add([`apps/app-${i}.yaml`]);
    assert.ok(asked <= 5_000, `inView asked ${asked} times for 5,000 files`);
    clock.advance(100);
    assert.equal(published.flat().length, 5_000, 'all of them, once the changes stopped');
    window.dispose();
  });
});
