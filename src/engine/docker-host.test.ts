import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerHost } from './docker-host.js';

test('docker-host unix socket', () => {
  assert.deepEqual(parseDockerHost('unix:///var/run/docker.sock'), {
    kind: 'unix',
    socketPath: '/var/run/docker.sock',
  });
  assert.throws(() => parseDockerHost('unix://'), /no socket path/);
});

test('docker-host tcp with and without port, TLS default port, base path', () => {
  assert.deepEqual(parseDockerHost('tcp://127.0.0.1:2375'), {
    kind: 'tcp',
    hostname: '127.0.0.1',
    port: 2375,
    https: false,
    basePath: '',
  });
  assert.equal((parseDockerHost('tcp://example.test') as { port: number }).port, 2375);
  assert.equal((parseDockerHost('tcp://example.test', true) as { port: number }).port, 2376);
  assert.deepEqual(parseDockerHost('https://h:9000/proxy/'), {
    kind: 'tcp',
    hostname: 'h',
    port: 9000,
    https: true,
    basePath: '/proxy',
  });
  assert.equal((parseDockerHost('localhost:1234') as { port: number }).port, 1234);
  assert.equal((parseDockerHost('tcp://:2375') as { hostname: string }).hostname, '127.0.0.1');
});

test('docker-host IPv6 addresses', () => {
  const a = parseDockerHost('tcp://[::1]:2376');
  assert.equal(a.kind === 'tcp' && a.hostname, '::1');
  assert.equal(a.kind === 'tcp' && a.port, 2376);
  assert.throws(() => parseDockerHost('tcp://[::1'), /unclosed/);
});

test('docker-host rejects bad ports, unknown and unsupported schemes', () => {
  assert.throws(() => parseDockerHost('tcp://h:0'), /invalid port "0"/);
  assert.throws(() => parseDockerHost('tcp://h:99999'), /invalid port/);
  assert.throws(() => parseDockerHost('tcp://h:abc'), /invalid port "abc"/);
  assert.throws(() => parseDockerHost('ssh://me@host'), /ssh:\/\/ is not supported/);
  assert.throws(() => parseDockerHost('ftp://x'), /unknown scheme "ftp"/);
  assert.throws(() => parseDockerHost('  '), /empty/);
});
