// down's network removal against a fake engine: Engine 20.10 may count the endpoint of a
// container it has just removed for a moment, so an in-use network is tried again before the
// warning that a container of another project still uses it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProgressEvent } from '../api/events.js';
import { EngineError, type EngineClient } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { down } from './down.js';
import { testProject } from './project.fixture.js';

const project = testProject([]);

/** A context whose engine refuses to remove demo_default `busy` times ("active endpoints"). */
function context(busy: number): {
  ctx: ComposeContext;
  events: ProgressEvent[];
  removes: () => number;
} {
  let removes = 0;
  const events: ProgressEvent[] = [];
  const engine = {
    containers: { list: () => Promise.resolve([]) },
    networks: {
      list: () =>
        Promise.resolve([
          {
            Name: 'demo_default',
            Labels: {
              'com.docker.compose.project': 'demo',
              'com.docker.compose.network': 'default',
            },
          },
        ]),
      remove: () => {
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
        return Promise.resolve();
      },
    },
  } as unknown as EngineClient;
  const ctx: ComposeContext = {
    engine,
    events: (e) => events.push(e),
    parallel: -1,
    compatibility: false,
    composeVersion: 'test',
    warn: () => undefined,
  };
  return { ctx, events, removes: () => removes };
}

const last = (events: readonly ProgressEvent[]): string | undefined =>
  events.filter((e) => e.id === 'Network demo_default').at(-1)?.text;

test('down removes a network the engine still counts as in use for a moment', async () => {
  const { ctx, events, removes } = context(2);
  await down(ctx, project);
  assert.equal(removes(), 3);
  assert.equal(last(events), 'Removed');
});

test('down reports a network that stays in use, after retrying, and does not fail', async () => {
  const { ctx, events, removes } = context(Infinity);
  await down(ctx, project);
  assert.equal(removes(), 5);
  assert.equal(last(events), 'Resource is still in use');
});
