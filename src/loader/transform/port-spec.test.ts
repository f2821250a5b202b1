import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePortSpec } from './port-spec.js';
import { assertComposeError } from './test-support.js';

function ports(spec: string | number): unknown {
  return JSON.parse(JSON.stringify(parsePortSpec(spec))) as unknown;
}

const tcp = (target: number, published?: string, hostIP?: string) => ({
  mode: 'ingress',
  ...(hostIP === undefined ? {} : { host_ip: hostIP }),
  target,
  ...(published === undefined ? {} : { published }),
  protocol: 'tcp',
});

test('parsePortSpec reads a bare target port, as a string or a number', () => {
  assert.deepEqual(ports('80'), [tcp(80)]);
  assert.deepEqual(ports(80), [tcp(80)]);
});

test('parsePortSpec reads published:target and ip:published:target', () => {
  assert.deepEqual(ports('8080:80'), [tcp(80, '8080')]);
  assert.deepEqual(ports('127.0.0.1:8080:80'), [tcp(80, '8080', '127.0.0.1')]);
  assert.deepEqual(ports('127.0.0.1::80'), [tcp(80, undefined, '127.0.0.1')]);
});

test('parsePortSpec reads the protocol, case-insensitively, defaulting to tcp', () => {
  assert.deepEqual(ports('80:8080/udp'), [{ ...tcp(8080, '80'), protocol: 'udp' }]);
  assert.deepEqual(ports('80/SCTP'), [{ ...tcp(80), protocol: 'sctp' }]);
  assert.deepEqual(ports('80/'), [tcp(80)]);
});

test('parsePortSpec expands a target range into one mapping per port', () => {
  assert.deepEqual(ports('80-82:8080-8082'), [tcp(8080, '80'), tcp(8081, '81'), tcp(8082, '82')]);
  assert.deepEqual(ports('8080-8081'), [tcp(8080), tcp(8081)]);
});

test('parsePortSpec orders expanded ports by "<target>/<protocol>" text, as docker compose', () => {
  assert.deepEqual(ports('9-10'), [tcp(10), tcp(9)]);
});

test('parsePortSpec keeps a published range for a single target', () => {
  assert.deepEqual(ports('80-90:8080'), [tcp(8080, '80-90')]);
  assert.deepEqual(ports('80-80:8080'), [tcp(8080, '80')]);
});

test('parsePortSpec reads a bracketed IPv6 host address', () => {
  assert.deepEqual(ports('[::1]:8080:80'), [tcp(80, '8080', '::1')]);
  assert.deepEqual(ports('[2001:db8::1]::80'), [tcp(80, undefined, '2001:db8::1')]);
});

test('parsePortSpec refuses invalid ports with docker wording', () => {
  assertComposeError(() => parsePortSpec('9999999'), 'SCHEMA', 'Invalid containerPort: 9999999');
  assertComposeError(() => parsePortSpec('tcp'), 'SCHEMA', 'Invalid containerPort: tcp');
  assertComposeError(() => parsePortSpec('70000:80'), 'SCHEMA', 'Invalid hostPort: 70000');
  assertComposeError(() => parsePortSpec('90-80'), 'SCHEMA', 'Invalid containerPort: 90-80');
  assertComposeError(() => parsePortSpec(''), 'SCHEMA', 'No port specified: <empty>');
  assertComposeError(() => parsePortSpec(-1), 'SCHEMA', 'Invalid containerPort: -1');
  assertComposeError(
    () => parsePortSpec('80-81:90-92'),
    'SCHEMA',
    'Invalid ranges specified for container and host Ports: 90-92 and 80-81',
  );
});

test('parsePortSpec refuses an unknown protocol', () => {
  assertComposeError(() => parsePortSpec('80/xyz'), 'SCHEMA', 'Invalid proto: xyz');
});

test('parsePortSpec refuses invalid host addresses', () => {
  assertComposeError(
    () => parsePortSpec('127.0.1:8080:80'),
    'SCHEMA',
    'Invalid ip address: 127.0.1',
  );
  assertComposeError(() => parsePortSpec('01.2.3.4:80:80'), 'SCHEMA', 'Invalid ip address');
  assertComposeError(
    () => parsePortSpec('::1:80:80'),
    'SCHEMA',
    'Invalid ip address ::1: address ::1:: too many colons in address',
  );
  assertComposeError(() => parsePortSpec('[fe80::1%eth0]:80:80'), 'SCHEMA', 'Invalid ip address');
});

test('parsePortSpec puts the dotted path in front of the message when given', () => {
  assertComposeError(
    () => parsePortSpec('80/xyz', ['services', 'web', 'ports', 2]),
    'SCHEMA',
    'services.web.ports[2]: Invalid proto: xyz',
    'services.web.ports[2]',
  );
});
