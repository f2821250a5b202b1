import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, test } from 'node:test';
import type { ProgressEvent } from '../api/events.js';
import type { ContainerSummary, EngineClient } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { exportContainer } from './export.js';

const dir = mkdtempSync(join(tmpdir(), 'flotilla-export-unit-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fakeContext(archive: () => Readable, events: ProgressEvent[] = []): ComposeContext {
  const container: Partial<ContainerSummary> = {
    Id: 'c1',
    Names: ['/p-web-1'],
    Labels: { 'com.docker.compose.service': 'web', 'com.docker.compose.container-number': '1' },
  };
  const engine = {
    containers: {
      list: () => Promise.resolve([container]),
      export: () => Promise.resolve(archive()),
    },
  } as unknown as EngineClient;
  return {
    engine,
    events: (e) => {
      events.push(e);
    },
    parallel: -1,
    compatibility: false,
    composeVersion: '0',
    warn: () => undefined,
  };
}

test('exportContainer writes the archive to a file and reports Exporting, Exported', async () => {
  const seen: ProgressEvent[] = [];
  const ctx = fakeContext(() => Readable.from([Buffer.from('tar-bytes')]), seen);
  const path = join(dir, 'ok.tar');
  await exportContainer(ctx, 'p', { service: 'web', output: path });
  assert.equal(readFileSync(path, 'utf8'), 'tar-bytes');
  assert.deepEqual(
    seen.map((e) => `${e.id} ${e.text}`),
    ['Container p-web-1 Exporting', 'Container p-web-1 Exported'],
  );
});

test('exportContainer keeps the older file and leaves no partial one when the stream fails', async () => {
  const path = join(dir, 'kept.tar');
  writeFileSync(path, 'older');
  const failing = (): Readable =>
    new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('connection reset'));
      },
    });
  await assert.rejects(
    exportContainer(fakeContext(failing), 'p', { service: 'web', output: path }),
    /connection reset/,
  );
  assert.equal(readFileSync(path, 'utf8'), 'older');
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('kept')),
    ['kept.tar'],
  );
});

test('exportContainer refuses a terminal stream and copies into other streams', async () => {
  const tty = Object.assign(new PassThrough(), { isTTY: true });
  await assert.rejects(
    exportContainer(
      fakeContext(() => Readable.from([])),
      'p',
      { service: 'web', output: tty },
    ),
    /output option is required when exporting to terminal/,
  );
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const archive = (): Readable => Readable.from([Buffer.from('a'), Buffer.from('b')]);
  await exportContainer(fakeContext(archive), 'p', { service: 'web', output: sink });
  assert.equal(Buffer.concat(chunks).toString(), 'ab');
  assert.equal(sink.writableEnded, false);
});
