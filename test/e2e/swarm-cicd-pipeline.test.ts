// The CI/CD pipeline of examples/cicd (pipeline.sh), end to end, as a CI job runs it on a
// commit: built and tested on the main engine (the runner's), pushed to the local registry
// (127.0.0.1:5050, which the swarm nodes reach by that name through relays) tagged with the
// commit id, deployed to the three-node swarm and smoke-tested over HTTP from the cluster's
// network; then a release whose health check fails on the swarm is rolled back, and the
// previous release keeps answering. (A failing unit test: ci-pipeline-unit-failure.test.ts.)
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, repoRoot } from './support/cli.js';
import {
  assertProjectGone,
  LOCAL_REGISTRY,
  pipelineRepo,
  registryTags,
  stageResults,
  type PipelineRepo,
} from './support/cicd-pipeline.js';
import { engineScope } from './support/engine.js';
import { relayRegistryToNodes, type RegistryRelay } from './support/registry-relay.js';
import {
  curlFromHub,
  dockerOn,
  MANAGER,
  NODE_ADDRESSES,
  removeEverywhere,
  swarmScope,
  waitFor,
} from './support/swarm.js';

const swarm = swarmScope('cicd');
const scope = engineScope('cicd');
const stack = swarm.stack('1');
const imageRepo = `e2e-cicd-${randomBytes(3).toString('hex')}`;
const port = 15000 + randomInt(1000);
const released: string[] = [];
let relay: RegistryRelay | undefined;
let repo: PipelineRepo | undefined;

function pipeline(): ReturnType<PipelineRepo['pipeline']> {
  assert.ok(repo !== undefined);
  return repo.pipeline({
    IMAGE_REPO: imageRepo,
    PROJECT: scope.prefix,
    STACK: stack,
    DEPLOY_DOCKER_HOST: MANAGER,
    WEB_PORT: String(port),
    SMOKE_URL: `http://${NODE_ADDRESSES[0]}:${port}`,
    SMOKE_CURL: `bash ${join(repoRoot, 'scripts/setup/swarm-cluster.sh')} hub curl`,
    WAIT_TIMEOUT: '240',
  });
}

/** `GET /version` of each node, from the cluster's network. */
function versions(): Promise<(string | undefined)[]> {
  return Promise.all(
    NODE_ADDRESSES.map(async (a) => (await curlFromHub(`http://${a}:${port}/version`))?.trim()),
  );
}

before(
  async () => {
    ensureBuilt();
    relay = await relayRegistryToNodes(5050);
    repo = await pipelineRepo();
  },
  { timeout: 120_000 },
);

after(
  async () => {
    try {
      await removeEverywhere(swarm.nodes, stack);
      // The images this file tagged or made the nodes pull; the registry's tags are unique to
      // this run (its repository name and commit ids).
      for (const tag of released) {
        await scope.engine.images
          .remove(`${LOCAL_REGISTRY}/${imageRepo}/web:${tag}`)
          .catch(() => undefined);
      }
      // The nodes pulled them by digest: untagged, found by repository.
      for (const n of [1, 2, 3]) {
        const ids = await dockerOn(n, ['image', 'ls', '-q', `${LOCAL_REGISTRY}/${imageRepo}/web`]);
        const unique = [...new Set(ids.stdout.split('\n').filter((id) => id !== ''))];
        if (unique.length > 0) await dockerOn(n, ['image', 'rm', ...unique]);
      }
    } finally {
      await relay?.stop();
      repo?.remove();
    }
  },
  { timeout: 300_000 },
);

let good = '';

test('the pipeline is green end to end: tested, pushed with the commit id, deployed to every node, smoke-tested', async () => {
  assert.ok(repo !== undefined);
  good = await repo.commit('release 1');
  released.push(good);
  const r = await pipeline();
  assert.equal(r.code, 0, r.stdout);
  assert.deepEqual(stageResults(r.stdout), [
    'build ok',
    'unit ok',
    'integration ok',
    'push ok',
    'deploy ok',
    'smoke ok',
    'cleanup ok',
  ]);
  assert.match(r.stdout, /5 passed/);
  assert.match(r.stdout, /3 passed/);
  assert.match(r.stdout, new RegExp(`smoke: http://\\S+/version is ${good}`));
  assert.deepEqual(await registryTags(imageRepo), [good]);
  const service = await swarm.manager.services.inspect(`${stack}_web`);
  assert.match(
    service.Spec.TaskTemplate.ContainerSpec?.Image ?? '',
    new RegExp(`^${LOCAL_REGISTRY}/${imageRepo}/web:${good}@sha256:[0-9a-f]{64}$`),
  );
  assert.equal(service.Spec.UpdateConfig?.FailureAction, 'rollback');
  assert.deepEqual(await versions(), [good, good, good]);
  // The integration stage's reports were written, and say it passed.
  for (const [file, command] of [
    ['up.json', 'up'],
    ['integration.json', 'run'],
  ]) {
    const report = repo.report(file) as { command: string; exitStatus: number };
    assert.deepEqual([report.command, report.exitStatus], [command, 0]);
  }
  await assertProjectGone(scope.engine, scope.prefix);
});

test('a release whose health check fails after the deploy is rolled back, and the previous release still answers', async () => {
  assert.ok(repo !== undefined && good !== '', 'needs the release of the previous test');
  // The swarm's health check asks for a path the application does not serve: the tests pass
  // (they use compose.yaml's check), the new tasks never get healthy on the swarm.
  repo.edit(
    'compose.swarm.yaml',
    '      start_period: 10s',
    '      test: ["CMD", "python3", "-c", "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1:5000/ready\', timeout=2)"]\n      start_period: 10s',
  );
  const bad = await repo.commit('release 2: a health check that fails');
  released.push(bad);
  const r = await pipeline();
  assert.equal(r.code, 1, r.stdout);
  assert.deepEqual(stageResults(r.stdout), [
    'build ok',
    'unit ok',
    'integration ok',
    'push ok',
    'deploy FAILED (exit 1)',
    'rollback ok',
    'cleanup ok',
  ]);
  assert.match(r.stdout, /the update failed and Swarm rolled it back/);
  assert.match(r.stdout, /unhealthy/);
  assert.match(r.stdout, /rollback: Swarm rolled the update back already/);
  assert.match(r.stdout, new RegExp(`smoke: http://\\S+/version is ${good}`));
  assert.match(r.stdout, /pipeline: failed at stage "deploy" \(exit 1\)/);
  const service = await swarm.manager.services.inspect(`${stack}_web`);
  assert.equal(service.UpdateStatus?.State, 'rollback_completed');
  assert.match(service.Spec.TaskTemplate.ContainerSpec?.Image ?? '', new RegExp(`:${good}@`));
  // Every node answers with the previous release once the rollback's tasks run.
  await waitFor(
    async () => ((await versions()).every((v) => v === good) ? true : undefined),
    `every node to answer ${good}`,
    60_000,
  );
  assert.deepEqual((await registryTags(imageRepo)).sort(), [good, bad].sort());
  await assertProjectGone(scope.engine, scope.prefix);
});
