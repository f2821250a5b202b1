import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { JsonLineSplitter } from './json-lines.js';
import { JsonStream } from './streams.js';

test('json-lines splits across chunks, CRLF and blank lines', () => {
  const s = new JsonLineSplitter();
  assert.deepEqual(s.push('{"a":1}\r\n{"b"'), ['{"a":1}']);
  assert.deepEqual(s.push(':2}\n\n'), ['{"b":2}']);
  assert.deepEqual(s.push('{"c":3}'), []);
  assert.equal(s.end(), '{"c":3}');
  assert.equal(s.end(), undefined);
});

test('json-lines stream yields objects and surfaces in-stream errors', async () => {
  const source = Readable.from([
    Buffer.from('{"stream":"Step 1/1"}\n{"errorDetail":{"message":"boom"},"err'),
    Buffer.from('or":"boom"}\n{"stream":"never"}\n'),
  ]);
  const seen: unknown[] = [];
  const stream = new JsonStream<{ stream?: string; error?: string }>(
    source,
    (m) => (m.error === undefined ? undefined : new Error(`engine: ${m.error}`)),
    (line) => new Error(`bad ${line}`),
  );
  await assert.rejects(async () => {
    for await (const m of stream) seen.push(m);
  }, /engine: boom/);
  assert.deepEqual(seen, [{ stream: 'Step 1/1' }]);
});

test('json-lines stream reports a malformed line', async () => {
  const stream = new JsonStream(
    Readable.from([Buffer.from('{"ok":true}\nnot json\n')]),
    undefined,
    (line) => new Error(`malformed: ${line}`),
  );
  await assert.rejects(async () => {
    for await (const _ of stream) {
      // consume
    }
  }, /malformed: not json/);
});

test('json-lines multi-byte characters split between chunks stay intact', async () => {
  const bytes = Buffer.from('{"s":"héllo ✓"}\n');
  const stream = new JsonStream<{ s: string }>(
    Readable.from([bytes.subarray(0, 8), bytes.subarray(8)]),
    undefined,
    (line) => new Error(line),
  );
  const out: string[] = [];
  for await (const m of stream) out.push(m.s);
  assert.deepEqual(out, ['héllo ✓']);
});
