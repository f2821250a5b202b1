import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discardEvents } from '../api/events.js';
import { EngineError, type EngineClient } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import type { ComposeContext } from './context.js';
import { createProject } from './create.js';
import { testProject } from './project.fixture.js';

/**
 * An engine with no registry, recording every call as `group.method` (`networks.list(name)` for
 * a list by name); `images` are the local
 * images (none by default), and a pull fails.
 */
function recordingContext(
  calls: string[],
  images: { Id: string; RepoTags: string[] }[] = [],
  pullable = false,
): ComposeContext {
  const group = (name: string): unknown =>
    new Proxy(
      {},
      {
        get:
          (_, method: string) =>
          (options?: { filters?: { name?: unknown } }): Promise<unknown> => {
            // Lookups of a network by name (is it there, was it made twice) are told apart.
            calls.push(`${name}.${method}${options?.filters?.name === undefined ? '' : '(name)'}`);
            if (name === 'images' && method === 'list') return Promise.resolve(images);
            if (pullable && name === 'images' && method === 'pull') {
              return Promise.resolve((async function* () {})());
            }
            if (pullable && name === 'images' && method === 'inspect') {
              return Promise.resolve({ Id: 'sha256:p' });
            }
            if (method === 'list')
              return Promise.resolve(name === 'volumes' ? { Volumes: [] } : []);
            if (name === 'images') return Promise.reject(new Error('registry unreachable'));
            if (name === 'networks' && method === 'inspect') {
              return Promise.reject(
                new EngineError('no such network', {
                  status: 404,
                  method: 'GET',
                  path: '/networks/x',
                  host: 'test',
                }),
              );
            }
            if (name === 'networks' && method === 'create') return Promise.resolve({ Id: 'n1' });
            return Promise.resolve({});
          },
      },
    );
  const engine = new Proxy(
    {},
    { get: (_, name: string) => group(name) },
  ) as unknown as EngineClient;
  return {
    engine,
    events: discardEvents,
    parallel: -1,
    compatibility: false,
    composeVersion: '0',
    warn: () => undefined,
  };
}

function project(service: Partial<ServiceConfig>): Project {
  const app = {
    name: 'app',
    command: null,
    entrypoint: null,
    networks: { default: null },
    ...service,
  };
  return testProject([app], { volumes: { data: { name: 'demo_data' } } });
}

test('createProject touches no network or volume when an image cannot be pulled or built', async () => {
  for (const service of [
    { image: 'nosuch:latest' },
    { build: { context: '/nonexistent/flotilla-build-context' } },
  ] as Partial<ServiceConfig>[]) {
    const calls: string[] = [];
    await assert.rejects(createProject(recordingContext(calls), project(service)));
    assert.ok(calls.length > 0, 'the engine was asked about images');
    // Reading the project's networks is allowed; creating anything is not.
    assert.deepEqual(
      calls.filter(
        (c) => (c.startsWith('networks.') || c.startsWith('volumes.')) && c !== 'networks.list',
      ),
      [],
      JSON.stringify(service),
    );
  }
});

test('createProject lists the networks while it checks the images, once when all are at hand', async () => {
  const calls: string[] = [];
  const ctx = recordingContext(calls, [{ Id: 'sha256:b', RepoTags: ['busybox:latest'] }]);
  await createProject(ctx, project({ image: 'busybox:latest' })).catch(() => undefined);
  const images = calls.indexOf('images.list');
  const networks = calls.indexOf('networks.list');
  assert.ok(images >= 0 && networks >= 0, calls.join(' '));
  assert.equal(calls.filter((c) => c === 'networks.list').length, 1, calls.join(' '));
  assert.ok(networks < calls.indexOf('networks.create'), calls.join(' '));
});

test('createProject lists the networks again after a pull, which may have taken minutes', async () => {
  const calls: string[] = [];
  const ctx = recordingContext(calls, [], true);
  await createProject(ctx, project({ image: 'busybox:latest' })).catch(() => undefined);
  const lists = calls.flatMap((c, i) => (c === 'networks.list' ? [i] : []));
  assert.equal(lists.length, 2, calls.join(' '));
  assert.ok(lists[1] > calls.indexOf('images.pull'), calls.join(' '));
});
