import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEngineError } from '../../../src/engine/index.js';
import { engineScope } from '../support/engine.js';

const scope = engineScope('netvol');
const { engine } = scope;

test('networks create, inspect, list by label, connect with aliases, disconnect, remove', async () => {
  const name = scope.name('net');
  const { Id } = await engine.networks.create({
    Name: name,
    Driver: 'bridge',
    CheckDuplicate: true,
    Labels: { ...scope.labels, 'com.docker.compose.network': 'default' },
  });
  const listed = await engine.networks.list({
    filters: { label: [`dev.flotilla.e2e=${scope.prefix}`] },
  });
  assert.deepEqual(
    listed.map((n) => n.Name),
    [name],
  );
  assert.equal((await engine.networks.inspect(name)).Id, Id);

  const c = await engine.containers.create({
    Image: 'busybox',
    Cmd: ['sleep', '300'],
    Labels: scope.labels,
  });
  await engine.containers.start(c.Id);
  await engine.networks.connect(Id, {
    Container: c.Id,
    EndpointConfig: { Aliases: ['web', 'www'] },
  });
  const inspected = await engine.containers.inspect(c.Id);
  assert.deepEqual(
    inspected.NetworkSettings.Networks?.[name]?.Aliases?.filter(
      (a) => a !== c.Id.slice(0, 12),
    ).sort(),
    ['web', 'www'],
  );
  await assert.rejects(
    engine.networks.remove(Id),
    (e: unknown) => isEngineError(e) && e.status >= 400,
  );
  await engine.networks.disconnect(Id, { Container: c.Id });
  await engine.networks.remove(Id);
  await assert.rejects(engine.networks.inspect(Id), (e: unknown) => isEngineError(e, 404));
});

test('volumes create, inspect, list by label, in use, remove', async () => {
  const name = scope.name('vol');
  const v = await engine.volumes.create({ Name: name, Labels: { ...scope.labels, k: 'v' } });
  assert.equal(v.Name, name);
  assert.equal((await engine.volumes.inspect(name)).Labels?.k, 'v');
  const { Volumes } = await engine.volumes.list({
    filters: { label: [`dev.flotilla.e2e=${scope.prefix}`] },
  });
  assert.deepEqual(
    Volumes.map((x) => x.Name),
    [name],
  );
  const c = await engine.containers.create({
    Image: 'busybox',
    Labels: scope.labels,
    HostConfig: { Binds: [`${name}:/data`] },
  });
  await assert.rejects(engine.volumes.remove(name), (e: unknown) => isEngineError(e, 409));
  await engine.containers.remove(c.Id);
  await engine.volumes.remove(name);
  await assert.rejects(engine.volumes.inspect(name), (e: unknown) => isEngineError(e, 404));
});
