// The CI/CD pipeline of examples/cicd (pipeline.sh), end to end, as a CI job runs it on a
// commit: built and tested on the main engine (the runner's), pushed to the local registry
// (127.0.0.1:5050, which the swarm nodes reach by that name through relays) tagged with the
// commit id, deployed to the three-node swarm and smoke-tested over HTTP from the cluster's
// network. (A failed release rolled back: swarm-cicd-rollback.test.ts; a failing unit test:
// ci-pipeline-unit-failure.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assertProjectGone,
  LOCAL_REGISTRY,
  registryTags,
  stageResults,
  summary,
} from './support/cicd-pipeline.js';
import { swarmPipeline } from './support/cicd-swarm.js';

const p = swarmPipeline('cicd');

test('the pipeline is green end to end: tested, pushed with the commit id, deployed to every node, smoke-tested', async (t) => {
  const tag = await p.commit('release 1');
  const r = await p.run();
  t.diagnostic(summary(r.stdout));
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
  assert.match(r.stdout, new RegExp(`smoke: http://\\S+/version is ${tag}`));
  assert.deepEqual(await registryTags(p.imageRepo), [tag]);
  const service = await p.swarm.manager.services.inspect(`${p.stack}_web`);
  assert.match(
    service.Spec.TaskTemplate.ContainerSpec?.Image ?? '',
    new RegExp(`^${LOCAL_REGISTRY}/${p.imageRepo}/web:${tag}@sha256:[0-9a-f]{64}$`),
  );
  assert.equal(service.Spec.UpdateConfig?.FailureAction, 'rollback');
  assert.deepEqual(await p.versions(), [tag, tag, tag]);
  // The integration stage's reports were written, and say it passed.
  for (const [file, command] of [
    ['up.json', 'up'],
    ['integration.json', 'run'],
  ]) {
    const report = p.repo().report(file) as { command: string; exitStatus: number };
    assert.deepEqual([report.command, report.exitStatus], [command, 0]);
  }
  await assertProjectGone(p.scope.engine, p.scope.prefix);
});
