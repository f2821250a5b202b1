// down's network removal against a fake engine: Engine 20.10 may count the endpoint of a
// container it has just removed for a while, so an in-use network is tried again; a container of
// another project that still uses it is named in a warning at once. Two networks of the same
// name (two ups started together) are both removed, by ID. However many services there are, at
// most STOP_WAVE containers are stopped and removed at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProgressEvent } from '../api/events.js';
import { EngineError, type EngineClient } from '../engine/index.js';
import type { ServiceConfig } from '../model/service.js';
import type { ComposeContext } from './context.js';
import { down } from './down.js';
import { testProject } from './project.fixture.js';
import { releaseCounter, runningContainers, serviceNames } from './release-counter.fixture.js';
import { STOP_WAVE } from './stop-waves.js';

const project = testProject([]);

const labels = { 'com.docker.compose.project': 'demo', 'com.docker.compose.network': 'default' };

/**
 * A context whose engine refuses to remove demo_default `busy` times ("active endpoints"),
 * listing `holders` on it meanwhile, with `copies` networks of that name.
 */
function context(
  busy: number,
  holders: Record<string, { Name: string }> = {},
  copies = 1,
): {
  ctx: ComposeContext;
  events: ProgressEvent[];
  warnings: string[];
  removes: () => number;
  removed: string[];
} {
  let removes = 0;
  const removed: string[] = [];
  const events: ProgressEvent[] = [];
  const warnings: string[] = [];
  const engine = {
    containers: { list: () => Promise.resolve([]) },
    networks: {
      list: () =>
        Promise.resolve(
          Array.from({ length: copies }, (_, i) => ({
            Id: `n${i}`,
            Name: 'demo_default',
            Labels: labels,
          })),
        ),
      inspect: () => Promise.resolve({ Containers: holders }),
      remove: (id: string) => {
        removes++;
        if (removes <= busy) {
          return Promise.reject(
            new EngineError(
              'error while removing network: network demo_default id 1f has active endpoints',
              {
                status: 403,
                method: 'DELETE',
                path: '/networks/demo_default',
                host: 'unix:///fake.sock',
              },
            ),
          );
        }
        removed.push(id);
        return Promise.resolve();
      },
    },
  } as unknown as EngineClient;
  const ctx = contextOf(engine, events, warnings);
  return { ctx, events, warnings, removes: () => removes, removed };
}

/** A context on `engine` that keeps its events and warnings in the lists given. */
function contextOf(
  engine: EngineClient,
  events: ProgressEvent[] = [],
  warnings: string[] = [],
): ComposeContext {
  return {
    engine,
    events: (e) => events.push(e),
    parallel: -1,
    compatibility: false,
    composeVersion: 'test',
    warn: (m) => warnings.push(m),
  };
}

const last = (events: readonly ProgressEvent[]): string | undefined =>
  events.filter((e) => e.id === 'Network demo_default').at(-1)?.text;

test('down removes a network the engine still counts as in use for a moment', async () => {
  const { ctx, events, removes } = context(2);
  await down(ctx, project);
  assert.equal(removes(), 3);
  assert.equal(last(events), 'Removed');
});

test('down names the container of another project that keeps a network, and does not fail', async () => {
  const { ctx, events, warnings, removes } = context(Infinity, { abc: { Name: 'other-web-1' } });
  await down(ctx, project);
  assert.equal(removes(), 1);
  assert.equal(last(events), 'Resource is still in use');
  assert.deepEqual(warnings, [
    'network demo_default was not removed: containers other-web-1 still use it',
  ]);
});

test('down removes both networks of a name that two runs created, by ID', async () => {
  const { ctx, events, removed } = context(0, {}, 2);
  await down(ctx, project);
  assert.deepEqual(removed.sort(), ['n0', 'n1']);
  assert.equal(last(events), 'Removed');
});

test('down of many services releases at most STOP_WAVE containers at once, across services', async () => {
  // 40 independent services of one running container each: down removes each service's
  // containers in a call of its own, all at once, and the calls share the slots.
  const names = serviceNames(40);
  const services = names.map((name) => ({ name }) as ServiceConfig);
  const containers = runningContainers(names, 'c');
  const counter = releaseCounter();
  const engine = {
    containers: {
      list: () => Promise.resolve(containers),
      stop: counter.stop,
      remove: counter.remove,
    },
    networks: {
      list: () => Promise.resolve([{ Id: 'n0', Name: 'demo_default', Labels: labels }]),
      remove: () => Promise.resolve(),
    },
  } as unknown as EngineClient;
  await down(contextOf(engine), testProject(services), { timeout: 0 });
  assert.equal(counter.removed.length, 40);
  assert.equal(counter.most(), STOP_WAVE);
});
