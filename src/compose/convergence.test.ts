import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerSummary } from '../engine/index.js';
import { DependencyCycleError } from '../model/graph.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { divergence, effectiveScale, resolveServiceReferences, scaleDown } from './convergence.js';
import { findOrphans, orphanWarning, selectServices } from './create.js';
import { inDependencyOrder, limitConcurrency } from './parallel.js';
import { testProject } from './project.fixture.js';
import { unreachableDependencies } from './reachability.js';

function service(name: string, fields: Partial<ServiceConfig> = {}): ServiceConfig {
  return { name, command: null, entrypoint: null, networks: { default: null }, ...fields };
}

const project = testProject;

function container(
  name: string,
  labels: Record<string, string>,
  state: ContainerSummary['State'] = 'running',
  networks: Record<string, { NetworkID: string }> = {},
): ContainerSummary {
  return {
    Id: `${name}-id`,
    Names: [`/${name}`],
    Image: 'busybox',
    ImageID: 'sha256:1',
    Command: '',
    Created: 0,
    Ports: [],
    Labels: labels,
    State: state,
    Status: '',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: networks },
    Mounts: [],
  };
}

describe('convergence', () => {
  it('scaleDown drops the temporary twin of an interrupted recreate, keeping the final name', () => {
    const labels = { 'com.docker.compose.container-number': '1' };
    const final = container('p-web-1', labels);
    const twin = container('0123456789ab_p-web-1', labels);
    const temporary = (c: ContainerSummary): boolean => c.Names[0].includes('_');
    for (const order of [
      [final, twin],
      [twin, final],
    ]) {
      const { keep, excess } = scaleDown(order, 1, () => false, temporary);
      assert.deepEqual(
        keep.map((c) => c.Id),
        ['p-web-1-id'],
      );
      assert.deepEqual(
        excess.map((c) => c.Id),
        ['0123456789ab_p-web-1-id'],
      );
    }
  });

  it('divergence detects a changed hash, image or missing network', () => {
    const labels = {
      'com.docker.compose.config-hash': 'h1',
      'com.docker.compose.image': 'sha256:a',
    };
    const c = container('demo-web-1', labels, 'running', { demo_default: { NetworkID: 'n1' } });
    const networks = new Map([['demo_default', 'n1']]);
    assert.equal(divergence(c, { hash: 'h1', imageId: 'sha256:a', networks }), undefined);
    assert.equal(divergence(c, { hash: 'h2' }), 'configuration changed');
    assert.equal(divergence(c, { hash: 'h1', imageId: 'sha256:b' }), 'image changed');
    assert.equal(
      divergence(c, { hash: 'h1', networks: new Map([['demo_default', 'n2']]) }),
      'not attached to network demo_default',
    );
    const stopped = container('demo-web-1', labels, 'exited');
    assert.equal(divergence(stopped, { hash: 'h1', networks }), undefined);
  });

  it('effectiveScale prefers --scale, then scale, then deploy.replicas', () => {
    const s = service('web', { scale: 2, deploy: { replicas: 3, resources: {}, placement: {} } });
    assert.equal(effectiveScale(s, { web: 5 }), 5);
    assert.equal(effectiveScale(s, {}), 2);
    assert.equal(
      effectiveScale(
        service('x', { deploy: { replicas: 0, resources: {}, placement: {} } }),
        undefined,
      ),
      0,
    );
    assert.equal(effectiveScale(service('x'), undefined), 1);
  });

  it('resolveServiceReferences rewrites service: references to containers', () => {
    const s = service('side', {
      networkMode: 'service:db',
      ipc: 'service:db',
      volumesFrom: ['db:ro', 'container:x'],
    });
    const out = resolveServiceReferences(s, (n) => (n === 'db' ? 'abc' : undefined));
    assert.equal(out.networkMode, 'container:abc');
    assert.equal(out.ipc, 'container:abc');
    assert.deepEqual(out.volumesFrom, ['container:abc:ro', 'container:x']);
  });

  it('findOrphans counts unknown services and exited one-offs, not disabled services', () => {
    const p: Project = {
      ...project([service('web')]),
      disabledServices: { debug: service('debug') },
    };
    const svc = (s: string, oneoff = 'False') => ({
      'com.docker.compose.service': s,
      'com.docker.compose.oneoff': oneoff,
    });
    const list = [
      container('demo-web-1', svc('web')),
      container('demo-old-1', svc('old')),
      container('demo-debug-1', svc('debug')),
      container('demo-web-run-1', svc('web', 'True'), 'exited'),
      container('demo-web-run-2', svc('web', 'True'), 'running'),
    ];
    const orphans = findOrphans(p, list);
    assert.deepEqual(
      orphans.map((c) => c.Names[0]),
      ['/demo-old-1', '/demo-web-run-1'],
    );
    assert.equal(
      orphanWarning(orphans),
      'Found orphan containers (demo-old-1, demo-web-run-1) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.',
    );
  });

  it('selectServices adds dependencies unless noDeps, and rejects unknown names', () => {
    const p = project([
      service('db'),
      service('web', { dependsOn: { db: { condition: 'service_started', required: true } } }),
      service('other'),
    ]);
    assert.deepEqual(selectServices(p, ['web']), ['db', 'web']);
    assert.deepEqual(selectServices(p, ['web'], true), ['web']);
    assert.deepEqual(selectServices(p, undefined), ['db', 'web', 'other']);
    assert.throws(() => selectServices(p, ['nope']), /no such service: nope/);
  });

  it('unreachableDependencies names both services and their networks', () => {
    const p = project(
      [
        service('redis', { networks: { back: null } }),
        service('web', { dependsOn: { redis: { condition: 'service_started', required: true } } }),
        service('worker', {
          networks: { back: null },
          dependsOn: { redis: { condition: 'service_started', required: true } },
        }),
      ],
      {
        networks: {
          default: { name: 'demo_default', ipam: {} },
          back: { name: 'demo_back', ipam: {} },
        },
      },
    );
    assert.deepEqual(unreachableDependencies(p), [
      'service "web" depends on "redis", but they share no network: "web" is on "default" and "redis" is on "back", so "web" cannot reach "redis" by name. Put both on a common network.',
    ]);
  });
});

