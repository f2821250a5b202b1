// Every service field that `up -d` maps to the engine, proven on the real engine through the
// built CLI: each container is inspected (Config, HostConfig, Mounts, NetworkSettings) and, where
// the effect is observable from inside, checked there too (sysctls, ulimits, capabilities, init,
// secrets and configs by content, read-only mounts, the network's MTU, aliases by DNS).
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { ContainerInspect } from '../../src/engine/index.js';
import { engineScope, eventually } from './support/engine.js';
import { scaled } from './support/timing.js';

const scope = engineScope('upfields');
const { engine } = scope;
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const dir = join(import.meta.dirname, 'testdata/up-fields');
const byProject = { label: [`com.docker.compose.project=${project}`] };
const ports: number[] = [];
let subnet = '';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[]): Promise<Result> {
  const env = {
    ...process.env,
    COMPOSE_PROGRESS: 'plain',
    PROJECT: project,
    PORT_A: String(ports[0]),
    PORT_B: String(ports[1]),
    PORT_C: String(ports[2]),
    PORT_D: String(ports[3]),
    PORT_E: String(ports[4]),
    PORT_F: String(ports[5]),
    SUBNET: subnet,
    SECRET_FROM_ENV: 'secret from the environment',
    CONFIG_FROM_ENV: 'config from the environment',
  };
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [bin, '-p', project, ...args],
      { env, cwd: dir, maxBuffer: 16 << 20, timeout: scaled(120_000) },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** Runs a shell script in a service's container through `flotilla exec -T`. */
async function sh(service: string, script: string): Promise<string> {
  const r = await cli(['exec', '-T', service, 'sh', '-c', script]);
  assert.equal(r.code, 0, `exec in ${service} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function inspect(name: string): Promise<ContainerInspect> {
  return engine.containers.inspect(name);
}

async function removeProject(): Promise<void> {
  for (const c of await engine.containers.list({ all: true, filters: byProject })) {
    await engine.containers.remove(c.Id, { force: true, volumes: true }).catch(() => undefined);
  }
  for (const n of await engine.networks.list({ filters: byProject })) {
    await engine.networks.remove(n.Id).catch(() => undefined);
  }
  for (const v of (await engine.volumes.list({ filters: byProject })).Volumes) {
    await engine.volumes.remove(v.Name, { force: true }).catch(() => undefined);
  }
}

function tcpFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => {
      done(false);
    });
    server.listen(port, '127.0.0.1', () =>
      server.close(() => {
        done(true);
      }),
    );
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      done(false);
    });
    socket.bind(port, '0.0.0.0', () =>
      socket.close(() => {
        done(true);
      }),
    );
  });
}

/** Six consecutive free ports (the second one also free for UDP). */
async function freePorts(): Promise<number[]> {
  for (;;) {
    const base = randomInt(20000, 45000);
    const candidates = [0, 1, 2, 3, 4, 5].map((i) => base + i);
    const free = await Promise.all(candidates.map(tcpFree));
    if (free.every(Boolean) && (await udpFree(candidates[1]))) return candidates;
  }
}

function ipv4(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function cidrRange(cidr: string): [number, number] {
  const [address, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipv4(address) / size) * size;
  return [start, start + size - 1];
}

/** A /24 below 10.0.0.0/8 that overlaps no existing network's subnet. */
async function freeSubnet(): Promise<string> {
  const taken = (await engine.networks.list())
    .flatMap((n) => n.IPAM.Config ?? [])
    .map((c) => c.Subnet ?? '')
    .filter((s) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s))
    .map(cidrRange);
  for (;;) {
    const candidate = `10.${randomInt(100, 250)}.${randomInt(0, 256)}.0/24`;
    const [start, end] = cidrRange(candidate);
    if (taken.every(([s, e]) => end < s || start > e)) return candidate;
  }
}

function refused(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => {
      done(true);
    });
  });
}

before(async () => {
  if (!existsSync(join(root, 'dist/cli/main.js'))) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--no-lib'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(build.status, 0, build.stderr);
  }
  ports.push(...(await freePorts()));
  subnet = await freeSubnet();
  const up = await cli(['up', '-d']);
  assert.equal(up.code, 0, up.stderr);
});

after(async () => {
  await removeProject();
});

test('up-fields creates every service with its replicas, container_name and scale', async () => {
  const list = await engine.containers.list({ all: true, filters: byProject });
  const names = list.map((c) => c.Names[0].slice(1)).sort();
  assert.deepEqual(names, [
    `${project}-files-1`,
    `${project}-isolated-1`,
    `${project}-scaled-1`,
    `${project}-scaled-2`,
    `${project}-scaled-3`,
    `${project}-the-app`,
    `${project}-workers-1`,
    `${project}-workers-2`,
  ]);
  assert.ok(
    list.every((c) => c.State === 'running'),
    list.map((c) => `${c.Names[0]} ${c.State}`).join('\n'),
  );
  const app = list.find((c) => c.Names[0] === `/${project}-the-app`);
  assert.equal(app?.Labels?.['com.docker.compose.service'], 'app');
  assert.equal(app.Labels['com.docker.compose.container-number'], '1');
});

test('up-fields maps process, identity, labels and lifecycle fields into Config', async () => {
  const c = await inspect(`${project}-the-app`);
  assert.equal(c.Config.Hostname, 'apphost');
  assert.deepEqual(c.Config.Entrypoint, ['/bin/sh', '-c']);
  assert.deepEqual(c.Config.Cmd, ["trap 'exit 0' USR1; while true; do sleep 1; done"]);
  assert.equal(c.Config.User, '1000:1000');
  assert.equal(c.Config.WorkingDir, '/tmp');
  const env = c.Config.Env ?? [];
  assert.ok(env.includes('INLINE=from-environment'), env.join(' '));
  assert.ok(env.includes('FROM_FILE=from-env-file'), env.join(' '));
  assert.ok(env.includes('SHARED=environment-wins'), env.join(' '));
  assert.ok(!env.some((e) => e.startsWith('SHARED=env-file')), env.join(' '));
  assert.equal(c.Config.Labels?.['example.role'], 'app');
  assert.equal(c.Config.StopSignal, 'SIGUSR1');
  assert.equal(c.Config.StopTimeout, 7);
  assert.deepEqual(c.Config.Healthcheck, {
    Test: ['CMD', 'true'],
    Interval: 2e9,
    Timeout: 1e9,
    StartPeriod: 3e9,
    Retries: 4,
  });
  assert.equal(c.Config.Tty, true);
  assert.equal(c.Config.OpenStdin, true);
  assert.deepEqual(Object.keys(c.Config.ExposedPorts ?? {}).sort(), [
    '80/tcp',
    '81/udp',
    '82/tcp',
    '83/tcp',
    '84/tcp',
  ]);

  const seen = (await sh('app', 'id -u; id -g; hostname; pwd; echo "$INLINE $FROM_FILE"'))
    .trim()
    .split('\n');
  assert.deepEqual(seen, ['1000', '1000', 'apphost', '/tmp', 'from-environment from-env-file']);
  await eventually(
    async () => (await inspect(`${project}-the-app`)).State.Health?.Status === 'healthy',
    'the app healthcheck to pass',
    20_000,
  );
});

test('up-fields maps restart, init, limits, kernel and security settings into HostConfig', async () => {
  const c = await inspect(`${project}-the-app`);
  const h = c.HostConfig;
  assert.deepEqual(h.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.equal(h.Init, true);
  const ulimits = [...(h.Ulimits ?? [])].sort((a, b) => (a.Name < b.Name ? -1 : 1));
  assert.deepEqual(ulimits, [
    { Name: 'nofile', Soft: 1024, Hard: 2048 },
    { Name: 'nproc', Soft: 512, Hard: 512 },
  ]);
  assert.deepEqual(h.Sysctls, { 'net.core.somaxconn': '1024' });
  assert.deepEqual(h.CapAdd, ['NET_ADMIN']);
  assert.deepEqual(h.CapDrop, ['MKNOD']);
  assert.equal(h.Privileged, false);
  assert.equal(h.ReadonlyRootfs, true);
  assert.equal(h.ShmSize, 64 * 1024 * 1024);
  assert.deepEqual(h.Tmpfs, { '/run/scratch': 'size=1m' });
  assert.deepEqual(h.ExtraHosts, ['db.example:10.1.2.3']);
  assert.deepEqual(h.Dns, ['10.0.0.53']);
  assert.deepEqual(h.Devices, [
    { PathOnHost: '/dev/zero', PathInContainer: '/dev/flotilla-zero', CgroupPermissions: 'rwm' },
  ]);
  assert.deepEqual(h.LogConfig, {
    Type: 'json-file',
    Config: { 'max-size': '1m', 'max-file': '2' },
  });
  // deploy.resources: limits map to NanoCpus/Memory/PidsLimit; of the reservations only memory
  // has an engine counterpart (a CPU reservation is a swarm scheduling hint), as in compose.
  assert.equal(h.NanoCpus, 5e8);
  assert.equal(h.Memory, 64 * 1024 * 1024);
  assert.equal(h.MemoryReservation, 16 * 1024 * 1024);
  assert.equal(h.PidsLimit, 100);
  assert.ok(!h.CpuShares, `CpuShares ${h.CpuShares}`);

  const inside = (
    await sh(
      'app',
      [
        'cat /proc/sys/net/core/somaxconn',
        // The limits of the container's own process: an exec's may differ on Engine 20.10,
        // which sometimes starts exec processes with the hard limit as the soft one.
        "grep 'open files' /proc/1/limits | awk '{print $4}'",
        "grep 'open files' /proc/1/limits | awk '{print $5}'",
        "grep 'processes' /proc/1/limits | awk '{print $3}'",
        'grep db.example /etc/hosts',
        "tr '\\0' ' ' < /proc/1/cmdline; echo",
        'grep CapBnd /proc/self/status',
        '[ -c /dev/flotilla-zero ] && echo device',
        'touch /rootfs-write 2>/dev/null && echo writable || echo read-only',
        'touch /run/scratch/ok && echo tmpfs-writable',
        "grep ' /run/scratch ' /proc/mounts",
        "grep ' /dev/shm ' /proc/mounts",
        'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max',
      ].join('; '),
    )
  )
    .trim()
    .split('\n');
  assert.deepEqual(inside.slice(0, 4), ['1024', '1024', '2048', '512'], inside.join('\n'));
  assert.match(inside[4], /^10\.1\.2\.3\s+db\.example$/);
  assert.match(inside[5], /^\/sbin\/docker-init -- \/bin\/sh -c /);
  const bounding = BigInt(`0x${inside[6].split(/\s+/)[1]}`);
  const NET_ADMIN = 12n;
  const MKNOD = 27n;
  assert.equal((bounding >> NET_ADMIN) & 1n, 1n, 'NET_ADMIN is in the bounding set');
  assert.equal((bounding >> MKNOD) & 1n, 0n, 'MKNOD is dropped from the bounding set');
  assert.equal(inside[7], 'device');
  assert.equal(inside[8], 'read-only');
  assert.equal(inside[9], 'tmpfs-writable');
  assert.match(inside[10], /^tmpfs \/run\/scratch tmpfs .*size=1024k/);
  assert.match(inside[11], /size=65536k/);
  assert.equal(inside[12], '100');
});

test('up-fields publishes every port form with its host IP, range and protocol', async () => {
  const c = await inspect(`${project}-the-app`);
  const [a, b, cStart, cEnd, e] = ports;
  assert.deepEqual(c.HostConfig.PortBindings, {
    '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(a) }],
    '81/udp': [{ HostIp: '', HostPort: String(b) }],
    '82/tcp': [{ HostIp: '127.0.0.1', HostPort: String(cStart) }],
    '83/tcp': [{ HostIp: '127.0.0.1', HostPort: String(cEnd) }],
    '84/tcp': [{ HostIp: '127.0.0.1', HostPort: String(e) }],
  });
  const live = c.NetworkSettings.Ports ?? {};
  assert.deepEqual(live['80/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(a) }]);
  assert.ok(
    (live['81/udp'] ?? []).some((p) => p.HostIp === '0.0.0.0' && p.HostPort === String(b)),
    JSON.stringify(live['81/udp']),
  );
  assert.deepEqual(live['82/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(cStart) }]);
  assert.deepEqual(live['83/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(cEnd) }]);
  assert.deepEqual(live['84/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(e) }]);
  const port = await cli(['port', 'app', '83']);
  assert.equal(port.stdout.trim(), `127.0.0.1:${cEnd}`, port.stderr);
});

test('up-fields mounts named, bind, tmpfs, anonymous and read-only volumes', async () => {
  const c = await inspect(`${project}-files-1`);
  const at = (target: string) => c.Mounts.find((m) => m.Destination === target);
  assert.deepEqual(
    { type: at('/named')?.Type, name: at('/named')?.Name, rw: at('/named')?.RW },
    { type: 'volume', name: `${project}_named`, rw: true },
  );
  assert.deepEqual(
    { type: at('/bind')?.Type, source: at('/bind')?.Source, rw: at('/bind')?.RW },
    { type: 'bind', source: join(dir, 'bind'), rw: false },
  );
  assert.equal(at('/scratch')?.Type, 'tmpfs');
  assert.equal(at('/anon')?.Type, 'volume');
  assert.match(at('/anon')?.Name ?? '', /^[0-9a-f]{64}$/);
  assert.deepEqual(
    { type: at('/plain')?.Type, name: at('/plain')?.Name, rw: at('/plain')?.RW },
    { type: 'volume', name: `${project}_plain`, rw: false },
  );
  assert.deepEqual(
    (c.HostConfig.Mounts ?? []).find((m) => m.Target === '/scratch'),
    { Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 1048576 } },
  );
  const named = await engine.volumes.inspect(`${project}_named`);
  assert.equal(named.Driver, 'local');
  assert.deepEqual(named.Options, { type: 'tmpfs', device: 'tmpfs', o: 'size=8m' });
  assert.equal(named.Labels?.['com.docker.compose.volume'], 'named');
  assert.equal(named.Labels['com.docker.compose.project'], project);

  const inside = (
    await sh(
      'files',
      [
        'cat /bind/hello.txt',
        "grep ' /named ' /proc/mounts | cut -d' ' -f1,3",
        'touch /named/x && echo named-rw',
        'touch /anon/x && echo anon-rw',
        'touch /bind/x 2>/dev/null && echo bind-rw || echo bind-ro',
        'touch /plain/x 2>/dev/null && echo plain-rw || echo plain-ro',
        "grep ' /scratch ' /proc/mounts | grep -o 'size=[0-9a-z]*'",
      ].join('; '),
    )
  )
    .trim()
    .split('\n');
  assert.deepEqual(inside, [
    'bound from the host',
    'tmpfs tmpfs',
    'named-rw',
    'anon-rw',
    'bind-ro',
    'plain-ro',
    'size=1024k',
  ]);
});

test('up-fields puts secrets and configs from files, the environment and content where compose does', async () => {
  const c = await inspect(`${project}-files-1`);
  const secret = c.Mounts.find((m) => m.Destination === '/run/secrets/file_secret');
  assert.deepEqual(
    { type: secret?.Type, source: secret?.Source, rw: secret?.RW },
    { type: 'bind', source: join(dir, 'secret.txt'), rw: false },
  );
  const config = c.Mounts.find((m) => m.Destination === '/file_config');
  assert.deepEqual(
    { type: config?.Type, source: config?.Source, rw: config?.RW },
    { type: 'bind', source: join(dir, 'config.txt'), rw: false },
  );
  const read = async (path: string): Promise<string> => sh('files', `cat ${path}`);
  assert.equal(await read('/run/secrets/file_secret'), 'secret from file\n');
  assert.equal(await read('/run/secrets/custom_env'), 'secret from the environment');
  assert.equal(await read('/file_config'), 'config from file\n');
  assert.equal(await read('/etc/env_config.txt'), 'config from the environment');
  assert.equal(await read('/content_config'), 'config from content');
  assert.equal(
    (await sh('files', 'stat -c %a /run/secrets/custom_env /content_config')).trim(),
    '444\n444',
  );
});

test('up-fields creates networks with driver options, ipam, aliases and an internal network', async () => {
  const front = await engine.networks.inspect(`${project}_front`);
  assert.equal(front.Driver, 'bridge');
  assert.equal(front.Internal, false);
  assert.equal(front.Options?.['com.docker.network.driver.mtu'], '1400');
  assert.deepEqual(
    (front.IPAM.Config ?? []).map((c) => c.Subnet),
    [subnet],
  );
  assert.equal(front.Labels?.['com.docker.compose.network'], 'front');

  const app = await inspect(`${project}-the-app`);
  const endpoint = app.NetworkSettings.Networks?.[`${project}_front`];
  assert.ok(endpoint !== undefined, JSON.stringify(app.NetworkSettings.Networks));
  for (const alias of [`${project}-the-app`, 'app', 'api', 'api.internal']) {
    assert.ok(endpoint.Aliases?.includes(alias), `${alias} in ${endpoint.Aliases?.join(',')}`);
  }
  const [start, end] = cidrRange(subnet);
  const appIp = ipv4(endpoint.IPAddress ?? '');
  assert.ok(appIp > start && appIp < end, `${endpoint.IPAddress} in ${subnet}`);
  const lookup = await sh(
    'files',
    'nslookup api; nslookup api.internal; cat /sys/class/net/eth0/mtu',
  );
  const addresses = [...lookup.matchAll(/Address:\s*(\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]);
  assert.deepEqual(addresses, [endpoint.IPAddress, endpoint.IPAddress], lookup);
  assert.match(lookup, /^1400$/m);

  const back = await engine.networks.inspect(`${project}_back`);
  assert.equal(back.Internal, true);
  assert.equal(back.Labels?.['com.docker.compose.network'], 'back');
  const isolated = await inspect(`${project}-isolated-1`);
  assert.deepEqual(Object.keys(isolated.NetworkSettings.Networks ?? {}), [`${project}_back`]);
  // The binding is requested, but an internal network has no way out: nothing is published.
  assert.deepEqual(isolated.HostConfig.PortBindings, {
    '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(ports[5]) }],
  });
  const published = Object.values(isolated.NetworkSettings.Ports ?? {}).flatMap((b) => b ?? []);
  assert.deepEqual(published, []);
  assert.equal(await refused(ports[5]), true, `127.0.0.1:${ports[5]} refuses connections`);
});

test('up-fields creates a privileged container (this engine cannot start one)', async () => {
  const r = await cli(['--profile', 'privileged', 'up', '-d', '--no-start', 'privileged']);
  assert.equal(r.code, 0, r.stderr);
  const c = await inspect(`${project}-privileged-1`);
  assert.equal(c.HostConfig.Privileged, true);
  assert.equal(c.State.Status, 'created');
});

test('up-fields stops with stop_signal and down -v removes everything of the project', async () => {
  const stop = await cli(['stop', 'app']);
  assert.equal(stop.code, 0, stop.stderr);
  const app = await inspect(`${project}-the-app`);
  // The command traps only SIGUSR1 and exits 0 on it; SIGTERM or SIGKILL would not give 0.
  assert.equal(app.State.Status, 'exited');
  assert.equal(app.State.ExitCode, 0);

  const down = await cli(['--profile', 'privileged', 'down', '-v', '-t', '0']);
  assert.equal(down.code, 0, down.stderr);
  assert.deepEqual(await engine.containers.list({ all: true, filters: byProject }), []);
  assert.deepEqual(await engine.networks.list({ filters: byProject }), []);
  assert.deepEqual((await engine.volumes.list({ filters: byProject })).Volumes, []);
});
