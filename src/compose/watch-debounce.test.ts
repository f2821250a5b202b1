import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Debouncer, type Timers } from './watch-debounce.js';

/** Timers that fire only when the test advances the clock. */
function fakeTimers(): Timers & { advance(ms: number): void } {
  let now = 0;
  let next = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimeout(fn, ms) {
      const id = ++next;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(h) {
      pending.delete(h as number);
    },
    advance(ms) {
      now += ms;
      for (const [id, t] of [...pending]) {
        if (t.at <= now) {
          pending.delete(id);
          t.fn();
        }
      }
    },
  };
}

test('watch debounce hands over distinct paths once the quiet period passes', () => {
  const timers = fakeTimers();
  const batches: string[][] = [];
  const d = new Debouncer((b) => batches.push(b), 500, timers);
  d.add('/a');
  timers.advance(300);
  d.add('/b');
  d.add('/a');
  timers.advance(300);
  assert.deepEqual(batches, [], 'a new path restarts the quiet period');
  timers.advance(200);
  assert.deepEqual(batches, [['/a', '/b']]);
  d.add('/c');
  timers.advance(500);
  assert.deepEqual(batches, [['/a', '/b'], ['/c']]);
});

test('watch debounce close drops pending paths', () => {
  const timers = fakeTimers();
  const batches: string[][] = [];
  const d = new Debouncer((b) => batches.push(b), 500, timers);
  d.add('/a');
  d.close();
  timers.advance(1000);
  assert.deepEqual(batches, []);
});
