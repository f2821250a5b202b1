import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { padding, tarArchive, tarHeader } from './tar-writer.js';

function withTar<T>(archive: Buffer, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-tar-'));
  try {
    const file = join(dir, 'a.tar');
    writeFileSync(file, archive);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('tar-writer archive lists with tar -t and extracts with modes and symlinks', () => {
  const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(80)}.txt`;
  const longer = `${'x'.repeat(120)}/${'y'.repeat(120)}.txt`;
  const archive = tarArchive([
    { name: 'dir', type: 'directory', mode: 0o755 },
    { name: 'dir/run.sh', type: 'file', mode: 0o755, content: '#!/bin/sh\necho hi\n' },
    { name: 'dir/data.txt', type: 'file', mode: 0o640, content: 'x'.repeat(1000) },
    { name: 'link', type: 'symlink', mode: 0o777, linkName: 'dir/run.sh' },
    { name: long, type: 'file', mode: 0o644, content: 'prefix split' },
    { name: longer, type: 'file', mode: 0o644, content: 'pax path' },
    { name: 'ünïcode.txt', type: 'file', mode: 0o644, content: 'u' },
  ]);
  assert.equal(archive.length % 512, 0);
  withTar(archive, (file, dir) => {
    const listed = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(listed, [
      'dir/',
      'dir/run.sh',
      'dir/data.txt',
      'link',
      long,
      longer,
      'ünïcode.txt',
    ]);
    const out = join(dir, 'out');
    execFileSync('mkdir', [out]);
    execFileSync('tar', ['-xf', file, '-C', out]);
    assert.equal(statSync(join(out, 'dir/run.sh')).mode & 0o777, 0o755);
    assert.equal(statSync(join(out, 'dir/data.txt')).mode & 0o777, 0o640);
    assert.equal(readFileSync(join(out, 'dir/data.txt'), 'utf8'), 'x'.repeat(1000));
    assert.equal(readlinkSync(join(out, 'link')), 'dir/run.sh');
    assert.equal(readFileSync(join(out, longer), 'utf8'), 'pax path');
    assert.equal(readFileSync(join(out, long), 'utf8'), 'prefix split');
  });
});

test('tar-writer header checksum and fields', () => {
  const h = tarHeader({
    name: 'a.txt',
    type: 'file',
    mode: 0o644,
    size: 5,
    mtime: new Date(1_700_000_000_000),
  });
  assert.equal(h.length, 512);
  assert.equal(h.subarray(0, 5).toString(), 'a.txt');
  assert.equal(h.subarray(257, 263).toString('latin1'), 'ustar\u0000');
  assert.equal(parseInt(h.subarray(136, 147).toString(), 8), 1_700_000_000);
  const stored = parseInt(h.subarray(148, 154).toString(), 8);
  const copy = Buffer.from(h);
  copy.fill(0x20, 148, 156);
  assert.equal(
    stored,
    copy.reduce((s, b) => s + b, 0),
  );
});

test('tar-writer pads to whole blocks and rejects empty names', () => {
  assert.equal(padding(0).length, 0);
  assert.equal(padding(1).length, 511);
  assert.equal(padding(512).length, 0);
  assert.throws(() => tarHeader({ name: '', type: 'file', mode: 0o644 }), /without a name/);
});

test('tar-writer long symlink targets go through PAX', () => {
  const target = `/${'t'.repeat(150)}`;
  const archive = tarArchive([{ name: 'l', type: 'symlink', mode: 0o777, linkName: target }]);
  withTar(archive, (file) => {
    const listed = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' });
    assert.match(listed, new RegExp(`l -> ${target}`));
  });
});
