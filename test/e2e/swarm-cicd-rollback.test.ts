// examples/cicd/pipeline.sh releasing a commit whose health check fails on the swarm: the image
// is built and pushed, Swarm rolls the update back (update_config.failure_action: rollback), the
// pipeline's rollback stage finds the previous release running and smoke-tests it, and the
// pipeline fails; every node still answers with the previous release. Both releases run the
// stages build, push, release and cleanup: the tests stages are swarm-cicd-pipeline.test.ts's
// (all of them here would take this file past the e2e runner's time limit per file).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assertProjectGone,
  registryTags,
  stageOutput,
  stageResults,
  summary,
} from './support/cicd-pipeline.js';
import { swarmPipeline } from './support/cicd-swarm.js';
import { waitFor } from './support/swarm.js';

const p = swarmPipeline('cicdroll');

test('a release whose health check fails after the deploy is rolled back, and the previous release still answers', async (t) => {
  const stages = ['build', 'push', 'release', 'cleanup'];
  const good = await p.commit('release 1');
  const first = await p.run(stages);
  assert.equal(first.code, 0, first.stdout);
  assert.deepEqual(stageResults(first.stdout), [
    'build ok',
    'push ok',
    'deploy ok',
    'smoke ok',
    'cleanup ok',
  ]);
  assert.deepEqual(await p.versions(), [good, good, good]);

  // The swarm's health check asks for a path the application does not serve: the tests would
  // pass (they use compose.yaml's check), the new tasks never get healthy on the swarm.
  p.repo().edit(
    'compose.swarm.yaml',
    '      start_period: 10s',
    '      test: ["CMD", "python3", "-c", "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1:5000/ready\', timeout=2)"]\n      start_period: 10s',
  );
  const bad = await p.commit('release 2: a health check that fails');
  const r = await p.run(stages);
  t.diagnostic(summary(r.stdout));
  assert.equal(r.code, 1, r.stdout);
  assert.deepEqual(stageResults(r.stdout), [
    'build ok',
    'push ok',
    'deploy FAILED (exit 1)',
    'rollback ok',
    'cleanup ok',
  ]);
  // The deploy stage's diagnosis says why (the whole output starts with the build's noise).
  const deploy = stageOutput(r.stdout, 'deploy');
  assert.match(deploy, /the update failed and Swarm rolled it back/, deploy);
  assert.match(deploy, /unhealthy/, deploy);
  assert.match(r.stdout, /rollback: Swarm rolled the update back already/);
  assert.match(r.stdout, new RegExp(`smoke: http://\\S+/version is ${good}`));
  assert.match(r.stdout, /pipeline: failed at stage "deploy" \(exit 1\)/);
  const service = await p.swarm.manager.services.inspect(`${p.stack}_web`);
  assert.equal(service.UpdateStatus?.State, 'rollback_completed');
  assert.match(service.Spec.TaskTemplate.ContainerSpec?.Image ?? '', new RegExp(`:${good}@`));
  // Every node answers with the previous release once the rollback's tasks run.
  await waitFor(
    async () => ((await p.versions()).every((v) => v === good) ? true : undefined),
    `every node to answer ${good}`,
    60_000,
  );
  assert.deepEqual((await registryTags(p.imageRepo)).sort(), [good, bad].sort());
  await assertProjectGone(p.scope.engine, p.scope.prefix);
});
