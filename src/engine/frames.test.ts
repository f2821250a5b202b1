import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameDemuxer, type StreamChunk } from './frames.js';

function frame(kind: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = kind;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

function text(chunks: StreamChunk[]): string {
  return chunks.map((c) => `${c.stream}:${c.data.toString()}`).join('|');
}

test('frames demux stdout and stderr frames in one chunk', () => {
  const d = new FrameDemuxer();
  const out = d.push(Buffer.concat([frame(1, 'out'), frame(2, 'err'), frame(1, '')]));
  assert.equal(text(out), 'stdout:out|stderr:err');
  assert.equal(d.atBoundary, true);
});

test('frames demux handles headers and payloads split at every byte', () => {
  const all = Buffer.concat([frame(1, 'hello'), frame(2, 'world'), frame(0, 'in')]);
  const d = new FrameDemuxer();
  const out: StreamChunk[] = [];
  for (let i = 0; i < all.length; i++) out.push(...d.push(all.subarray(i, i + 1)));
  const joined = (s: string): string =>
    Buffer.concat(out.filter((c) => c.stream === s).map((c) => c.data)).toString();
  assert.equal(joined('stdout'), 'helloin');
  assert.equal(joined('stderr'), 'world');
  assert.equal(d.atBoundary, true);
});

test('frames demux reports a mid-frame end', () => {
  const d = new FrameDemuxer();
  d.push(frame(1, 'abcdef').subarray(0, 10));
  assert.equal(d.atBoundary, false);
});

test('frames demux throws the engine error frame text', () => {
  const d = new FrameDemuxer();
  assert.throws(() => d.push(frame(3, 'exec failed: boom\n')), /^Error: exec failed: boom$/);
});

test('frames demux refuses raw TTY bytes', () => {
  const d = new FrameDemuxer();
  assert.throws(
    () => d.push(Buffer.from('plain tty output\n')),
    /malformed multiplexed stream.*TTY/,
  );
});
