import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { containerCreateBody, restartPolicy, type ContainerSpec } from './container-config.js';
import { testProject } from './project.fixture.js';

function project(services: ServiceConfig[], extra: Partial<Project> = {}): Project {
  return testProject(services, {
    workingDir: '/srv/demo',
    composeFiles: ['/srv/demo/compose.yaml'],
    ...extra,
  });
}

function service(name: string, fields: Partial<ServiceConfig> = {}): ServiceConfig {
  return { name, command: null, entrypoint: null, networks: { default: null }, ...fields };
}

function spec(p: Project, name: string, more: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    project: p,
    service: p.services[name],
    name: `demo-${name}-1`,
    number: 1,
    configHash: 'a'.repeat(64),
    composeVersion: '2.40.3',
    ...more,
  };
}

describe('containerCreateBody', () => {
  it('containerCreateBody sets compose labels over user labels', () => {
    const p = project([
      service('web', {
        image: 'nginx',
        labels: { 'com.docker.compose.project': 'evil', team: 'a' },
        dependsOn: { db: { condition: 'service_healthy', required: true } },
      }),
    ]);
    const { body } = containerCreateBody(spec(p, 'web', { imageId: 'sha256:abc' }));
    const labels: Record<string, string | undefined> = body.Labels ?? {};
    assert.equal(labels['com.docker.compose.project'], 'demo');
    assert.equal(labels.team, 'a');
    assert.equal(labels['com.docker.compose.container-number'], '1');
    assert.equal(labels['com.docker.compose.oneoff'], 'False');
    assert.equal(labels['com.docker.compose.depends_on'], 'db:service_healthy:false');
    assert.equal(labels['com.docker.compose.image'], 'sha256:abc');
    assert.equal(labels['com.docker.compose.version'], '2.40.3');
    assert.equal(labels['com.docker.compose.project.config_files'], '/srv/demo/compose.yaml');
    assert.equal(body.Image, 'nginx');
  });

  it('containerCreateBody names the image of a built service <project>-<service>', () => {
    const p = project([service('app', { build: { context: '/srv/demo' } })]);
    assert.equal(containerCreateBody(spec(p, 'app')).body.Image, 'demo-app');
  });

  it('containerCreateBody maps ports with host ip, protocol and random host ports', () => {
    const p = project([
      service('web', {
        image: 'nginx',
        ports: [
          { target: 80, published: '8080', hostIp: '127.0.0.1', protocol: 'tcp' },
          { target: 53, published: '5353', protocol: 'udp' },
          { target: 9000 },
        ],
        expose: ['3000-3001', '7000/udp'],
      }),
    ]);
    const { body } = containerCreateBody(spec(p, 'web'));
    assert.deepEqual(body.HostConfig?.PortBindings, {
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
      '53/udp': [{ HostIp: '', HostPort: '5353' }],
      '9000/tcp': [{ HostIp: '', HostPort: '' }],
    });
    assert.deepEqual(Object.keys(body.ExposedPorts ?? {}).sort(), [
      '3000/tcp',
      '3001/tcp',
      '53/udp',
      '7000/udp',
      '80/tcp',
      '9000/tcp',
    ]);
  });

  it('containerCreateBody puts short binds and named volumes in Binds, the rest in Mounts', () => {
    const p = project(
      [
        service('db', {
          image: 'redis',
          volumes: [
            { type: 'volume', source: 'data', target: '/data' },
            {
              type: 'bind',
              source: '/host/conf',
              target: '/conf',
              readOnly: true,
              bind: { createHostPath: true },
            },
            { type: 'bind', source: '/host/x', target: '/x' },
            { type: 'volume', target: '/anon' },
            { type: 'tmpfs', target: '/tmp', tmpfs: { size: 1024 } },
          ],
          secrets: [{ source: 'pw' }],
          configs: [{ source: 'cfg', target: '/etc/cfg' }],
        }),
      ],
      {
        volumes: { data: { name: 'demo_data' } },
        secrets: { pw: { name: 'demo_pw', file: '/srv/demo/pw.txt' } },
        configs: { cfg: { name: 'demo_cfg', file: '/srv/demo/cfg' } },
      },
    );
    const { body } = containerCreateBody(spec(p, 'db'));
    const host = body.HostConfig ?? {};
    assert.deepEqual(host.Binds, ['demo_data:/data:rw', '/host/conf:/conf:ro']);
    assert.deepEqual(host.Mounts, [
      { Type: 'bind', Source: '/host/x', Target: '/x' },
      { Type: 'volume', Target: '/anon' },
      { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 1024 } },
      { Type: 'bind', Source: '/srv/demo/pw.txt', Target: '/run/secrets/pw', ReadOnly: true },
      { Type: 'bind', Source: '/srv/demo/cfg', Target: '/etc/cfg', ReadOnly: true },
    ]);
  });

  it('containerCreateBody keeps the anonymous volumes of the replaced container', () => {
    const p = project([
      service('db', { image: 'redis', volumes: [{ type: 'volume', target: '/anon' }] }),
    ]);
    const anon = 'f'.repeat(64);
    const image = 'e'.repeat(64);
    const mount = (name: string, dest: string) => ({
      Type: 'volume',
      Name: name,
      Source: '',
      Destination: dest,
      Mode: '',
      RW: true,
      Propagation: '',
    });
    const { body } = containerCreateBody(
      spec(p, 'db', { inheritedMounts: [mount(anon, '/anon'), mount(image, '/data')] }),
    );
    assert.deepEqual(body.HostConfig?.Mounts, [
      { Type: 'volume', Target: '/anon', Source: anon },
      { Type: 'volume', Source: image, Target: '/data' },
    ]);
  });

  it('containerCreateBody converts durations, resources and limits', () => {
    const p = project([
      service('web', {
        image: 'nginx',
        stopGracePeriod: 90e9,
        healthcheck: { test: ['CMD-SHELL', 'true'], interval: 2e9, timeout: 1e9, retries: 3 },
        deploy: {
          resources: {
            limits: { cpus: 0.5, memory: 64 * 1024 * 1024, pids: 100 },
            reservations: { memory: 1024 },
          },
          placement: {},
        },
        ulimits: { nofile: { soft: 100, hard: 200 }, nproc: { single: 50 } },
        shmSize: 2048,
        capAdd: ['NET_ADMIN'],
        sysctls: { 'net.core.somaxconn': '1024' },
        tmpfs: ['/run:size=64k', '/cache'],
        extraHosts: { 'db.local': ['10.0.0.1', '10.0.0.2'] },
        init: true,
        restart: 'on-failure:3',
      }),
    ]);
    const { body } = containerCreateBody(spec(p, 'web'));
    const host = body.HostConfig!;
    assert.equal(body.StopTimeout, 90);
    assert.deepEqual(body.Healthcheck, {
      Test: ['CMD-SHELL', 'true'],
      Interval: 2e9,
      Timeout: 1e9,
      Retries: 3,
    });
    assert.equal(host.NanoCpus, 500_000_000);
    assert.equal(host.Memory, 64 * 1024 * 1024);
    assert.equal(host.MemoryReservation, 1024);
    assert.equal(host.PidsLimit, 100);
    assert.deepEqual(host.Ulimits, [
      { Name: 'nofile', Soft: 100, Hard: 200 },
      { Name: 'nproc', Soft: 50, Hard: 50 },
    ]);
    assert.equal(host.ShmSize, 2048);
    assert.deepEqual(host.CapAdd, ['NET_ADMIN']);
    assert.deepEqual(host.Tmpfs, { '/run': 'size=64k', '/cache': '' });
    assert.deepEqual(host.ExtraHosts, ['db.local:10.0.0.1', 'db.local:10.0.0.2']);
    assert.equal(host.Init, true);
    assert.deepEqual(host.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
  });

  it('restartPolicy lets deploy.restart_policy win and maps any/none', () => {
    const base = service('x', { restart: 'always' });
    assert.deepEqual(restartPolicy(base), { Name: 'always' });
    assert.deepEqual(restartPolicy(service('x')), { Name: 'no' });
    const withDeploy = (condition: string): ServiceConfig =>
      service('x', {
        restart: 'always',
        deploy: { resources: {}, placement: {}, restartPolicy: { condition, maxAttempts: 2 } },
      });
    assert.deepEqual(restartPolicy(withDeploy('none')), { Name: 'no' });
    assert.deepEqual(restartPolicy(withDeploy('any')), { Name: 'always' });
    assert.deepEqual(restartPolicy(withDeploy('on-failure')), {
      Name: 'on-failure',
      MaximumRetryCount: 2,
    });
  });

  it('containerCreateBody puts the primary network in NetworkMode and connects the others later', () => {
    const p = project(
      [
        service('web', {
          image: 'nginx',
          networks: { front: { aliases: ['www'], priority: 10 }, back: null },
        }),
      ],
      {
        networks: {
          front: { name: 'demo_front', ipam: {} },
          back: { name: 'shared', ipam: {}, external: true },
        },
      },
    );
    const plan = containerCreateBody(spec(p, 'web'));
    assert.equal(plan.body.HostConfig?.NetworkMode, 'demo_front');
    assert.deepEqual(plan.body.NetworkingConfig?.EndpointsConfig, {
      demo_front: { Aliases: ['demo-web-1', 'web', 'www'] },
    });
    assert.deepEqual(plan.connect, [
      { network: 'shared', endpoint: { Aliases: ['demo-web-1', 'web'] } },
    ]);
    const all = containerCreateBody(spec(p, 'web', { multipleEndpoints: true }));
    assert.deepEqual(Object.keys(all.body.NetworkingConfig?.EndpointsConfig ?? {}), [
      'demo_front',
      'shared',
    ]);
    assert.deepEqual(all.connect, []);
  });

  it('containerCreateBody resolves network_mode service:x to the container', () => {
    const p = project([
      service('db', { image: 'redis' }),
      service('side', { image: 'busybox', networkMode: 'service:db', networks: undefined }),
    ]);
    const plan = containerCreateBody(
      spec(p, 'side', { serviceContainer: (s) => (s === 'db' ? 'abc123' : undefined) }),
    );
    assert.equal(plan.body.HostConfig?.NetworkMode, 'container:abc123');
    assert.throws(() => containerCreateBody(spec(p, 'side')), /refers to service "db"/);
  });

  it('containerCreateBody writes links as compose does, on HostConfig and each endpoint', () => {
    const p = project([
      service('db', { image: 'redis' }),
      service('web', { image: 'busybox', links: ['db:database'], externalLinks: ['cache'] }),
    ]);
    const { body } = containerCreateBody(
      spec(p, 'web', {
        number: 2,
        serviceContainerNames: (s) => (s === 'db' ? ['demo-db-1', 'demo-db-2'] : []),
      }),
    );
    const expected = [
      'demo-db-1:database',
      'demo-db-1:db-2',
      'demo-db-1:demo-db-2',
      'demo-db-2:database',
      'demo-db-2:db-2',
      'demo-db-2:demo-db-2',
      'cache:cache',
    ];
    assert.deepEqual(body.HostConfig?.Links, expected);
    const endpoints: Record<string, { Links?: string[] | null } | undefined> =
      body.NetworkingConfig?.EndpointsConfig ?? {};
    assert.deepEqual(endpoints.demo_default?.Links, expected);
    const plain = containerCreateBody(spec(p, 'db'));
    assert.equal(plain.body.HostConfig?.Links, null);
  });

  it('containerCreateBody passes environment, command, entrypoint and user settings', () => {
    const p = project([
      service('job', {
        image: 'busybox',
        environment: { A: '1', B: null, C: '' },
        command: ['sh', '-c', 'echo hi'],
        entrypoint: [],
        user: '1000:1000',
        workingDir: '/work',
        hostname: 'job',
        tty: true,
        stdinOpen: true,
        stopSignal: 'SIGINT',
      }),
    ]);
    const { body } = containerCreateBody(spec(p, 'job'));
    assert.deepEqual(body.Env, ['A=1', 'C=']);
    assert.deepEqual(body.Cmd, ['sh', '-c', 'echo hi']);
    assert.deepEqual(body.Entrypoint, []);
    assert.equal(body.User, '1000:1000');
    assert.equal(body.WorkingDir, '/work');
    assert.equal(body.Hostname, 'job');
    assert.equal(body.Tty, true);
    assert.equal(body.OpenStdin, true);
    assert.equal(body.StopSignal, 'SIGINT');
  });
});
