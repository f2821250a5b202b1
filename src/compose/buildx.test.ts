import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import {
  builderDriver,
  buildkitEnabled,
  chooseBuilder,
  selectedBuilder,
  unknownBuilder,
  type BuilderWorld,
} from './buildx.js';

function world(env: Record<string, string>, files: Record<string, string> = {}): BuilderWorld {
  return {
    env,
    exists: (p) => Object.hasOwn(files, p),
    readText: (p) => (Object.hasOwn(files, p) ? files[p] : undefined),
    home: '/home/u',
  };
}

test('chooseBuilder finds buildx in DOCKER_CONFIG/cli-plugins before the system directories', () => {
  const w = world(
    { DOCKER_CONFIG: '/cfg' },
    { '/cfg/cli-plugins/docker-buildx': '', '/usr/libexec/docker/cli-plugins/docker-buildx': '' },
  );
  assert.deepEqual(chooseBuilder(w), {
    kind: 'bake',
    buildx: '/cfg/cli-plugins/docker-buildx',
    dockerDriver: true,
  });
});

test('chooseBuilder looks in ~/.docker and the system plugin directories', () => {
  const home = world({}, { '/home/u/.docker/cli-plugins/docker-buildx': '' });
  assert.equal(chooseBuilder(home).kind, 'bake');
  const system = world({}, { '/usr/libexec/docker/cli-plugins/docker-buildx': '' });
  assert.deepEqual(chooseBuilder(system), {
    kind: 'bake',
    buildx: '/usr/libexec/docker/cli-plugins/docker-buildx',
    dockerDriver: true,
  });
});

test('chooseBuilder falls back to the classic builder and says why', () => {
  const none = chooseBuilder(world({}));
  assert.match(JSON.stringify(none), /"kind":"classic".*buildx plugin was not found.*cli-plugins/);
  const off = chooseBuilder(
    world({ DOCKER_BUILDKIT: '0' }, { '/home/u/.docker/cli-plugins/docker-buildx': '' }),
  );
  assert.deepEqual(off, { kind: 'classic', reason: 'DOCKER_BUILDKIT=0 turns BuildKit off' });
});

test('buildkitEnabled reads DOCKER_BUILDKIT as a Go boolean and rejects other values', () => {
  assert.equal(buildkitEnabled({}), true);
  assert.equal(buildkitEnabled({ DOCKER_BUILDKIT: 'true' }), true);
  assert.equal(buildkitEnabled({ DOCKER_BUILDKIT: 'False' }), false);
  assert.throws(
    () => buildkitEnabled({ DOCKER_BUILDKIT: 'yes' }),
    (e: unknown) => isComposeError(e) && /expects boolean value: "yes"/.test(e.message),
  );
});

test('the docker driver follows BUILDX_BUILDER, then the builder chosen with buildx use', () => {
  const plugin = { '/home/u/.docker/cli-plugins/docker-buildx': '' };
  const usesDockerDriver = (w: BuilderWorld): boolean => {
    const choice = chooseBuilder({
      ...w,
      exists: (p) => Object.hasOwn(plugin, p) || w.exists(p),
    });
    return choice.kind === 'bake' && choice.dockerDriver;
  };
  assert.equal(usesDockerDriver(world({})), true);
  assert.equal(usesDockerDriver(world({ BUILDX_BUILDER: 'ci' })), false);
  assert.equal(usesDockerDriver(world({ BUILDX_BUILDER: 'default' })), true);
  const current = { '/home/u/.docker/buildx/current': '{"Key":"k","Name":"ci","Global":false}' };
  assert.equal(usesDockerDriver(world({}, current)), false);
});

test('builderDriver reads buildx instances; default and docker contexts are the docker driver', () => {
  const files = {
    '/cfg/buildx/instances/remote1': '{"Name":"remote1","Driver":"remote","Nodes":[]}',
    // sha256("ctx1")
    '/cfg/contexts/meta/8f9d61fac39402898f831bfec31c774438bb77be6a0cbd47c83cf53d31858372/meta.json':
      '{}',
  };
  const w = world({ DOCKER_CONFIG: '/cfg' }, files);
  assert.equal(builderDriver(w, 'default'), 'docker');
  assert.equal(builderDriver(w, 'remote1'), 'remote');
  assert.equal(builderDriver(w, 'nosuch'), undefined);
  assert.equal(builderDriver(w, 'ctx1'), 'docker');
});

test('chooseBuilder takes --builder over BUILDX_BUILDER and reports an unknown one', () => {
  const files = {
    '/cfg/cli-plugins/docker-buildx': '',
    '/cfg/buildx/instances/bk': '{"Name":"bk","Driver":"remote"}',
  };
  const w = world({ DOCKER_CONFIG: '/cfg', BUILDX_BUILDER: 'default' }, files);
  assert.deepEqual(chooseBuilder(w), {
    kind: 'bake',
    buildx: '/cfg/cli-plugins/docker-buildx',
    dockerDriver: true,
    builder: 'default',
    driver: 'docker',
  });
  const flagged = chooseBuilder(w, 'bk');
  assert.equal(flagged.kind === 'bake' && flagged.dockerDriver, false);
  assert.equal(flagged.kind === 'bake' && flagged.builder, 'bk');
  assert.equal(unknownBuilder(flagged, w), undefined);
  const unknown = chooseBuilder(world({ DOCKER_CONFIG: '/cfg', BUILDX_BUILDER: 'gone' }, files));
  assert.match(
    unknownBuilder(unknown, w) ?? '',
    /no buildx builder "gone" \(looked in \/cfg\/buildx\/instances/,
  );
  assert.equal(selectedBuilder(world({ BUILDX_BUILDER: 'x' }), 'y'), 'y');
});
