// The field mapping of `stack deploy`, checked on the real swarm: one service that sets most of
// the fields a Swarm ServiceSpec can carry, read back with `docker service inspect` and seen
// in its task containers (hostname, user, limits, sysctls, capabilities, mounts, secret,
// templated config, init, read-only root); a replicated job; the networks and
// volumes; a warning for each field Swarm cannot honour and each one newer than the engine's
// API; and a re-deploy of all of it that updates nothing.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { join } from 'node:path';
import type { SwarmService } from '../../src/engine/index.js';
import { ensureBuilt } from './support/cli.js';
import { dockerOn, flotillaOnSwarm, swarmScope, waitFor } from './support/swarm.js';

const dir = join(import.meta.dirname, 'testdata/swarm-mapping');
const swarm = swarmScope('map');
const stack = swarm.stack('1');
const portA = 20000 + Math.floor(Math.random() * 9000);
const env = {
  PORT_A: String(portA),
  PORT_B: String(portA + 1),
  NET_OCTET: String(1 + Math.floor(Math.random() * 250)),
};
let firstDeploy = { code: 0, stdout: '', stderr: '' };

function deploy(): ReturnType<typeof flotillaOnSwarm> {
  return flotillaOnSwarm(
    ['stack', 'deploy', '--wait', '--wait-timeout', '150', '--resolve-image', 'never', stack],
    dir,
    env,
  );
}

/** A service's spec as `docker service inspect` prints it. */
async function inspectService(service: string): Promise<SwarmService> {
  const r = await dockerOn(1, ['service', 'inspect', `${stack}_${service}`]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as SwarmService[])[0];
}

/** The running task containers of a service: node number and container ID. */
async function containers(service: string): Promise<{ node: number; id: string }[]> {
  const hosts = await swarm.hostnames();
  const tasks = await swarm.manager.tasks.list({
    filters: { service: [`${stack}_${service}`], 'desired-state': ['running'] },
  });
  return tasks.map((t) => ({
    node: Number((hosts.get(t.NodeID ?? '') ?? '').replace('node', '')),
    id: t.Status.ContainerStatus?.ContainerID ?? '',
  }));
}

before(async () => {
  ensureBuilt();
  firstDeploy = await deploy();
  assert.equal(firstDeploy.code, 0, firstDeploy.stderr);
});

test('each field Swarm cannot honour, or the engine API lacks, gets one warning with its place', () => {
  const warnings = firstDeploy.stderr.split('\n').filter((l) => l.startsWith('WARN'));
  const expected = [
    /compose\.yaml:\d+:\d+: service app: security_opt is not supported by Swarm/,
    /compose\.yaml:\d+:\d+: service app: shm_size is not supported by Swarm/,
    /compose\.yaml:\d+:\d+: service once: privileged is not supported by Swarm/,
    /compose\.yaml:\d+:\d+: service app: healthcheck\.start_interval needs Engine API 1\.44; this engine speaks 1\.41/,
    /compose\.yaml:\d+:\d+: service app: oom_score_adj needs Engine API 1\.46; this engine speaks 1\.41/,
  ];
  for (const re of expected) {
    assert.equal(warnings.filter((l) => re.test(l)).length, 1, `${re}\n${warnings.join('\n')}`);
  }
  assert.equal(warnings.length, expected.length, warnings.join('\n'));
});

