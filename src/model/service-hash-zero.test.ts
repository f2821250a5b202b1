import assert from 'node:assert/strict';
import { test } from 'node:test';
import { marshalProjectJson } from './marshal-json.js';
import { marshalProjectYaml } from './marshal-yaml.js';
import { serviceHash } from './service-hash.js';

/**
 * Services with zero and empty values in every field family (the canonical trees the loader
 * makes of them), and the config hash docker compose 2.26.1 printed for each
 * (`docker compose config --hash '*'`). 2.26.1 and current docker compose hash these alike: none
 * has `depends_on`, `env_file`, a file `mode`, a bind mount or network `priority`, where the two
 * differ.
 */
const CASES: readonly (readonly [string, Record<string, unknown>, string])[] = [
  [
    'ulim',
    {
      image: 'busybox',
      ulimits: {
        core: 0,
        nofile: { soft: 0, hard: 0 },
        nproc: { soft: 1, hard: 0 },
        memlock: -1,
        stack: 65536,
      },
      networks: { default: null },
    },
    'a7a67d26bfbeb0a2a92b1eb163993d3f5a4b64d01a9bd12f1b9afc8896035aa7',
  ],
  [
    'cpu',
    {
      image: 'busybox',
      cpu_count: 0,
      cpu_percent: 0,
      cpu_period: 0,
      cpu_quota: 0,
      cpu_rt_period: 0,
      cpu_rt_runtime: 0,
      cpus: 0,
      cpu_shares: 0,
      cpuset: '',
      networks: { default: null },
    },
    '2afd7866203dca40993313263173003833e9de9c3ad83f2f59484e32a5605234',
  ],
  [
    'mem',
    {
      image: 'busybox',
      mem_limit: 0,
      mem_reservation: 0,
      memswap_limit: 0,
      mem_swappiness: 0,
      shm_size: 0,
      oom_score_adj: 0,
      pids_limit: 0,
      oom_kill_disable: false,
      networks: { default: null },
    },
    '2afd7866203dca40993313263173003833e9de9c3ad83f2f59484e32a5605234',
  ],
  [
    'memset',
    {
      image: 'busybox',
      mem_limit: '512m',
      memswap_limit: -1,
      shm_size: '64m',
      pids_limit: -1,
      cpus: 1.5,
      oom_score_adj: -500,
      networks: { default: null },
    },
    '1f5b16022a526746c7d0905e06c5939f50b2d01000e931e5440db33afec95b26',
  ],
  [
    'bools',
    {
      image: 'busybox',
      attach: false,
      init: false,
      privileged: false,
      read_only: false,
      stdin_open: false,
      tty: false,
      networks: { default: null },
    },
    'c9f472a868d26f305585fbf47cc07d80558c027e99501b791d0efd889e4bb2ed',
  ],
  [
    'emptylists',
    {
      image: 'busybox',
      command: [],
      entrypoint: [],
      dns: [],
      dns_search: [],
      dns_opt: [],
      tmpfs: [],
      expose: [],
      cap_add: [],
      cap_drop: [],
      group_add: [],
      links: [],
      external_links: [],
      security_opt: [],
      device_cgroup_rules: [],
      devices: [],
      volumes: [],
      volumes_from: [],
      ports: [],
      secrets: [],
      configs: [],
      extra_hosts: [],
      networks: { default: null },
    },
    '3a35a71a3b340a8a3e5940976ab52ddb013a43e50b5a125db3c1925dd7f1ce8a',
  ],
  [
    'emptystrings',
    {
      image: 'busybox',
      command: '',
      entrypoint: '',
      dns: [],
      tmpfs: '',
      hostname: '',
      user: '',
      working_dir: '',
      restart: '',
      stop_signal: '',
      platform: '',
      networks: { default: null },
    },
    '490b1f0b43ebaceb0b0e5be8f5d2d253876df67853dae45cf59cdeeef569e1ae',
  ],
  [
    'emptymaps',
    {
      image: 'busybox',
      labels: {},
      annotations: {},
      sysctls: {},
      storage_opt: {},
      extra_hosts: {},
      networks: { default: null },
    },
    '2afd7866203dca40993313263173003833e9de9c3ad83f2f59484e32a5605234',
  ],
  [
    'nullvalues',
    {
      image: 'busybox',
      environment: { A: null, B: '' },
      labels: { L: '' },
      sysctls: { 'net.core.somaxconn': 0 },
      networks: { default: null },
    },
    '918e2e7debd77bebbe33515c47d329ac81ca3c2a6726e9d718324d58765c1cd8',
  ],
  [
    'stopgrace',
    { image: 'busybox', stop_grace_period: '0s', networks: { default: null } },
    '9cd1ab68c7a18c6b3f6b68b349acc1aab38300e534201b6d9d9c1ce0dafc2d3c',
  ],
  [
    'hc0',
    {
      image: 'busybox',
      healthcheck: {
        test: ['CMD', 'true'],
        interval: '0s',
        timeout: '0s',
        retries: 0,
        start_period: '0s',
        start_interval: '0s',
        disable: false,
      },
      networks: { default: null },
    },
    'b2cef4574ef758e57f023f6b7d9c952d51ba942962db241964ab91859dd37e0d',
  ],
  [
    'hcempty',
    { image: 'busybox', healthcheck: {}, networks: { default: null } },
    '826b3645a29dff7bf8a0edd2fd771d841440acadfa3f843d9fdc7824a8692e78',
  ],
  [
    'hcdisable',
    { image: 'busybox', healthcheck: { disable: true }, networks: { default: null } },
    'cf621bfd67b6130be5e846e83c6b9e0fd9a2f2edfee29570ca6a1d31e54e95d9',
  ],
  [
    'log0',
    { image: 'busybox', logging: { driver: '', options: {} }, networks: { default: null } },
    '084c97bd8a56307d336d04c21b59f317dd3b66527199597a8dcda4b3288b0ea1',
  ],
  [
    'blkio0',
    {
      image: 'busybox',
      blkio_config: {
        weight: 0,
        weight_device: [{ path: '/dev/sda', weight: 0 }],
        device_read_bps: [{ path: '/dev/sda', rate: 0 }],
        device_write_iops: [{ path: '/dev/sda', rate: '1k' }],
      },
      networks: { default: null },
    },
    'e96646af05c898b24b48f26368a0b217a8d34297b20095afe9a0355446b1b528',
  ],
  [
    'deploy0',
    {
      image: 'busybox',
      deploy: {
        replicas: 0,
        labels: {},
        resources: {
          limits: { cpus: 0, memory: '0', pids: 0 },
          reservations: {
            cpus: '0.5',
            memory: '0',
            devices: [{ capabilities: ['gpu'], count: 0 }],
          },
        },
        restart_policy: { condition: '', delay: '0s', max_attempts: 0, window: '0s' },
        update_config: { parallelism: 0, delay: '0s', max_failure_ratio: 0, monitor: '0s' },
        rollback_config: {},
        placement: { constraints: [], preferences: [], max_replicas_per_node: 0 },
      },
      networks: { default: null },
    },
    'b97c69edc3d42c4f60a73e10adc79c4370de56d0f80a55d9291afa51e036ff7c',
  ],
  [
    'deployempty',
    { image: 'busybox', deploy: {}, networks: { default: null } },
    '3494957511a9b091d7f90aa251b1bdfd2e7808316404a558b50731a407bcf780',
  ],
  [
    'portsshort',
    {
      image: 'busybox',
      ports: [
        { mode: 'ingress', target: 80, protocol: 'tcp' },
        { mode: 'ingress', target: 81, published: '0', protocol: 'tcp' },
        { mode: 'ingress', host_ip: '127.0.0.1', target: 82, protocol: 'tcp' },
        { mode: 'ingress', target: 80, published: '8080', protocol: 'udp' },
        { mode: 'ingress', target: 9000, published: '9000', protocol: 'tcp' },
        { mode: 'ingress', target: 9001, published: '9001', protocol: 'tcp' },
      ],
      networks: { default: null },
    },
    'df7e7fe2f650b3be34e125e2deff661e20ce2fd1c92e6257cc7a2c1a41db570e',
  ],
  [
    'portslong',
    {
      image: 'busybox',
      ports: [
        { target: 80, published: '0', protocol: 'tcp', mode: 'host' },
        { target: 81, published: 8081, protocol: 'tcp', mode: 'ingress' },
      ],
      networks: { default: null },
    },
    'd53acf201cd85742cacb6e8d703f6a41eaf1ec0586b7e699ef2252de077293f2',
  ],
  [
    'nets',
    {
      image: 'busybox',
      networks: {
        default: {},
        n1: { aliases: [], ipv4_address: '', priority: 0, link_local_ips: [], driver_opts: {} },
      },
    },
    '69fc5ad7644461a55f5cfec429473380f6416acbc8c546002cdce29c923c2e1d',
  ],
  [
    'credspec',
    { image: 'busybox', credential_spec: {}, networks: { default: null } },
    'c4faf73dd1a1040ef6d2bc80fd3fd4ceb15fee1f60330eda8054001171811577',
  ],
  [
    'dev',
    {
      image: 'busybox',
      devices: [
        { source: '/dev/null', target: '/dev/null', permissions: 'rwm' },
        { source: '/dev/zero', target: '/dev/zero', permissions: '' },
      ],
      networks: { default: null },
    },
    '8234732e57a291bd47fd1081019c4e4b9c18dbf9bdd20479a41f54a4e5e22a03',
  ],
];

test('serviceHash of zero and empty values matches docker compose, field family by family', () => {
  for (const [name, service, expected] of CASES) {
    assert.equal(serviceHash(service, name), expected, name);
  }
});

test('a zero single ulimit is written as docker compose writes it: {} in JSON, soft and hard in YAML', () => {
  const tree = {
    name: 'p',
    services: { a: { image: 'busybox', ulimits: { core: 0, nproc: 5 } } },
  };
  assert.match(marshalProjectJson(tree), /"ulimits": \{\n {8}"core": \{\},\n {8}"nproc": 5\n/);
  assert.match(
    marshalProjectYaml(tree),
    /ulimits:\n {6}core:\n {8}soft: 0\n {8}hard: 0\n {6}nproc: 5\n/,
  );
  // The case: `ulimits: {core: 0}` hashed as docker compose 2.26.1 does.
  assert.equal(
    serviceHash({ image: 'busybox', ulimits: { core: 0 }, networks: { default: null } }),
    'e67d106a77e4e020fe9798a939cd584359ef2e2f648853be621d7135bdf0d200',
  );
});
