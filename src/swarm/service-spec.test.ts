import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceSpec } from './service-spec.js';
import { testContext, testProject, testService } from './stack.fixture.js';

test('serviceSpec names and labels a service as docker stack deploy does', () => {
  const s = testService('web', {
    labels: { tier: 'front' },
    deploy: { labels: { team: 'a' }, resources: {}, placement: {} },
  });
  const spec = serviceSpec(s, testContext(testProject([s])));
  assert.equal(spec.Name, 'shop_web');
  assert.deepEqual(spec.Labels, {
    team: 'a',
    'com.docker.stack.namespace': 'shop',
    'com.docker.stack.image': 'busybox:latest',
  });
  assert.deepEqual(spec.TaskTemplate.ContainerSpec?.Labels, {
    tier: 'front',
    'com.docker.stack.namespace': 'shop',
  });
  assert.deepEqual(spec.TaskTemplate.Networks, [{ Target: 'shop_default', Aliases: ['web'] }]);
  assert.deepEqual(spec.Mode, { Replicated: { Replicas: 1 } });
  assert.deepEqual(spec.EndpointSpec, { Mode: 'vip', Ports: [] });
});

test('serviceSpec carries the container fields Swarm has', () => {
  const s = testService('app', {
    entrypoint: ['sh', '-c'],
    command: ['sleep 5'],
    environment: { B: '2', A: '1', EMPTY: null },
    hostname: 'h',
    user: '1000',
    workingDir: '/w',
    groupAdd: ['100'],
    init: true,
    tty: true,
    stdinOpen: true,
    readOnly: true,
    stopSignal: 'SIGINT',
    stopGracePeriod: 3e9,
    extraHosts: { 'a.example': ['10.0.0.1', '10.0.0.2'] },
    dns: ['10.9.9.9'],
    dnsSearch: ['example'],
    dnsOpts: ['ndots:2'],
    sysctls: { 'net.core.somaxconn': '1024' },
    capAdd: ['NET_ADMIN'],
    capDrop: ['MKNOD'],
    ulimits: { nproc: { single: 50 }, nofile: { soft: 10, hard: 20 } },
    healthcheck: { test: ['CMD', 'true'], interval: 1e9, retries: 3 },
    logging: { driver: 'json-file', options: { 'max-size': '1m' } },
  });
  const c = serviceSpec(s, testContext(testProject([s]))).TaskTemplate.ContainerSpec!;
  assert.deepEqual(c.Command, ['sh', '-c']);
  assert.deepEqual(c.Args, ['sleep 5']);
  assert.deepEqual(c.Env, ['A=1', 'B=2', 'EMPTY']);
  assert.equal(c.Hostname, 'h');
  assert.equal(c.User, '1000');
  assert.equal(c.Dir, '/w');
  assert.deepEqual(c.Groups, ['100']);
  assert.equal(c.Init, true);
  assert.equal(c.TTY, true);
  assert.equal(c.OpenStdin, true);
  assert.equal(c.ReadOnly, true);
  assert.equal(c.StopSignal, 'SIGINT');
  assert.equal(c.StopGracePeriod, 3e9);
  assert.deepEqual(c.Hosts, ['10.0.0.1 a.example', '10.0.0.2 a.example']);
  assert.deepEqual(c.DNSConfig, {
    Nameservers: ['10.9.9.9'],
    Search: ['example'],
    Options: ['ndots:2'],
  });
  assert.deepEqual(c.Sysctls, { 'net.core.somaxconn': '1024' });
  assert.deepEqual(c.CapabilityAdd, ['NET_ADMIN']);
  assert.deepEqual(c.CapabilityDrop, ['MKNOD']);
  assert.deepEqual(c.Ulimits, [
    { Name: 'nofile', Soft: 10, Hard: 20 },
    { Name: 'nproc', Soft: 50, Hard: 50 },
  ]);
  assert.deepEqual(c.Healthcheck, { Test: ['CMD', 'true'], Interval: 1e9, Retries: 3 });
  assert.equal(c.Isolation, 'default');
});

