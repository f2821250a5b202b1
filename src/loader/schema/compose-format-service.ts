import { RESOURCE_NAME, ANY_KEY_ANCHORED } from './compose-format-common.js';
import {
  amount,
  anyMapping,
  count,
  either,
  flag,
  integer,
  list,
  nothing,
  number,
  record,
  scalar,
  strictBoolean,
  struct,
  text,
  use,
  type Shape,
} from './dsl.js';

/** `build` in its long syntax. */
const buildOptions = struct({
  context: text(),
  dockerfile: text(),
  dockerfile_inline: text(),
  entitlements: list(text()),
  args: use('keyValues'),
  ssh: use('keyValues'),
  labels: use('keyValues'),
  cache_from: list(text()),
  cache_to: list(text()),
  no_cache: flag(),
  no_cache_filter: use('stringOrList'),
  additional_contexts: use('keyValues'),
  network: text(),
  provenance: flag(),
  sbom: flag(),
  pull: flag(),
  target: text(),
  shm_size: count(),
  extra_hosts: use('extraHosts'),
  isolation: text(),
  privileged: flag(),
  secrets: use('fileGrants'),
  tags: list(text()),
  ulimits: use('resourceLimits'),
  platforms: list(text()),
});

const blkioConfig = struct(
  {
    device_read_bps: list(use('blkioLimit')),
    device_read_iops: list(use('blkioLimit')),
    device_write_bps: list(use('blkioLimit')),
    device_write_iops: list(use('blkioLimit')),
    weight: count(),
    weight_device: list(use('blkioWeight')),
  },
  { extensible: false },
);

const dependsOn = either(
  use('stringSet'),
  record(
    RESOURCE_NAME,
    struct(
      {
        restart: flag(),
        required: strictBoolean(),
        condition: text({
          oneOfValues: ['service_started', 'service_healthy', 'service_completed_successfully'],
        }),
      },
      { required: ['condition'] },
    ),
    { closed: true },
  ),
);

const deviceMappings = list(
  either(
    text(),
    struct({ source: text(), target: text(), permissions: text() }, { required: ['source'] }),
  ),
);

const extendsTarget = either(
  text(),
  struct({ service: text(), file: text() }, { extensible: false, required: ['service'] }),
);

const provider = struct(
  {
    type: text(),
    options: record(
      ANY_KEY_ANCHORED,
      either(
        scalar(['string', 'number', 'boolean']),
        list(scalar(['string', 'number', 'boolean'])),
      ),
    ),
  },
  { required: ['type'] },
);

const logging = struct({
  driver: text(),
  options: record(ANY_KEY_ANCHORED, scalar(['string', 'number', 'null'])),
});

const serviceModels = either(
  use('stringSet'),
  record(RESOURCE_NAME, either(struct({ endpoint_var: text(), model_var: text() }), nothing())),
);

const serviceNetworks = either(
  use('stringSet'),
  record(
    RESOURCE_NAME,
    either(
      struct({
        aliases: use('stringSet'),
        interface_name: text(),
        ipv4_address: text(),
        ipv6_address: text(),
        link_local_ips: use('stringSet'),
        mac_address: text(),
        driver_opts: record(ANY_KEY_ANCHORED, scalar(['string', 'number'])),
        priority: number(),
        gw_priority: number(),
      }),
      nothing(),
    ),
    { closed: true },
  ),
);

const portMappings = list(
  either(
    number(),
    text(),
    struct({
      name: text(),
      mode: text(),
      host_ip: text(),
      target: count(),
      published: scalar(['string', 'integer']),
      protocol: text(),
      app_protocol: text(),
    }),
  ),
  { unique: true },
);

const mounts = list(
  either(
    text(),
    struct(
      {
        type: text({ oneOfValues: ['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'] }),
        source: text(),
        target: text(),
        read_only: flag(),
        consistency: text(),
        bind: struct({
          propagation: text(),
          create_host_path: flag(),
          recursive: text({ oneOfValues: ['enabled', 'disabled', 'writable', 'readonly'] }),
          selinux: text({ oneOfValues: ['z', 'Z'] }),
        }),
        volume: struct({ labels: use('keyValues'), nocopy: flag(), subpath: text() }),
        tmpfs: struct({
          size: either(integer({ atLeast: 0 }), text()),
          mode: amount(),
        }),
        image: struct({ subpath: text() }),
      },
      { required: ['type'] },
    ),
  ),
  { unique: true },
);

