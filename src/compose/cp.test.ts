import assert from 'node:assert/strict';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { tarArchive } from '../build/tar-writer.js';
import { extractArchive, packPath, parsePax } from './cp-archive.js';
import { parseCopyOperand } from './cp.js';

const work = mkdtempSync(join(tmpdir(), 'flotilla-cp-test-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('parseCopyOperand splits SERVICE:PATH and keeps local paths whole', () => {
  assert.deepEqual(parseCopyOperand('web:/etc/hosts'), { service: 'web', path: '/etc/hosts' });
  assert.deepEqual(parseCopyOperand('/abs:colon'), { path: '/abs:colon' });
  assert.deepEqual(parseCopyOperand('./rel:colon'), { path: './rel:colon' });
  assert.deepEqual(parseCopyOperand('plain'), { path: 'plain' });
});

test('packPath and extractArchive round-trip a tree with modes, links and a rename', async () => {
  const src = join(work, 'src');
  mkdirSync(join(src, 'd/e'), { recursive: true });
  writeFileSync(join(src, 'a.txt'), 'alpha');
  chmodSync(join(src, 'a.txt'), 0o640);
  writeFileSync(join(src, 'd/run'), 'x'.repeat(1025));
  chmodSync(join(src, 'd/run'), 0o755);
  chmodSync(join(src, 'd/e'), 0o700);
  symlinkSync('a.txt', join(src, 'ln'));
  const tar = packPath(src, { rootName: 'renamed' });
  const dest = join(work, 'out');
  await extractArchive(tar as AsyncIterable<Buffer>, dest);
  assert.equal(readFileSync(join(dest, 'a.txt'), 'utf8'), 'alpha');
  assert.equal(lstatSync(join(dest, 'a.txt')).mode & 0o777, 0o640);
  assert.equal(lstatSync(join(dest, 'd/run')).mode & 0o777, 0o755);
  assert.equal(readFileSync(join(dest, 'd/run'), 'utf8').length, 1025);
  assert.equal(lstatSync(join(dest, 'd/e')).mode & 0o777, 0o700);
  assert.equal(readlinkSync(join(dest, 'ln')), 'a.txt');
});

test('extractArchive reads PAX long names and refuses entries escaping the destination', async () => {
  const long = `root/${'n'.repeat(150)}/file`;
  const ok = tarArchive([
    { name: 'root/', type: 'directory', mode: 0o755 },
    { name: `root/${'n'.repeat(150)}/`, type: 'directory', mode: 0o755 },
    { name: long, type: 'file', mode: 0o600, content: 'deep' },
  ]);
  const dest = join(work, 'pax');
  await extractArchive(Readable.from([ok]), dest);
  assert.equal(readFileSync(join(dest, 'n'.repeat(150), 'file'), 'utf8'), 'deep');
  const evil = tarArchive([{ name: 'root/../../escape', type: 'file', mode: 0o644, content: 'x' }]);
  await assert.rejects(extractArchive(Readable.from([evil]), join(work, 'evil')), /outside/);
});

test('parsePax reads length-prefixed records', () => {
  assert.deepEqual(parsePax(Buffer.from('12 path=abc\n16 linkpath=xyz\n')), {
    path: 'abc',
    linkpath: 'xyz',
  });
});
