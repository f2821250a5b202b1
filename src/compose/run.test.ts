import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { containerCreateBody } from './container-config.js';
import { testProject } from './project.fixture.js';
import { oneoffService } from './run.js';

const web: ServiceConfig = {
  name: 'web',
  image: 'busybox',
  command: ['sleep', '3600'],
  entrypoint: null,
  environment: { KEEP: 'service', OVERRIDE: 'service' },
  labels: { team: 'a', tier: 'front' },
  ports: [{ target: 80, published: '8080', protocol: 'tcp', mode: 'ingress' }],
  volumes: [{ type: 'volume', source: 'data', target: '/data' }],
  capAdd: ['NET_ADMIN'],
  restart: 'always',
  deploy: { restartPolicy: { condition: 'any' }, replicas: 3, resources: {}, placement: {} },
  networks: { default: { aliases: ['www'] } },
  user: 'nobody',
  workingDir: '/srv',
};

const project: Project = testProject([web], {
  workingDir: '/srv/demo',
  composeFiles: ['/srv/demo/compose.yaml'],
});

describe('oneoffService', () => {
  it('oneoffService drops ports, restart policies and scale and names the container', () => {
    const s = oneoffService(web, { service: 'web' }, 'demo-web-run-0123456789ab');
    assert.equal(s.ports, undefined);
    assert.equal(s.restart, undefined);
    assert.equal(s.deploy?.restartPolicy, undefined);
    assert.equal(s.deploy?.replicas, 3);
    assert.equal(s.scale, 1);
    assert.equal(s.containerName, 'demo-web-run-0123456789ab');
    assert.deepEqual(s.command, ['sleep', '3600']);
    assert.equal(s.tty, false);
    assert.equal(s.stdinOpen, false);
  });

  it('oneoffService keeps the service ports with servicePorts and adds published ones', () => {
    const extra = { target: 9000 };
    assert.deepEqual(oneoffService(web, { service: 'web', publish: [extra] }, 'x').ports, [extra]);
    assert.deepEqual(
      oneoffService(web, { service: 'web', servicePorts: true, publish: [extra] }, 'x').ports,
      [...(web.ports ?? []), extra],
    );
  });

  it('oneoffService lets the command replace the service command and the entrypoint clear it', () => {
    assert.deepEqual(oneoffService(web, { service: 'web', command: ['id'] }, 'x').command, ['id']);
    const entry = oneoffService(web, { service: 'web', entrypoint: ['sh', '-c'] }, 'x');
    assert.deepEqual(entry.entrypoint, ['sh', '-c']);
    assert.deepEqual(entry.command, []);
    const both = oneoffService(
      web,
      { service: 'web', entrypoint: ['sh', '-c'], command: ['echo hi'] },
      'x',
    );
    assert.deepEqual(both.command, ['echo hi']);
  });

  it('oneoffService merges environment, labels, volumes and capabilities over the service', () => {
    const s = oneoffService(
      web,
      {
        service: 'web',
        env: ['OVERRIDE=run', 'ADDED=1', 'BARE'],
        labels: { tier: 'oneoff', extra: 'x' },
        volumes: [{ type: 'bind', source: '/host', target: '/mnt' }],
        capAdd: ['SYS_TIME'],
        capDrop: ['MKNOD'],
        user: '1000',
        workdir: '/tmp',
        tty: true,
        interactive: true,
      },
      'x',
    );
    assert.deepEqual(s.environment, { KEEP: 'service', OVERRIDE: 'run', ADDED: '1', BARE: null });
    assert.deepEqual(s.labels, { team: 'a', tier: 'oneoff', extra: 'x' });
    assert.deepEqual(
      s.volumes?.map((v) => v.target),
      ['/data', '/mnt'],
    );
    assert.deepEqual(s.capAdd, ['NET_ADMIN', 'SYS_TIME']);
    assert.deepEqual(s.capDrop, ['MKNOD']);
    assert.equal(s.user, '1000');
    assert.equal(s.workingDir, '/tmp');
    assert.equal(s.tty, true);
    assert.equal(s.stdinOpen, true);
  });
});

describe('one-off container bodies', () => {
  const body = (useAliases: boolean) =>
    containerCreateBody({
      project,
      service: oneoffService(web, { service: 'web' }, 'demo-web-run-0123456789ab'),
      name: 'demo-web-run-0123456789ab',
      number: 0,
      configHash: 'b'.repeat(64),
      composeVersion: '2.40.3',
      oneoff: true,
      slug: '0123456789ab'.padEnd(64, 'c'),
      useAliases,
    }).body;

  it('a one-off is labelled oneoff=True with its slug and no container number', () => {
    const labels = body(false).Labels ?? {};
    assert.equal(labels['com.docker.compose.oneoff'], 'True');
    assert.equal(labels['com.docker.compose.slug'], '0123456789ab'.padEnd(64, 'c'));
    assert.equal(labels['com.docker.compose.container-number'], undefined);
    assert.equal(body(false).HostConfig?.RestartPolicy?.Name, 'no');
    assert.deepEqual(body(false).HostConfig?.PortBindings, {});
  });

  it('a one-off has only its own name as alias unless useAliases', () => {
    const aliases = (b: ReturnType<typeof body>) =>
      b.NetworkingConfig?.EndpointsConfig?.demo_default.Aliases;
    assert.deepEqual(aliases(body(false)), ['demo-web-run-0123456789ab']);
    assert.deepEqual(aliases(body(true)), ['demo-web-run-0123456789ab', 'web', 'www']);
  });
});
