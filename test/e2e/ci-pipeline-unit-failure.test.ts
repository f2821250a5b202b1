// examples/cicd/pipeline.sh on a commit that breaks a unit test: the pipeline stops at the unit
// tests, before anything is pushed or deployed, with a report naming the test service and its
// exit code, and removes its test project. (The green run and the rollback, on the swarm, are
// in swarm-cicd-pipeline.test.ts.)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ensureBuilt } from './support/cli.js';
import {
  assertProjectGone,
  LOCAL_REGISTRY,
  pipelineRepo,
  registryTags,
  stageResults,
  summary,
  type PipelineRepo,
} from './support/cicd-pipeline.js';
import { engineScope } from './support/engine.js';

const scope = engineScope('cicdunit');
const imageRepo = `e2e-cicd-${randomBytes(3).toString('hex')}`;
let repo: PipelineRepo;
let tag = '';

before(async () => {
  ensureBuilt();
  repo = await pipelineRepo();
});

after(async () => {
  if (tag !== '')
    await scope.engine.images
      .remove(`${LOCAL_REGISTRY}/${imageRepo}/web:${tag}`)
      .catch(() => undefined);
  repo.remove();
});

test('a failing unit test stops the pipeline before the push, with a report naming the test service and its exit code', async (t) => {
  repo.edit('app.py', 'Hello World!', 'Hello, World!');
  tag = await repo.commit('a greeting the unit tests do not expect');
  const r = await repo.pipeline({
    IMAGE_REPO: imageRepo,
    PROJECT: scope.prefix,
    // Never reached: the pipeline stops before the release.
    DEPLOY_DOCKER_HOST: 'unix:///nonexistent/flotilla-e2e.sock',
  });
  t.diagnostic(summary(r.stdout));
  assert.equal(r.code, 1, r.stdout);
  assert.deepEqual(stageResults(r.stdout), ['build ok', 'unit FAILED (exit 1)', 'cleanup ok']);
  assert.match(r.stdout, /FAILED tests\/unit\/test_app\.py::test_each_visit_counts/);
  assert.match(r.stdout, /^service "tests": exited with code 1$/m);
  assert.match(r.stdout, /pipeline: failed at stage "unit" \(exit 1\)/);
  assert.doesNotMatch(r.stdout, /==> (integration|push|deploy)/);
  const report = repo.report('unit.json') as {
    command: string;
    exitStatus: number;
    services: { name: string; failure?: { kind: string; exitCode?: number } }[];
  };
  assert.equal(report.command, 'run');
  assert.equal(report.exitStatus, 1);
  assert.deepEqual(
    report.services.map((s) => [s.name, s.failure]),
    [['tests', { kind: 'exited', exitCode: 1 }]],
  );
  assert.deepEqual(await registryTags(imageRepo), [], 'nothing was pushed');
  await assertProjectGone(scope.engine, scope.prefix);
});
