import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testService } from './stack.fixture.js';
import { unsupportedFields } from './unsupported.js';

test('unsupportedFields: one warning per field set, naming the service and the compose key', () => {
  const s = testService('web', {
    annotations: { a: 'b' },
    blkioConfig: { weight: 10 },
    cgroup: 'host',
    cgroupParent: 'p',
    containerName: 'w',
    cpuCount: 1,
    cpuPercent: 50,
    cpuPeriod: 1000,
    cpuQuota: 500,
    cpuRtPeriod: 1,
    cpuRtRuntime: 1,
    cpuSet: '0',
    cpuShares: 512,
    deviceCgroupRules: ['c 1:3 mr'],
    devices: [{ source: '/dev/null', target: '/dev/n', permissions: 'rwm' }],
    domainName: 'example',
    externalLinks: ['x'],
    gpus: [{ count: -1 }],
    ipc: 'host',
    labelFiles: ['/srv/labels'],
    links: ['db'],
    macAddress: '02:42:ac:11:00:02',
    net: 'host',
    networkMode: 'host',
    oomKillDisable: true,
    pid: 'host',
    privileged: true,
    runtime: 'runc',
    securityOpt: ['no-new-privileges'],
    shmSize: 1024,
    storageOpt: { size: '1G' },
    usernsMode: 'host',
    uts: 'host',
    volumeDriver: 'local',
    volumesFrom: ['db'],
  });
  const issues = unsupportedFields(s);
  assert.deepEqual(
    issues.map((i) => i.path.at(-1)),
    [
      'annotations',
      'blkio_config',
      'cgroup',
      'cgroup_parent',
      'container_name',
      'cpu_count',
      'cpu_percent',
      'cpu_period',
      'cpu_quota',
      'cpu_rt_period',
      'cpu_rt_runtime',
      'cpuset',
      'cpu_shares',
      'device_cgroup_rules',
      'devices',
      'domainname',
      'external_links',
      'gpus',
      'ipc',
      'links',
      'mac_address',
      'net',
      'network_mode',
      'oom_kill_disable',
      'pid',
      'privileged',
      'runtime',
      'security_opt',
      'shm_size',
      'storage_opt',
      'userns_mode',
      'uts',
      'volume_driver',
      'volumes_from',
    ],
  );
  for (const i of issues) {
    assert.equal(i.kind, 'unsupported');
    assert.equal(i.path[1], 'web');
    assert.match(i.message, new RegExp(`^service web: ${String(i.path[2])} is not supported`));
  }
});

test('unsupportedFields: false, empty lists and unset fields are no warning', () => {
  const s = testService('web', { privileged: false, links: [], securityOpt: [], labels: {} });
  assert.deepEqual(unsupportedFields(s), []);
});