test('the ServiceSpec the engine stores carries the container fields of the file', async () => {
  const { Spec: spec } = await inspectService('app');
  const c = spec.TaskTemplate.ContainerSpec!;
  const mounts = c.Mounts ?? [];
  const secrets = c.Secrets ?? [];
  const configs = c.Configs ?? [];
  assert.equal(c.Image, 'busybox:latest');
  assert.deepEqual(c.Command, ['sh', '-c']);
  assert.deepEqual(c.Args, ['exec sleep 100000']);
  assert.deepEqual(c.Env, ['BARE', 'FROM_ENV_FILE=yes', 'GREETING=hello']);
  assert.deepEqual(c.Labels, { 'e2e.container': 'app', 'com.docker.stack.namespace': stack });
  assert.deepEqual(spec.Labels, {
    'e2e.service': 'app',
    'com.docker.stack.namespace': stack,
    'com.docker.stack.image': 'busybox:latest',
  });
  assert.equal(c.Hostname, '{{.Service.Name}}-{{.Task.Slot}}');
  assert.equal(c.User, '1000:1000');
  assert.equal(c.Dir, '/home');
  assert.equal(c.TTY, true);
  assert.equal(c.OpenStdin, true);
  assert.equal(c.ReadOnly, true);
  assert.equal(c.Init, true);
  assert.equal(c.StopSignal, 'SIGKILL');
  assert.equal(c.StopGracePeriod, 3e9);
  assert.deepEqual(c.Sysctls, { 'net.core.somaxconn': '1024' });
  assert.deepEqual(c.Ulimits, [
    { Name: 'nofile', Soft: 1000, Hard: 2000 },
    { Name: 'nproc', Soft: 500, Hard: 500 },
  ]);
  assert.deepEqual(c.CapabilityAdd, ['NET_ADMIN']);
  assert.deepEqual(c.CapabilityDrop, ['CHOWN']);
  assert.deepEqual(c.Hosts, ['10.9.8.7 mapped.example']);
  assert.deepEqual(c.DNSConfig, {
    Nameservers: ['10.9.8.53'],
    Search: ['mapped.example'],
    Options: ['ndots:3'],
  });
  assert.equal(c.OomScoreAdj, undefined);
  assert.deepEqual(c.Healthcheck, {
    Test: ['CMD', 'true'],
    Interval: 1e9,
    Timeout: 2e9,
    StartPeriod: 1e9,
    Retries: 3,
  });
  assert.deepEqual(
    mounts.map((m) => [m.Type, m.Target]),
    [
      ['volume', '/data'],
      ['bind', '/fixture'],
      ['tmpfs', '/cache'],
      ['tmpfs', '/scratch'],
    ],
  );
  assert.deepEqual(mounts[0], {
    Type: 'volume',
    Source: `${stack}_data`,
    Target: '/data',
    VolumeOptions: {
      NoCopy: true,
      Labels: { 'e2e.volume': 'data', 'com.docker.stack.namespace': stack },
      DriverConfig: { Name: 'local', Options: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } },
    },
  });
  assert.deepEqual(mounts[1], { Type: 'bind', Source: dir, Target: '/fixture', ReadOnly: true });
  assert.deepEqual(mounts[2].TmpfsOptions, { SizeBytes: 2 << 20 });
  assert.deepEqual(mounts[3].TmpfsOptions, { SizeBytes: 1 << 20, Mode: 0o1777 });
  assert.equal(secrets.length, 1);
  assert.match(secrets[0].SecretName, new RegExp(`^${stack}_token_[0-9a-f]{12}$`));
  assert.deepEqual(secrets[0].File, { Name: 'token.txt', UID: '1000', GID: '1000', Mode: 0o400 });
  assert.match(configs[0].ConfigName, new RegExp(`^${stack}_site_[0-9a-f]{12}$`));
  assert.deepEqual(configs[0].File, { Name: '/etc/site.conf', UID: '0', GID: '0', Mode: 0o444 });
  const config = await swarm.manager.configs.inspect(configs[0].ConfigID);
  assert.deepEqual(config.Spec.Templating, { Name: 'golang' });
  assert.deepEqual(spec.TaskTemplate.LogDriver, {
    Name: 'json-file',
    Options: { 'max-size': '1m', 'max-file': '2' },
  });
});