describe('parallel', () => {
  const graph = (edges: Record<string, string[]>): Project =>
    project(
      Object.entries(edges).map(([name, deps]) =>
        service(name, {
          dependsOn: Object.fromEntries(
            deps.map((d) => [d, { condition: 'service_started', required: true }]),
          ),
        }),
      ),
    );

  it('inDependencyOrder runs dependencies first and independent services together', async () => {
    const log: string[] = [];
    const p = graph({ web: ['db', 'cache'], db: [], cache: [] });
    await inDependencyOrder(p, ['web', 'db', 'cache'], async (s) => {
      log.push(`start ${s}`);
      await new Promise((r) => setTimeout(r, 10));
      log.push(`end ${s}`);
    });
    assert.deepEqual(log.slice(0, 2).sort(), ['start cache', 'start db']);
    assert.equal(log[4], 'start web');
  });

  it('inDependencyOrder runs dependents first when asked, skipping unselected services', async () => {
    const log: string[] = [];
    const p = graph({ web: ['api'], api: ['db'], db: [], other: [] });
    await inDependencyOrder(
      p,
      ['db', 'web', 'gone'],
      (s) => {
        log.push(s);
        return Promise.resolve();
      },
      'dependents-first',
    );
    // api is not selected: web and db no longer wait for each other, and run in the order given.
    assert.deepEqual(log, ['db', 'web']);
  });

  it('inDependencyOrder does not run dependents of a failed service', async () => {
    const ran: string[] = [];
    const p = graph({ web: ['db'], db: [] });
    await assert.rejects(
      inDependencyOrder(p, ['db', 'web'], (s) => {
        ran.push(s);
        return s === 'db' ? Promise.reject(new Error('db failed')) : Promise.resolve();
      }),
      /db failed/,
    );
    assert.deepEqual(ran, ['db']);
  });

  it('inDependencyOrder refuses a cycle among the services before running any', async () => {
    const ran: string[] = [];
    const p = graph({ a: ['b'], b: ['a'], c: [] });
    const task = (s: string): Promise<void> => {
      ran.push(s);
      return Promise.resolve();
    };
    await assert.rejects(
      inDependencyOrder(p, ['c', 'a', 'b'], task),
      (err: unknown) =>
        err instanceof DependencyCycleError &&
        err.message === 'dependency cycle detected: a -> b -> a',
    );
    assert.deepEqual(ran, []);
    // The cycle runs through a service left out: nothing waits in a circle.
    await inDependencyOrder(p, ['a', 'c'], task);
    assert.deepEqual(ran, ['a', 'c']);
  });

  it('limitConcurrency bounds the tasks running at once', async () => {
    const limit = limitConcurrency(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    assert.equal(peak, 2);
  });
});
