import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProgressEvent } from '../api/events.js';
import { createJsonRenderer, formatJsonEvent } from './json.js';
import { createLogPrinter, formatLocalTime } from './log-printer.js';
import { resolveDisplay } from './mode.js';
import { createPlainRenderer, formatPlainEvent } from './plain.js';
import { createTtyRenderer } from './tty.js';

const started: ProgressEvent = {
  id: 'Container p-web-1',
  kind: 'container',
  name: 'p-web-1',
  status: 'done',
  text: 'Started',
};

function sinkOutput(columns?: number): {
  write(t: string): void;
  text: string[];
  columns?: number;
} {
  const text: string[] = [];
  return { write: (t: string) => text.push(t), text, columns };
}

test('plain renderer prints the HEAD form: leading space, single spaces, trailing space', () => {
  const out = sinkOutput();
  const r = createPlainRenderer(out);
  r.sink(started);
  r.sink({
    ...started,
    status: 'warning',
    text: 'Resource is still in use',
    id: 'Network p_default',
  });
  r.sink({ ...started, status: 'error', text: 'Error', details: 'boom' });
  assert.deepEqual(out.text, [
    ' Container p-web-1 Started \n',
    ' Network p_default Resource is still in use \n',
    ' Container p-web-1 Error boom\n',
  ]);
  assert.equal(formatPlainEvent(started, true), ' DRY-RUN MODE - Container p-web-1 Started ');
});

test('json renderer prints compose keys in order and errors as objects', () => {
  const out = sinkOutput();
  const r = createJsonRenderer(out);
  r.sink(started);
  assert.equal(out.text[0], '{"id":"Container p-web-1","status":"Done","text":"Started"}\n');
  assert.equal(r.error('no such service: x'), true);
  assert.equal(out.text[1], '{"error":true,"message":"no such service: x"}\n');
  assert.equal(
    formatJsonEvent({
      ...started,
      parentId: 'Image busybox',
      status: 'working',
      text: 'Downloading',
      details: 'x',
      current: 5,
      total: 10,
    }),
    '{"id":"Container p-web-1","parent_id":"Image busybox","status":"Working","text":"Downloading","details":"x","current":5,"total":10,"percent":50}',
  );
});

test('tty renderer draws a header with done/total and one line per resource', () => {
  let t = 1000;
  const out = sinkOutput(60);
  const r = createTtyRenderer(out, { operation: 'up', color: false, now: () => t, interval: 0 });
  r.sink({
    ...started,
    id: 'Network p_default',
    kind: 'network',
    name: 'p_default',
    text: 'Created',
  });
  r.sink({ ...started, status: 'working', text: 'Starting' });
  t = 1300;
  const frame = r.frame();
  assert.equal(frame[0], '[+] up 1/2');
  assert.equal(frame[1], ` ✔ Network p_default Created${' '.repeat(27)} 0.0s`);
  assert.match(frame[2], /^ ⠋ Container p-web-1 Starting +0\.3s$/);
  assert.equal(frame[2].length, 60);
  r.sink({ ...started, status: 'error', text: 'Error', details: 'port is already allocated' });
  assert.match(r.frame()[2], /^ ✘ Container p-web-1 Error port is already allocated +0\.3s$/);
  r.render();
  r.render();
  // The second draw moves the cursor back over the three lines of the first.
  assert.ok(out.text[1].startsWith('\x1b[3A\x1b[2K[+] up 2/2\n'));
});

test('tty renderer prints events line by line after detach, hiding Starting and Started', () => {
  const out = sinkOutput(80);
  const r = createTtyRenderer(out, { operation: 'up', color: false, interval: 0 });
  r.detach();
  r.sink(started);
  r.sink({ ...started, text: 'Stopped' });
  assert.deepEqual(out.text, [' Container p-web-1 Stopped \n']);
});

test('log printer pads names to the longest + 1, cycles colours and formats status lines', () => {
  const out = sinkOutput();
  const p = createLogPrinter({ stdout: out, color: false });
  p.log({ container: 'web-1', service: 'web', stream: 'stdout', text: 'hello' });
  p.log({ container: 'database-1', service: 'database', stream: 'stderr', text: 'ready' });
  p.log({ container: 'web-1', service: 'web', stream: 'stdout', text: 'again' });
  p.status({ container: 'web-1', service: 'web', text: 'web-1 exited with code 0' });
  p.status({ container: '', service: '', text: 'Attaching to web-1' });
  assert.deepEqual(out.text, [
    'web-1  | hello\n',
    'database-1  | ready\n',
    'web-1       | again\n',
    '\r\x1b[Kweb-1 exited with code 0\n',
    'Attaching to web-1\n',
  ]);
  const colored = sinkOutput();
  const c = createLogPrinter({ stdout: colored, color: true });
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) {
    c.log({ container: name, service: name, stream: 'stdout', text: 'x' });
  }
  assert.equal(colored.text[0], '\x1b[36ma  | \x1b[0mx\n');
  assert.equal(colored.text[1], '\x1b[33mb  | \x1b[0mx\n');
  assert.equal(colored.text[5], '\x1b[36;1mf  | \x1b[0mx\n');
});

test('log printer without prefix, with timestamps, splitting stderr', () => {
  const out = sinkOutput();
  const err = sinkOutput();
  const when = new Date(2024, 0, 2, 3, 4, 5, 67);
  const p = createLogPrinter({
    stdout: out,
    stderr: err,
    prefix: false,
    timestamps: true,
    clock: () => when,
  });
  p.log({ container: 'web-1', service: 'web', stream: 'stderr', text: 'oops' });
  assert.deepEqual(out.text, []);
  assert.equal(err.text[0], `${formatLocalTime(when)} oops\n`);
  assert.match(formatLocalTime(when), /^2024-01-02T03:04:05\.067000000(Z|[+-]\d\d:\d\d)$/);
});

test('resolveDisplay picks modes as compose and rejects incompatible combinations', () => {
  const base = { env: {}, stderrIsTTY: false, stdoutIsTTY: false };
  assert.equal(resolveDisplay(base).mode, 'plain');
  assert.equal(resolveDisplay({ ...base, stderrIsTTY: true }).mode, 'tty');
  assert.equal(resolveDisplay({ ...base, stderrIsTTY: true, ansi: 'never' }).mode, 'plain');
  assert.equal(resolveDisplay({ ...base, env: { COMPOSE_PROGRESS: 'json' } }).mode, 'json');
  assert.equal(resolveDisplay({ ...base, progress: 'none' }).mode, 'quiet');
  assert.throws(
    () => resolveDisplay({ ...base, progress: 'tty', ansi: 'never' }),
    /can't use --progress tty while ANSI support is disabled/,
  );
  assert.throws(
    () => resolveDisplay({ ...base, progress: 'plain', ansi: 'always' }),
    /can't use --progress plain while ANSI support is forced/,
  );
  assert.equal(resolveDisplay({ ...base, stdoutIsTTY: true }).colorLogs, true);
  assert.equal(
    resolveDisplay({ ...base, stdoutIsTTY: true, env: { NO_COLOR: '1' } }).colorLogs,
    false,
  );
});

test('plain renderer with timestamps prefixes each line with the time of the event', () => {
  const out = sinkOutput();
  const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
  const r = createPlainRenderer(out, { timestamps: true, clock: () => when });
  r.sink(started);
  assert.deepEqual(out.text, [`${formatLocalTime(when)} Container p-web-1 Started \n`]);
});
