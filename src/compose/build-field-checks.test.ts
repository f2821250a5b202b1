import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceConfig } from '../model/service.js';
import { buildFieldProblems, cacheSpecProblem } from './build-field-checks.js';

test('cacheSpecProblem accepts what buildx reads: references, known types with what they need', () => {
  assert.equal(cacheSpecProblem('registry.example/app:cache', 'from'), undefined);
  assert.equal(cacheSpecProblem('a/b:1,c/d:2', 'from'), undefined);
  assert.equal(cacheSpecProblem('type=local,src=./cache', 'from'), undefined);
  assert.equal(cacheSpecProblem('type=local,dest=./cache,mode=max', 'to'), undefined);
  assert.equal(cacheSpecProblem('type=registry,ref=r/app:cache', 'to'), undefined);
  assert.equal(cacheSpecProblem('type=inline', 'to'), undefined);
  assert.equal(cacheSpecProblem('"type=local","dest=a,b"', 'to'), undefined);
});

test('cacheSpecProblem says what is wrong with a spec', () => {
  assert.match(cacheSpecProblem('type=nosuch,dest=x', 'to') ?? '', /unknown cache type "nosuch"/);
  assert.match(cacheSpecProblem('dest=x', 'to') ?? '', /type is missing/);
  assert.match(cacheSpecProblem('type=local,oops', 'to') ?? '', /"oops" is not key=value/);
  assert.match(cacheSpecProblem('type=local,src=x', 'to') ?? '', /type=local needs dest=DIR/);
  assert.match(cacheSpecProblem('type=local,dest=x', 'from') ?? '', /type=local needs src=DIR/);
  assert.match(cacheSpecProblem('type=registry', 'from') ?? '', /needs ref=IMAGE/);
  assert.match(cacheSpecProblem('type=inline', 'from') ?? '', /type=registry,ref=IMAGE/);
  assert.match(cacheSpecProblem('type=local,dest=x,mode=all', 'to') ?? '', /mode=all/);
  assert.match(cacheSpecProblem('"type=local', 'to') ?? '', /quote is not closed/);
});

test('buildFieldProblems names the model path and value of each refused entry', () => {
  const service: ServiceConfig = {
    name: 'web',
    command: null,
    entrypoint: null,
    build: {
      context: '/p',
      cacheFrom: ['ok/ref:1', 'type=local'],
      cacheTo: ['type=local,dest=/c'],
      ssh: [{ id: '', path: '/p/key' }, { id: 'deploy', path: '/missing' }, { id: 'default' }],
    },
  };
  const problems = buildFieldProblems(service, (p) => p === '/p/key');
  assert.deepEqual(
    problems.map((p) => [p.path.join('.'), p.value]),
    [
      ['services.web.build.cache_from.1', 'type=local'],
      ['services.web.build.ssh.0', '=/p/key'],
      ['services.web.build.ssh.1', 'deploy=/missing'],
    ],
  );
  assert.match(problems[2].why, /\/missing does not exist/);
});
