import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isComposeError } from '../../api/errors.js';
import {
  NameTable,
  configKey,
  dnsName,
  isConfigKey,
  isDns1035Label,
  isEnvVarName,
  isLabelValue,
  isPortName,
  isQualifiedName,
} from './names.js';

test('dnsName makes DNS-1035 labels from compose keys', () => {
  assert.equal(dnsName('db_main'), 'db-main');
  assert.equal(dnsName('Web.Frontend'), 'web-frontend');
  assert.equal(dnsName('1cache'), 'x-1cache');
  assert.equal(dnsName('__'), 'x');
  const long = dnsName('a'.repeat(80));
  assert.equal(long.length, 63);
  assert.ok(isDns1035Label(long));
  assert.notEqual(
    dnsName('a'.repeat(80)),
    dnsName(`${'a'.repeat(79)}b`),
    'the hash keeps them apart',
  );
});

test('the syntax checks follow the API server: labels, keys, variables, ports', () => {
  assert.ok(isQualifiedName('app.kubernetes.io/name'));
  assert.ok(isQualifiedName('traefik.http.routers.web.rule'));
  assert.ok(!isQualifiedName('-bad'));
  assert.ok(!isQualifiedName('/name'));
  assert.ok(isLabelValue(''));
  assert.ok(!isLabelValue('Host(`x`)'));
  assert.ok(!isLabelValue('a'.repeat(64)));
  assert.ok(isConfigKey('db_password.txt'));
  assert.ok(!isConfigKey('a/b'));
  assert.equal(configKey('secrets/db password.txt'), 'secrets_db_password.txt');
  assert.ok(isEnvVarName('discovery.type'));
  assert.ok(!isEnvVarName('1VAR'));
  assert.ok(isPortName('tcp-8080'));
  assert.ok(!isPortName('8080'), 'a port name needs a letter');
  assert.ok(!isPortName('a-very-long-port-name'));
});

test('NameTable refuses one name for two owners, naming both', () => {
  const t = new NameTable('Service');
  assert.equal(t.claim('db-main', 'service "db_main"'), 'db-main');
  assert.equal(t.claim('db-main', 'service "db_main"'), 'db-main');
  assert.throws(
    () => t.claim('db-main', 'service "db-main"'),
    (err: unknown) =>
      isComposeError(err, 'CONVERT') && /service "db_main" and service "db-main"/.test(err.message),
  );
});