/** A container option that may be given as a number or through `${VAR}`. */
const stringOrInteger = (bounds: { atLeast?: number; atMost?: number }): Shape =>
  either(text(), integer(bounds));

/** One service. */
export const service = struct({
  develop: use('development'),
  deploy: use('deployment'),
  annotations: use('keyValues'),
  attach: flag(),
  build: either(text(), buildOptions),
  blkio_config: blkioConfig,
  cap_add: list(text(), { unique: true }),
  cap_drop: list(text(), { unique: true }),
  cgroup: text({ oneOfValues: ['host', 'private'] }),
  cgroup_parent: text(),
  command: use('commandLine'),
  configs: use('fileGrants'),
  container_name: text({ matches: '[a-zA-Z0-9][a-zA-Z0-9_.-]+' }),
  cpu_count: stringOrInteger({ atLeast: 0 }),
  cpu_percent: stringOrInteger({ atLeast: 0, atMost: 100 }),
  cpu_shares: amount(),
  cpu_quota: amount(),
  cpu_period: amount(),
  cpu_rt_period: amount(),
  cpu_rt_runtime: amount(),
  cpus: amount(),
  cpuset: text(),
  credential_spec: struct({ config: text(), file: text(), registry: text() }),
  depends_on: dependsOn,
  device_cgroup_rules: use('stringSet'),
  devices: deviceMappings,
  dns: use('stringOrList'),
  dns_opt: list(text(), { unique: true }),
  dns_search: use('stringOrList'),
  domainname: text(),
  entrypoint: use('commandLine'),
  env_file: use('envFiles'),
  label_file: use('labelFiles'),
  environment: use('keyValues'),
  expose: list(scalar(['string', 'number']), { unique: true }),
  extends: extendsTarget,
  provider,
  external_links: list(text(), { unique: true }),
  extra_hosts: use('extraHosts'),
  gpus: use('gpuRequests'),
  group_add: list(scalar(['string', 'number']), { unique: true }),
  healthcheck: use('healthcheck'),
  hostname: text(),
  image: text(),
  init: flag(),
  ipc: text(),
  isolation: text(),
  labels: use('keyValues'),
  links: list(text(), { unique: true }),
  logging,
  mac_address: text(),
  mem_limit: amount(),
  mem_reservation: scalar(['string', 'integer']),
  mem_swappiness: count(),
  memswap_limit: amount(),
  network_mode: text(),
  models: serviceModels,
  networks: serviceNetworks,
  oom_kill_disable: flag(),
  oom_score_adj: stringOrInteger({ atLeast: -1000, atMost: 1000 }),
  pid: scalar(['string', 'null']),
  pids_limit: amount(),
  platform: text(),
  ports: portMappings,
  pre_start: list(use('preStartHook')),
  post_start: list(use('serviceHook')),
  pre_stop: list(use('serviceHook')),
  privileged: flag(),
  profiles: use('stringSet'),
  pull_policy: text({
    matches:
      'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+',
  }),
  pull_refresh_after: text(),
  read_only: flag(),
  restart: text(),
  runtime: text(),
  scale: count(),
  security_opt: list(text(), { unique: true }),
  shm_size: amount(),
  secrets: use('fileGrants'),
  sysctls: use('keyValues'),
  stdin_open: flag(),
  stop_grace_period: text(),
  stop_signal: text(),
  storage_opt: anyMapping(),
  tmpfs: use('stringOrList'),
  tty: flag(),
  ulimits: use('resourceLimits'),
  use_api_socket: strictBoolean(),
  user: text(),
  uts: text(),
  userns_mode: text(),
  volumes: mounts,
  volumes_from: list(text(), { unique: true }),
  working_dir: text(),
});

/** A service's `healthcheck`. */
export const healthcheck = struct({
  disable: flag(),
  interval: text(),
  retries: amount(),
  test: either(text(), list(text())),
  timeout: text(),
  start_period: text(),
  start_interval: text(),
});
