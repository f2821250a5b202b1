import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Issues } from './issues.js';
import { serviceMounts } from './mounts.js';
import { testProject, testService } from './stack.fixture.js';

test('serviceMounts scopes named volumes and gives them the stack label, driver and labels', () => {
  const s = testService('db', {
    volumes: [
      { type: 'volume', source: 'data', target: '/data', volume: { noCopy: true } },
      { type: 'volume', source: 'shared', target: '/shared', readOnly: true },
      { type: 'volume', target: '/anon' },
    ],
  });
  const project = testProject([s], {
    volumes: {
      data: {
        name: 'demo_data',
        driver: 'local',
        driverOpts: { type: 'tmpfs' },
        labels: { a: 'b' },
      },
      shared: { name: 'shared-volume', external: true },
    },
  });
  const issues = new Issues();
  assert.deepEqual(serviceMounts(s, { stack: 'shop', project, apiVersion: '1.41', issues }), [
    {
      Type: 'volume',
      Target: '/data',
      Source: 'shop_data',
      VolumeOptions: {
        NoCopy: true,
        Labels: { a: 'b', 'com.docker.stack.namespace': 'shop' },
        DriverConfig: { Name: 'local', Options: { type: 'tmpfs' } },
      },
    },
    {
      Type: 'volume',
      Target: '/shared',
      ReadOnly: true,
      Source: 'shared-volume',
      VolumeOptions: {},
    },
    { Type: 'volume', Target: '/anon' },
  ]);
  assert.deepEqual(issues.list, []);
});

test('serviceMounts: bind and tmpfs options, service-level tmpfs (dropped by docker stack deploy)', () => {
  const s = testService('app', {
    volumes: [
      {
        type: 'bind',
        source: '/srv/conf',
        target: '/conf',
        bind: { propagation: 'rslave', createHostPath: true, selinux: 'z' },
      },
      { type: 'tmpfs', target: '/t', tmpfs: { size: 1024, mode: 0o1777 } },
    ],
    tmpfs: ['/run/a', '/run/b:size=64k,mode=700,noexec'],
  });
  const issues = new Issues();
  const mounts = serviceMounts(s, {
    stack: 'shop',
    project: testProject([s]),
    apiVersion: '1.41',
    issues,
  });
  assert.deepEqual(mounts, [
    { Type: 'bind', Target: '/conf', Source: '/srv/conf', BindOptions: { Propagation: 'rslave' } },
    { Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 1024, Mode: 0o1777 } },
    { Type: 'tmpfs', Target: '/run/a' },
    { Type: 'tmpfs', Target: '/run/b', TmpfsOptions: { SizeBytes: 65536, Mode: 0o700 } },
  ]);
  assert.deepEqual(
    issues.list.map((i) => i.path.join('.')),
    ['services.app.volumes.0.bind.selinux', 'services.app.tmpfs.1'],
  );
  const newer = serviceMounts(s, {
    stack: 'shop',
    project: testProject([s]),
    apiVersion: '1.42',
    issues: new Issues(),
  });
  assert.deepEqual(newer[0].BindOptions, { Propagation: 'rslave', CreateMountpoint: true });
});

test('serviceMounts: subpath from API 1.45, image mounts from 1.48, recursive, labels, cluster', () => {
  const s = testService('app', {
    volumes: [
      {
        type: 'volume',
        source: 'data',
        target: '/data',
        consistency: 'cached',
        volume: { subpath: 'sub', labels: { mount: 'yes' } },
      },
      { type: 'bind', source: '/srv/a', target: '/a', bind: { recursive: 'disabled' } },
      { type: 'bind', source: '/srv/b', target: '/b', bind: { recursive: 'readonly' } },
      { type: 'image', source: 'busybox:latest', target: '/img', image: { subpath: 'bin' } },
      { type: 'npipe', source: '\\\\.\\pipe\\docker', target: '\\\\.\\pipe\\docker' },
      { type: 'cluster', source: 'c', target: '/c' },
    ],
  });
  const project = testProject([s], {
    volumes: { data: { name: 'demo_data', labels: { top: 'yes' } } },
  });
  const old = new Issues();
  const mounts = serviceMounts(s, { stack: 'shop', project, apiVersion: '1.41', issues: old });
  assert.deepEqual(mounts, [
    {
      Type: 'volume',
      Target: '/data',
      Consistency: 'cached',
      Source: 'shop_data',
      VolumeOptions: {
        Labels: { top: 'yes', mount: 'yes', 'com.docker.stack.namespace': 'shop' },
      },
    },
    { Type: 'bind', Target: '/a', Source: '/srv/a', BindOptions: { NonRecursive: true } },
    { Type: 'bind', Target: '/b', Source: '/srv/b' },
    { Type: 'npipe', Target: '\\\\.\\pipe\\docker', Source: '\\\\.\\pipe\\docker' },
  ]);
  assert.deepEqual(
    old.list.map((i) => `${i.kind} ${i.path.join('.')}`),
    [
      'api-version services.app.volumes.0.volume.subpath',
      'unsupported services.app.volumes.2.bind.recursive',
      'api-version services.app.volumes.3',
      'unsupported services.app.volumes.5',
    ],
  );
  const recent = new Issues();
  const newer = serviceMounts(s, { stack: 'shop', project, apiVersion: '1.48', issues: recent });
  assert.equal(newer[0].VolumeOptions?.Subpath, 'sub');
  assert.deepEqual(newer[3], {
    Type: 'image',
    Target: '/img',
    Source: 'busybox:latest',
    ImageOptions: { Subpath: 'bin' },
  });
  assert.equal(recent.list.filter((i) => i.kind === 'api-version').length, 0);
});