test('the ServiceSpec carries deploy: mode, resources, policies, placement, endpoint, networks', async () => {
  const { Spec: spec } = await inspectService('app');
  const t = spec.TaskTemplate;
  assert.deepEqual(spec.Mode, { Replicated: { Replicas: 2 } });
  assert.deepEqual(t.Resources, {
    Limits: { NanoCPUs: 5e8, MemoryBytes: 64 << 20, Pids: 100 },
    Reservations: { NanoCPUs: 1e8, MemoryBytes: 16 << 20 },
  });
  assert.deepEqual(t.RestartPolicy, {
    Condition: 'on-failure',
    Delay: 2e9,
    MaxAttempts: 3,
    Window: 10e9,
  });
  assert.deepEqual(spec.UpdateConfig, {
    Parallelism: 2,
    Delay: 1e9,
    FailureAction: 'rollback',
    Monitor: 2e9,
    MaxFailureRatio: 0.5,
    Order: 'start-first',
  });
  assert.equal(spec.RollbackConfig!.Parallelism, 1);
  assert.equal(spec.RollbackConfig!.Order, 'stop-first');
  assert.deepEqual(t.Placement, {
    Constraints: ['node.role == worker'],
    Preferences: [{ Spread: { SpreadDescriptor: 'node.hostname' } }],
    MaxReplicas: 1,
  });
  assert.deepEqual(spec.EndpointSpec, {
    Mode: 'dnsrr',
    Ports: [
      { Protocol: 'tcp', TargetPort: 8080, PublishedPort: portA, PublishMode: 'host' },
      { Protocol: 'udp', TargetPort: 8081, PublishedPort: portA + 1, PublishMode: 'host' },
    ],
  });
  const front = await swarm.manager.networks.inspect(`${stack}_front`);
  assert.deepEqual(t.Networks, [{ Target: front.Id, Aliases: ['mapped-alias', 'app'] }]);
  assert.equal(front.Driver, 'overlay');
  assert.equal(front.Attachable, true);
  assert.equal(front.Internal, true);
  assert.equal(front.Options?.['com.docker.network.driver.mtu'], '1400');
  assert.deepEqual(front.Labels, { 'e2e.network': 'front', 'com.docker.stack.namespace': stack });
  assert.deepEqual(front.IPAM.Config, [
    { Subnet: `10.217.${env.NET_OCTET}.0/24`, Gateway: `10.217.${env.NET_OCTET}.1` },
  ]);
  // One task per worker (max_replicas_per_node: 1, node.role == worker).
  const nodes = (await containers('app')).map((x) => x.node).sort();
  assert.deepEqual(nodes, [2, 3]);
});

test('a replicated job runs to completion; restart: "no" is no restart', async () => {
  const once = (await inspectService('once')).Spec;
  assert.deepEqual(once.Mode, { ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } });
  assert.equal(once.TaskTemplate.RestartPolicy?.Condition, 'none');
  const completed = async (service: string) =>
    (await swarm.manager.tasks.list({ filters: { service: [`${stack}_${service}`] } })).filter(
      (t) => t.Status.State === 'complete',
    ).length;
  assert.equal(await completed('once'), 2);
});