test('serviceSpec leaves out fields newer than the engine, with a warning each', () => {
  const s = testService('app', {
    sysctls: { a: '1' },
    capAdd: ['NET_ADMIN'],
    ulimits: { nofile: { single: 5 } },
    oomScoreAdj: 100,
    healthcheck: { test: ['CMD', 'true'], startInterval: 1e9 },
  });
  const ctx = testContext(testProject([s]), { apiVersion: '1.39' });
  const c = serviceSpec(s, ctx).TaskTemplate.ContainerSpec!;
  assert.equal(c.Sysctls, undefined);
  assert.equal(c.CapabilityAdd, undefined);
  assert.equal(c.Ulimits, undefined);
  assert.equal(c.OomScoreAdj, undefined);
  assert.equal(c.Healthcheck?.StartInterval, undefined);
  const fields = ctx.issues.list.map((i) => `${i.kind} ${i.path.join('.')}`).sort();
  assert.deepEqual(fields, [
    'api-version services.app.cap_add',
    'api-version services.app.healthcheck.start_interval',
    'api-version services.app.oom_score_adj',
    'api-version services.app.sysctls',
    'api-version services.app.ulimits',
  ]);
  const newer = testContext(testProject([s]), { apiVersion: '1.47' });
  const d = serviceSpec(s, newer).TaskTemplate.ContainerSpec!;
  assert.equal(d.OomScoreAdj, 100);
  assert.equal(d.Healthcheck?.StartInterval, 1e9);
  assert.deepEqual(newer.issues.list, []);
});

test('serviceSpec maps deploy: mode, resources, restart, update, rollback and placement', () => {
  const s = testService('app', {
    platform: 'linux/arm64',
    deploy: {
      mode: 'replicated',
      replicas: 3,
      resources: {
        limits: { cpus: 0.5, memory: 64 << 20, pids: 100 },
        reservations: {
          cpus: 0.25,
          genericResources: [{ discreteResourceSpec: { kind: 'gpu', value: 2 } }],
        },
      },
      restartPolicy: { condition: 'on-failure', delay: 1e9, maxAttempts: 3 },
      updateConfig: { parallelism: 2, failureAction: 'rollback', order: 'start-first' },
      rollbackConfig: { delay: 2e9 },
      placement: {
        constraints: ['node.role == worker'],
        preferences: [{ spread: 'node.labels.zone' }],
        maxReplicasPerNode: 2,
      },
    },
  });
  const spec = serviceSpec(s, testContext(testProject([s])));
  assert.deepEqual(spec.Mode, { Replicated: { Replicas: 3 } });
  assert.deepEqual(spec.TaskTemplate.Resources, {
    Limits: { NanoCPUs: 5e8, MemoryBytes: 64 << 20, Pids: 100 },
    Reservations: {
      NanoCPUs: 2.5e8,
      GenericResources: [{ DiscreteResourceSpec: { Kind: 'gpu', Value: 2 } }],
    },
  });
  assert.deepEqual(spec.TaskTemplate.RestartPolicy, {
    Condition: 'on-failure',
    Delay: 1e9,
    MaxAttempts: 3,
  });
  assert.deepEqual(spec.UpdateConfig, {
    Parallelism: 2,
    FailureAction: 'rollback',
    Order: 'start-first',
  });
  assert.deepEqual(spec.RollbackConfig, { Parallelism: 1, Delay: 2e9 });
  assert.deepEqual(spec.TaskTemplate.Placement, {
    Constraints: ['node.role == worker'],
    Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }],
    MaxReplicas: 2,
    Platforms: [{ Architecture: 'arm64', OS: 'linux' }],
  });
});

