import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configReferences, fileObjectPlan, secretReferences } from './file-objects.js';
import { testService } from './stack.fixture.js';

const project = { name: 'demo' };

test('fileObjectPlan names a secret after its content, so a new content is a new object', () => {
  const object = { name: 'demo_token', file: '/srv/token' };
  const a = fileObjectPlan('secret', 'shop', project, 'token', object, Buffer.from('one'));
  const b = fileObjectPlan('secret', 'shop', project, 'token', object, Buffer.from('two'));
  const again = fileObjectPlan('secret', 'shop', project, 'token', object, Buffer.from('one'));
  assert.match(a.name, /^shop_token_[0-9a-f]{12}$/);
  assert.notEqual(a.name, b.name);
  assert.equal(a.name, again.name);
  assert.deepEqual(a.spec, {
    Name: a.name,
    Labels: { 'com.docker.stack.namespace': 'shop' },
    Data: Buffer.from('one').toString('base64'),
  });
  assert.equal(a.external, false);
});

test('fileObjectPlan: a given name is kept as the base, an external object as it is', () => {
  const named = fileObjectPlan(
    'config',
    'shop',
    project,
    'conf',
    { name: 'site-conf', content: 'x' },
    Buffer.from('x'),
  );
  assert.match(named.name, /^site-conf_[0-9a-f]{12}$/);
  const external = fileObjectPlan(
    'secret',
    'shop',
    project,
    'key',
    { name: 'prod-key', external: true },
    undefined,
  );
  assert.deepEqual(external, { key: 'key', name: 'prod-key', external: true, spec: undefined });
  const long = fileObjectPlan(
    'config',
    's'.repeat(60),
    project,
    'conf',
    { name: 'demo_conf' },
    Buffer.from('x'),
  );
  assert.ok(long.name.length <= 64, long.name);
  assert.throws(
    () => fileObjectPlan('secret', 'shop', project, 'empty', { name: 'demo_empty' }, undefined),
    /secret empty has no content/,
  );
});

test('references default the target to the key, mode to 0444, owner to root, sorted by name', () => {
  const s = testService('web', {
    secrets: [
      { source: 'b', target: '/run/secrets/b' },
      { source: 'a', target: '/etc/a', uid: '1000', gid: '1000', mode: 0o400 },
    ],
    configs: [{ source: 'c' }],
  });
  const names = new Map([
    ['a', 'shop_a_1'],
    ['b', 'shop_b_2'],
    ['c', 'shop_c_3'],
  ]);
  assert.deepEqual(secretReferences(s, names), [
    {
      File: { Name: '/etc/a', UID: '1000', GID: '1000', Mode: 0o400 },
      SecretID: '',
      SecretName: 'shop_a_1',
    },
    { File: { Name: 'b', UID: '0', GID: '0', Mode: 0o444 }, SecretID: '', SecretName: 'shop_b_2' },
  ]);
  assert.deepEqual(configReferences(s, names), [
    { File: { Name: 'c', UID: '0', GID: '0', Mode: 0o444 }, ConfigID: '', ConfigName: 'shop_c_3' },
  ]);
});

test('fileObjectPlan: template_driver and a secret driver are in the spec and in the name', () => {
  const plain = fileObjectPlan(
    'config',
    'shop',
    project,
    'site',
    { name: 'demo_site', file: '/srv/site.tmpl' },
    Buffer.from('{{ .Service.Name }}'),
  );
  const templated = fileObjectPlan(
    'config',
    'shop',
    project,
    'site',
    { name: 'demo_site', file: '/srv/site.tmpl', templateDriver: 'golang', labels: { a: 'b' } },
    Buffer.from('{{ .Service.Name }}'),
  );
  assert.deepEqual(templated.spec, {
    Name: templated.name,
    Labels: { a: 'b', 'com.docker.stack.namespace': 'shop' },
    Data: Buffer.from('{{ .Service.Name }}').toString('base64'),
    Templating: { Name: 'golang' },
  });
  // Swarm cannot change a template driver or labels in place: they make another object.
  assert.notEqual(templated.name, plain.name);
  const vault = fileObjectPlan(
    'secret',
    'shop',
    project,
    'db',
    { name: 'demo_db', driver: 'vault', driverOpts: { path: 'db' } },
    undefined,
  );
  assert.deepEqual(vault.spec, {
    Name: vault.name,
    Labels: { 'com.docker.stack.namespace': 'shop' },
    Driver: { Name: 'vault', Options: { path: 'db' } },
  });
});
