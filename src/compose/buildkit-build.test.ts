// Whether buildx gathers git information: only when the builder has somewhere to keep it (the
// engine's own BuildKit from Engine 23, API 1.42, or a BuildKit of its own), and always when the
// user set BUILDX_GIT_INFO.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineClient } from '../engine/index.js';
import { bakeEnv } from './bake.js';
import { prepareBuilds } from './buildkit-build.js';
import type { BuilderChoice } from './buildx.js';
import { composeContext, type ComposeContext } from './context.js';
import { testProject } from './project.fixture.js';

function context(apiVersion: string, builder: BuilderChoice): ComposeContext {
  const engine = {
    negotiate: () => Promise.resolve(apiVersion),
    supports: (v: string) => Number(apiVersion.split('.')[1]) >= Number(v.split('.')[1]),
  } as unknown as EngineClient;
  return composeContext({ engine, composeVersion: 'test', builder });
}

const project = testProject([
  {
    name: 'app',
    build: { context: '/srv', dockerfileInline: 'FROM busybox\nRUN true\n' },
    command: null,
    entrypoint: null,
    networks: { default: null },
  },
]);

const engineBuilder: BuilderChoice = {
  kind: 'bake',
  buildx: '/x/docker-buildx',
  dockerDriver: true,
};

test("prepareBuilds turns buildx's git information off for Engine 20.10's own BuildKit only", async () => {
  const old = await prepareBuilds(context('1.41', engineBuilder), project, ['app']);
  assert.equal(old.kind === 'bake' && old.gitInfo, false);
  const modern = await prepareBuilds(context('1.42', engineBuilder), project, ['app']);
  assert.equal(modern.kind === 'bake' && modern.gitInfo, undefined);
  const own: BuilderChoice = {
    kind: 'bake',
    buildx: '/x/docker-buildx',
    dockerDriver: false,
    builder: 'kit',
    driver: 'docker-container',
  };
  const separate = await prepareBuilds(context('1.41', own), project, ['app']);
  assert.equal(separate.kind === 'bake' && separate.gitInfo, undefined);
});

test('bakeEnv sets BUILDX_GIT_INFO=false only when asked and the user did not set it', () => {
  const bake = { secretEnv: { SECRET_VAR: 's' } };
  const env = { PATH: '/bin' };
  assert.equal(bakeEnv(bake, false, env).BUILDX_GIT_INFO, 'false');
  assert.equal(bakeEnv(bake, undefined, env).BUILDX_GIT_INFO, undefined);
  assert.equal(bakeEnv(bake, true, env).BUILDX_GIT_INFO, undefined);
  assert.equal(bakeEnv(bake, false, { ...env, BUILDX_GIT_INFO: '1' }).BUILDX_GIT_INFO, '1');
  const full = bakeEnv(bake, false, env);
  assert.equal(full.SECRET_VAR, 's');
  assert.equal(full.BUILDX_BAKE_ENTITLEMENTS_FS, '0');
  assert.equal(full.PATH, '/bin');
});
