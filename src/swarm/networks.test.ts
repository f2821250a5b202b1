import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Issues, SpecError } from './issues.js';
import { serviceAttachments, stackNetworks } from './networks.js';
import { testProject, testService } from './stack.fixture.js';

test('stackNetworks creates the networks services use, overlay by default, and lists external ones', () => {
  const web = testService('web', { networks: { front: { aliases: ['www'] }, ext: null } });
  const db = testService('db');
  const project = testProject([web, db], {
    networks: {
      default: { name: 'demo_default', ipam: {} },
      front: {
        name: 'demo_front',
        attachable: true,
        internal: true,
        labels: { a: 'b' },
        driverOpts: { 'com.docker.network.driver.mtu': '1400' },
        ipam: { config: [{ subnet: '10.9.0.0/24', gateway: '10.9.0.1' }] },
      },
      ext: { name: 'shared-net', external: true, ipam: {} },
      unused: { name: 'demo_unused', ipam: {} },
    },
  });
  const nets = stackNetworks('shop', project);
  assert.deepEqual(nets.external, ['shared-net']);
  assert.deepEqual([...nets.create.keys()], ['shop_default', 'shop_front']);
  assert.deepEqual(nets.create.get('shop_default'), {
    Name: 'shop_default',
    Driver: 'overlay',
    Labels: { 'com.docker.stack.namespace': 'shop' },
  });
  assert.deepEqual(nets.create.get('shop_front'), {
    Name: 'shop_front',
    Driver: 'overlay',
    Labels: { a: 'b', 'com.docker.stack.namespace': 'shop' },
    Options: { 'com.docker.network.driver.mtu': '1400' },
    Internal: true,
    Attachable: true,
    IPAM: { Config: [{ Subnet: '10.9.0.0/24', Gateway: '10.9.0.1' }] },
  });
  assert.deepEqual(serviceAttachments('shop', project, web, new Issues()), [
    { Target: 'shared-net', Aliases: ['web'] },
    { Target: 'shop_front', Aliases: ['www', 'web'] },
  ]);
});

test('serviceAttachments warns for fixed addresses and refuses an undefined network', () => {
  const web = testService('web', { networks: { default: { ipv4Address: '10.0.0.5' } } });
  const issues = new Issues();
  serviceAttachments('shop', testProject([web]), web, issues);
  assert.deepEqual(
    issues.list.map((i) => i.path.join('.')),
    ['services.web.networks.default.ipv4_address'],
  );
  const lost = testService('lost', { networks: { nowhere: null } });
  assert.throws(
    () => serviceAttachments('shop', testProject([lost]), lost, new Issues()),
    SpecError,
  );
});

test('stackNetworks: IPAM driver, ranges, auxiliary addresses and options; IPv6; a given driver', () => {
  const web = testService('web', {
    networks: { back: { driverOpts: { 'com.example.opt': '1' }, aliases: ['api'] } },
  });
  const project = testProject([web], {
    networks: {
      back: {
        name: 'backend',
        driver: 'macvlan',
        enableIpv6: true,
        ipam: {
          driver: 'default',
          config: [
            {
              subnet: '10.8.0.0/16',
              ipRange: '10.8.1.0/24',
              gateway: '10.8.0.1',
              auxAddresses: { router: '10.8.0.2' },
            },
          ],
          options: { 'com.example.ipam': 'x' },
        },
      },
    },
  });
  const nets = stackNetworks('shop', project);
  assert.deepEqual(nets.create.get('backend'), {
    Name: 'backend',
    Driver: 'macvlan',
    Labels: { 'com.docker.stack.namespace': 'shop' },
    EnableIPv6: true,
    IPAM: {
      Driver: 'default',
      Config: [
        {
          Subnet: '10.8.0.0/16',
          IPRange: '10.8.1.0/24',
          Gateway: '10.8.0.1',
          AuxiliaryAddresses: { router: '10.8.0.2' },
        },
      ],
      Options: { 'com.example.ipam': 'x' },
    },
  });
  assert.deepEqual(serviceAttachments('shop', project, web, new Issues()), [
    { Target: 'backend', Aliases: ['api', 'web'], DriverOpts: { 'com.example.opt': '1' } },
  ]);
});

test('serviceAttachments warns for each address, MAC, interface and priority Swarm cannot set', () => {
  const web = testService('web', {
    networks: {
      default: {
        ipv6Address: 'fd00::5',
        linkLocalIps: ['169.254.1.1'],
        macAddress: '02:42:ac:11:00:02',
        interfaceName: 'eth5',
        priority: 10,
        gatewayPriority: 1,
      },
    },
  });
  const issues = new Issues();
  serviceAttachments('shop', testProject([web]), web, issues);
  assert.deepEqual(
    issues.list.map((i) => i.path.at(-1)),
    ['ipv6_address', 'link_local_ips', 'mac_address', 'interface_name', 'priority', 'gw_priority'],
  );
  assert.ok(issues.list.every((i) => i.kind === 'unsupported' && /service web/.test(i.message)));
});
