import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIP, splitHostPort } from './go-net.js';

test('isIP accepts what Go net.ParseIP accepts', () => {
  for (const ip of [
    '0.0.0.0',
    '127.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '2001:db8::8a2e:370:7334',
    'fe80::1',
    '::ffff:1.2.3.4',
    '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5:6:7:8',
    '1::',
    'ABCD:ef01::',
  ]) {
    assert.equal(isIP(ip), true, ip);
  }
});

test('isIP refuses what Go net.ParseIP refuses', () => {
  for (const ip of [
    '',
    'localhost',
    '127.0.1',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3.4.',
    '1..2.3',
    '1.2.3.4.5',
    ':::',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1::2::3',
    '12345::',
    '1:2:3:4:5:6:7:8::',
    '::1%eth0',
    '1.2.3.4::',
    '1:2:3:4:5:1.2.3.4',
    'g::1',
  ]) {
    assert.equal(isIP(ip), false, ip);
  }
});

test('splitHostPort strips IPv6 brackets and reports Go errors', () => {
  assert.deepEqual(splitHostPort('[::1]:'), { host: '::1', port: '' });
  assert.deepEqual(splitHostPort('1.2.3.4:80'), { host: '1.2.3.4', port: '80' });
  assert.throws(() => splitHostPort('a:b:'), /address a:b:: too many colons in address/);
  assert.throws(() => splitHostPort('[::1:'), /missing '\]' in address/);
  assert.throws(() => splitHostPort('[::1]x:'), /missing port in address/);
  assert.throws(() => splitHostPort('a]:'), /unexpected '\]' in address/);
  assert.throws(() => splitHostPort('noport'), /missing port in address/);
});