test('the task containers run as the spec says', async () => {
  const [task] = await containers('app');
  const r = await waitFor(async () => {
    const out = await dockerOn(task.node, [
      'exec',
      task.id,
      'sh',
      '-c',
      [
        'hostname',
        'id -u; id -g; pwd',
        "awk '/^Max (open files|processes)/ { print $(NF-2), $(NF-1) }' /proc/1/limits",
        'cat /proc/sys/net/core/somaxconn',
        'grep CapBnd /proc/1/status',
        'cat /proc/1/comm',
        'grep mapped.example /etc/hosts',
        'grep -E "^(search|options)" /etc/resolv.conf',
        'grep -E " /(scratch|cache|data) " /proc/mounts | cut -d" " -f1,2,4',
        'stat -c "%a" /scratch',
        'touch /not-here 2>/dev/null || echo read-only',
        'stat -c "%a %u %g" /run/secrets/token.txt; cat /run/secrets/token.txt',
        'cat /etc/site.conf',
        'echo "$GREETING $FROM_ENV_FILE"',
        'cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max',
      ].join('; '),
    ]);
    return out.code === 0 ? out.stdout : undefined;
  }, 'an exec in the task container');
  const lines = r.trim().split('\n');
  const slot = (
    await swarm.manager.tasks.list({
      filters: { service: [`${stack}_app`], 'desired-state': ['running'] },
    })
  )
    .filter((t) => t.Status.ContainerStatus?.ContainerID === task.id)
    .map((t) => t.Slot)[0];
  assert.equal(lines.shift(), `${stack}_app-${slot}`);
  assert.deepEqual(lines.splice(0, 3), ['1000', '1000', '/home']);
  // Soft and hard limits of the container's first process, as /proc shows them.
  assert.deepEqual(lines.splice(0, 2).sort(), ['1000 2000', '500 500']);
  assert.equal(lines.shift(), '1024');
  // NET_ADMIN (bit 12) added, CHOWN (bit 0) dropped from the bounding set.
  const capBnd = BigInt(`0x${(lines.shift() ?? '').split(/\s+/)[1]}`);
  assert.equal((capBnd >> 12n) & 1n, 1n);
  assert.equal(capBnd & 1n, 0n);
  assert.equal(lines.shift(), 'docker-init');
  assert.match(lines.shift() ?? '', /^10\.9\.8\.7\s+mapped\.example$/);
  assert.deepEqual(lines.splice(0, 2).sort(), ['options ndots:3', 'search mapped.example']);
  const mounts = lines.splice(0, 3).sort();
  assert.match(mounts[0], /^tmpfs \/cache \S*size=2048k/);
  assert.match(mounts[1], /^tmpfs \/data \S*size=1024k/);
  assert.match(mounts[2], /^tmpfs \/scratch \S*size=1024k/);
  assert.equal(lines.shift(), '1777');
  assert.equal(lines.shift(), 'read-only');
  assert.deepEqual(lines.splice(0, 2), ['400 1000 1000', 'token of the mapping test']);
  assert.equal(lines.shift(), `service ${stack}_app says hello`);
  assert.equal(lines.shift(), 'hello yes');
  assert.equal(lines.shift(), '100');
  const inspect = await dockerOn(task.node, [
    'inspect',
    '--format',
    '{{.Config.Tty}} {{.Config.OpenStdin}} {{.HostConfig.LogConfig.Type}} {{index .HostConfig.LogConfig.Config "max-size"}} {{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}',
    task.id,
  ]);
  assert.equal(inspect.stdout.trim(), `true true json-file 1m ${64 << 20} 500000000`);
  const volume = await dockerOn(task.node, [
    'volume',
    'inspect',
    '--format',
    '{{json .Labels}} {{json .Options}}',
    `${stack}_data`,
  ]);
  assert.equal(volume.code, 0, volume.stderr);
  const [labels, options] = volume.stdout.trim().split(' ');
  assert.deepEqual(JSON.parse(labels), {
    'com.docker.stack.namespace': stack,
    'e2e.volume': 'data',
  });
  assert.deepEqual(JSON.parse(options), { device: 'tmpfs', o: 'size=1m', type: 'tmpfs' });
});

test('re-deploying all these fields updates nothing: same versions, same tasks', async () => {
  const snapshot = async () =>
    Promise.all(
      ['app', 'once'].map(async (s) => {
        const service = await swarm.manager.services.inspect(`${stack}_${s}`);
        const tasks = await swarm.manager.tasks.list({ filters: { service: [service.ID] } });
        return [s, service.Version.Index, tasks.map((t) => t.ID).sort()];
      }),
    );
  const before = await snapshot();
  const r = await deploy();
  assert.equal(r.code, 0, r.stderr);
  for (const s of ['app', 'once'])
    assert.match(r.stderr, new RegExp(`Service ${stack}_${s} Unchanged`));
  assert.doesNotMatch(r.stderr, /Updat|Creat/);
  assert.deepEqual(await snapshot(), before);
});