test('serviceSpec: job and global modes, scale as replicas, service-level limits', () => {
  const job = testService('job', {
    deploy: { mode: 'replicated-job', replicas: 4, resources: {}, placement: {} },
  });
  assert.deepEqual(serviceSpec(job, testContext(testProject([job]))).Mode, {
    ReplicatedJob: { MaxConcurrent: 4, TotalCompletions: 4 },
  });
  const global = testService('g', { deploy: { mode: 'global', resources: {}, placement: {} } });
  assert.deepEqual(serviceSpec(global, testContext(testProject([global]))).Mode, { Global: {} });
  const scaled = testService('s', { scale: 2, memLimit: 1024, cpus: 1.5, pidsLimit: 7 });
  const spec = serviceSpec(scaled, testContext(testProject([scaled])));
  assert.deepEqual(spec.Mode, { Replicated: { Replicas: 2 } });
  assert.deepEqual(spec.TaskTemplate.Resources, {
    Limits: { NanoCPUs: 1.5e9, MemoryBytes: 1024, Pids: 7 },
  });
  const bad = testService('b', {
    deploy: { mode: 'global', replicas: 2, resources: {}, placement: {} },
  });
  assert.throws(
    () => serviceSpec(bad, testContext(testProject([bad]))),
    /replicas can only be used with replicated/,
  );
});

test('serviceSpec: restart: "no" means no restart (the docker CLI leaves Swarm restarting)', () => {
  const cases: [string, unknown][] = [
    ['no', { Condition: 'none' }],
    ['always', { Condition: 'any' }],
    ['unless-stopped', { Condition: 'any' }],
    ['on-failure:3', { Condition: 'on-failure', MaxAttempts: 3 }],
  ];
  for (const [restart, expected] of cases) {
    const s = testService('r', { restart });
    assert.deepEqual(
      serviceSpec(s, testContext(testProject([s]))).TaskTemplate.RestartPolicy,
      expected,
      restart,
    );
  }
});

test('serviceSpec runs the image it is given (a built image pinned by digest)', () => {
  const s = testService('web', { image: 'reg:5000/web:1' });
  const spec = serviceSpec(s, testContext(testProject([s]), { image: 'reg:5000/web@sha256:abc' }));
  assert.equal(spec.TaskTemplate.ContainerSpec?.Image, 'reg:5000/web@sha256:abc');
  assert.equal(spec.Labels?.['com.docker.stack.image'], 'reg:5000/web:1');
});

test('serviceSpec: isolation, credential_spec (file or registry; config is warned), logging', () => {
  const s = testService('win', {
    isolation: 'process',
    credentialSpec: { file: 'spec.json' },
    logging: { driver: 'json-file', options: { 'max-size': '1m' } },
  });
  const ctx = testContext(testProject([s]));
  const spec = serviceSpec(s, ctx);
  assert.equal(spec.TaskTemplate.ContainerSpec!.Isolation, 'process');
  assert.deepEqual(spec.TaskTemplate.ContainerSpec!.Privileges, {
    CredentialSpec: { File: 'spec.json' },
  });
  assert.deepEqual(spec.TaskTemplate.LogDriver, {
    Name: 'json-file',
    Options: { 'max-size': '1m' },
  });
  const viaConfig = testService('c', { credentialSpec: { config: 'cred' } });
  const c = testContext(testProject([viaConfig]));
  assert.equal(serviceSpec(viaConfig, c).TaskTemplate.ContainerSpec!.Privileges, undefined);
  assert.deepEqual(
    c.issues.list.map((i) => `${i.kind} ${i.path.join('.')}`),
    ['unsupported services.c.credential_spec.config'],
  );
});

test('serviceSpec: cap_drop and an empty hostname, user or working_dir are left out', () => {
  const s = testService('s', { hostname: '', user: '', workingDir: '', stopSignal: '' });
  const c = serviceSpec(s, testContext(testProject([s]))).TaskTemplate.ContainerSpec!;
  assert.deepEqual(Object.keys(c).sort(), ['Image', 'Isolation', 'Labels']);
  const old = testService('o', { capDrop: ['MKNOD'] });
  const ctx = testContext(testProject([old]), { apiVersion: '1.40' });
  assert.equal(serviceSpec(old, ctx).TaskTemplate.ContainerSpec?.CapabilityDrop, undefined);
  assert.deepEqual(
    ctx.issues.list.map((i) => i.path.join('.')),
    ['services.o.cap_drop'],
  );
});
