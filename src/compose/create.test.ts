import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discardEvents } from '../api/events.js';
import type { EngineClient } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import type { ComposeContext } from './context.js';
import { createProject } from './create.js';

/** An engine with no images and no registry, recording every call as `group.method`. */
function recordingContext(calls: string[]): ComposeContext {
  const group = (name: string): unknown =>
    new Proxy(
      {},
      {
        get: (_, method: string) => (): Promise<unknown> => {
          calls.push(`${name}.${method}`);
          if (method === 'list') return Promise.resolve(name === 'volumes' ? { Volumes: [] } : []);
          if (name === 'images') return Promise.reject(new Error('registry unreachable'));
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
  return {
    name: 'demo',
    workingDir: '/srv',
    services: {
      app: {
        name: 'app',
        command: null,
        entrypoint: null,
        networks: { default: null },
        ...service,
      },
    },
    disabledServices: {},
    networks: { default: { name: 'demo_default', ipam: {} } },
    volumes: { data: { name: 'demo_data' } },
    secrets: {},
    configs: {},
    models: {},
    extensions: {},
    composeFiles: [],
    environment: {},
    profiles: [],
  };
}

test('createProject touches no network or volume when an image cannot be pulled or built', async () => {
  for (const service of [
    { image: 'nosuch:latest' },
    { build: { context: '/nonexistent/flotilla-build-context' } },
  ] as Partial<ServiceConfig>[]) {
    const calls: string[] = [];
    await assert.rejects(createProject(recordingContext(calls), project(service)));
    assert.ok(calls.length > 0, 'the engine was asked about images');
    assert.deepEqual(
      calls.filter((c) => c.startsWith('networks.') || c.startsWith('volumes.')),
      [],
      JSON.stringify(service),
    );
  }
});
