import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpecError } from './issues.js';
import { planStack } from './stack-plan.js';
import { testProject, testService } from './stack.fixture.js';

const content = (): Buffer => Buffer.from('data');

test('planStack orders services by dependency and plans the secrets they use', () => {
  const web = testService('web', {
    dependsOn: { db: { condition: 'service_healthy', required: true } },
    secrets: [{ source: 'token' }],
  });
  const db = testService('db');
  const project = testProject([web, db], {
    secrets: {
      token: { name: 'demo_token', file: '/t' },
      unused: { name: 'demo_unused', file: '/u' },
    },
  });
  const plan = planStack({ stack: 'shop', project, apiVersion: '1.41', content, build: false });
  assert.deepEqual(plan.levels, [['db'], ['web']]);
  assert.deepEqual(
    plan.services.map((s) => s.key),
    ['db', 'web'],
  );
  assert.deepEqual(
    plan.secrets.map((s) => s.key),
    ['token'],
  );
  assert.equal(
    plan.services[1].spec.TaskTemplate.ContainerSpec?.Secrets?.[0].SecretName,
    plan.secrets[0].name,
  );
});

test('planStack: a service with only build: needs --build (and then an image to push to)', () => {
  const app = testService('app', { image: undefined, build: { context: '/srv/app' } });
  const project = testProject([app]);
  assert.throws(
    () => planStack({ stack: 'shop', project, apiVersion: '1.41', content, build: false }),
    (err: unknown) =>
      err instanceof SpecError &&
      /--build --push/.test(err.message) &&
      err.path.join('.') === 'services.app.build',
  );
  assert.throws(
    () => planStack({ stack: 'shop', project, apiVersion: '1.41', content, build: true }),
    /name the registry image to push to in image:/,
  );
});

test('planStack reports unsupported fields per service and field, and IPVS needs when told', () => {
  const web = testService('web', {
    privileged: true,
    containerName: 'w',
    ports: [{ target: 80, published: '80', mode: 'ingress' }],
  });
  const built = testService('api', { image: 'reg/api', build: { context: '/srv/api' } });
  const plan = planStack({
    stack: 'shop',
    project: testProject([web, built]),
    apiVersion: '1.41',
    content,
    build: false,
    ipvs: false,
  });
  const found = plan.issues.map((i) => `${i.kind} ${i.path.join('.')}`).sort();
  assert.deepEqual(found, [
    'notice services.api.build',
    'notice services.api.deploy.endpoint_mode',
    'notice services.web.deploy.endpoint_mode',
    'notice services.web.ports',
    'unsupported services.web.container_name',
    'unsupported services.web.privileged',
  ]);
  const message = plan.issues.find((i) => i.path.includes('privileged'))?.message ?? '';
  assert.match(message, /service web: privileged is not supported by Swarm/);
});
