import type { BuildConfig, SshKey } from './build.js';
import { FieldReader, describe, isTreeDict, put } from './decode-reader.js';
import type { DeployConfig, Resource, UpdateConfig } from './deploy.js';
import type { ServiceConfig } from './service.js';
import type {
  BlkioConfig,
  DeviceRequest,
  EnvFile,
  FileReference,
  ServiceHook,
  ServiceVolumeConfig,
  ThrottleDevice,
  UlimitConfig,
} from './service-parts.js';

/**
 * Decodes one service of the canonical tree.
 * @throws ModelError for a value that cannot be converted.
 */
export function decodeService(r: FieldReader, name: string): ServiceConfig {
  return {
    name,
    profiles: r.strList('profiles'),
    annotations: r.mapping('annotations'),
    attach: r.bool('attach'),
    build: opt(r.child('build'), decodeBuild),
    develop: opt(r.child('develop'), (d) => ({
      watch: d.list('watch', (w) => ({
        path: w.requiredStr('path'),
        action: w.requiredStr('action'),
        target: w.str('target'),
        exec: opt(w.child('exec'), decodeHook),
        include: w.strList('include'),
        ignore: w.strList('ignore'),
        initialSync: w.bool('initial_sync'),
        extensions: w.extensions(),
      })),
      extensions: d.extensions(),
    })),
    blkioConfig: opt(r.child('blkio_config'), decodeBlkio),
    capAdd: r.strList('cap_add'),
    capDrop: r.strList('cap_drop'),
    cgroupParent: r.str('cgroup_parent'),
    cgroup: r.str('cgroup'),
    cpuCount: r.int('cpu_count'),
    cpuPercent: r.float('cpu_percent'),
    cpuPeriod: r.int('cpu_period'),
    cpuQuota: r.int('cpu_quota'),
    cpuRtPeriod: r.int('cpu_rt_period'),
    cpuRtRuntime: r.int('cpu_rt_runtime'),
    cpus: r.float('cpus'),
    cpuSet: r.str('cpuset'),
    cpuShares: r.int('cpu_shares'),
    command: r.command('command'),
    configs: r.list('configs', decodeFileReference),
    containerName: r.str('container_name'),
    credentialSpec: opt(r.child('credential_spec'), (c) => ({
      config: c.str('config'),
      file: c.str('file'),
      registry: c.str('registry'),
      extensions: c.extensions(),
    })),
    dependsOn: r.record('depends_on', (d) => ({
      condition: d.requiredStr('condition', 'service_started'),
      restart: d.bool('restart'),
      required: d.bool('required') ?? true,
      extensions: d.extensions(),
    })),
    deploy: opt(r.child('deploy'), decodeDeploy),
    deviceCgroupRules: r.strList('device_cgroup_rules'),
    devices: r.list('devices', (d) => ({
      source: d.requiredStr('source'),
      target: d.requiredStr('target'),
      permissions: d.str('permissions'),
      extensions: d.extensions(),
    })),
    dns: r.strList('dns'),
    dnsOpts: r.strList('dns_opt'),
    dnsSearch: r.strList('dns_search'),
    dockerfile: r.str('dockerfile'),
    domainName: r.str('domainname'),
    entrypoint: r.command('entrypoint'),
    provider: opt(r.child('provider'), (p) => ({
      type: p.str('type'),
      options: opt(p.child('options'), (o) => {
        const out: Record<string, readonly string[]> = {};
        for (const key of Object.keys(o.node)) put(out, key, o.strList(key) ?? []);
        return out;
      }),
      extensions: p.extensions(),
    })),
    environment: r.mappingWithEquals('environment'),
    envFiles: r.list('env_file', decodeEnvFile),
    expose: r.strList('expose'),
    extends: opt(r.child('extends'), (e) => ({
      file: e.str('file'),
      service: e.requiredStr('service'),
    })),
    externalLinks: r.strList('external_links'),
    extraHosts: decodeHosts(r, 'extra_hosts'),
    groupAdd: r.strList('group_add'),
    gpus: r.list('gpus', decodeDeviceRequest),
    hostname: r.str('hostname'),
    healthcheck: opt(r.child('healthcheck'), (h) => ({
      test: healthcheckTest(h),
      timeout: h.duration('timeout'),
      interval: h.duration('interval'),
      retries: h.int('retries'),
      startPeriod: h.duration('start_period'),
      startInterval: h.duration('start_interval'),
      disable: h.bool('disable'),
      extensions: h.extensions(),
    })),
    image: r.str('image'),
    init: r.bool('init'),
    ipc: r.str('ipc'),
    isolation: r.str('isolation'),
    labels: r.mapping('labels'),
    labelFiles: r.strList('label_file'),
    links: r.strList('links'),
    logging: opt(r.child('logging'), (l) => ({
      driver: l.str('driver'),
      options: l.mapping('options'),
      extensions: l.extensions(),
    })),
    logDriver: r.str('log_driver'),
    logOpt: r.mapping('log_opt'),
    memLimit: r.bytes('mem_limit'),
    memReservation: r.bytes('mem_reservation'),
    memSwapLimit: r.bytes('memswap_limit'),
    memSwappiness: r.bytes('mem_swappiness'),
    macAddress: r.str('mac_address'),
    models: r.nullableRecord('models', (m) => ({
      endpointVariable: m.str('endpoint_var'),
      modelVariable: m.str('model_var'),
      extensions: m.extensions(),
    })),
    net: r.str('net'),
    networkMode: r.str('network_mode'),
    networks: r.nullableRecord('networks', (n) => ({
      aliases: n.strList('aliases'),
      driverOpts: n.mapping('driver_opts'),
      gatewayPriority: n.int('gw_priority'),
      interfaceName: n.str('interface_name'),
      ipv4Address: n.str('ipv4_address'),
      ipv6Address: n.str('ipv6_address'),
      linkLocalIps: n.strList('link_local_ips'),
      macAddress: n.str('mac_address'),
      priority: n.int('priority'),
      extensions: n.extensions(),
    })),
    oomKillDisable: r.bool('oom_kill_disable'),
    oomScoreAdj: r.int('oom_score_adj'),
    pid: r.str('pid'),
    pidsLimit: r.int('pids_limit'),
    platform: r.str('platform'),
    ports: r.list('ports', (p) => ({
      name: p.str('name'),
      mode: p.str('mode'),
      hostIp: p.str('host_ip'),
      target: p.int('target') ?? 0,
      published: p.str('published'),
      protocol: p.str('protocol'),
      appProtocol: p.str('app_protocol'),
      extensions: p.extensions(),
    })),
    privileged: r.bool('privileged'),
    pullPolicy: r.str('pull_policy'),
    readOnly: r.bool('read_only'),
    restart: r.str('restart'),
    runtime: r.str('runtime'),
    scale: r.int('scale'),
    secrets: r.list('secrets', decodeFileReference),
    securityOpt: r.strList('security_opt'),
    shmSize: r.bytes('shm_size'),
    stdinOpen: r.bool('stdin_open'),
    stopGracePeriod: r.duration('stop_grace_period'),
    stopSignal: r.str('stop_signal'),
    storageOpt: r.mapping('storage_opt'),
    sysctls: r.mapping('sysctls'),
    tmpfs: r.strList('tmpfs'),
    tty: r.bool('tty'),
    ulimits: r.has('ulimits') ? decodeUlimits(r, 'ulimits') : undefined,
    useApiSocket: r.bool('use_api_socket'),
    user: r.str('user'),
    usernsMode: r.str('userns_mode'),
    uts: r.str('uts'),
    volumeDriver: r.str('volume_driver'),
    volumes: r.list('volumes', decodeServiceVolume),
    volumesFrom: r.strList('volumes_from'),
    workingDir: r.str('working_dir'),
    preStart: r.list('pre_start', decodeHook),
    postStart: r.list('post_start', decodeHook),
    preStop: r.list('pre_stop', decodeHook),
    extensions: r.extensions(),
  };
}

function opt<T>(reader: FieldReader | undefined, decode: (r: FieldReader) => T): T | undefined {
  return reader === undefined ? undefined : decode(reader);
}

function decodeBuild(b: FieldReader): BuildConfig {
  return {
    context: b.str('context'),
    dockerfile: b.str('dockerfile'),
    dockerfileInline: b.str('dockerfile_inline'),
    entitlements: b.strList('entitlements'),
    args: b.mappingWithEquals('args'),
    provenance: b.str('provenance'),
    sbom: b.str('sbom'),
    ssh: decodeSsh(b),
    labels: b.mapping('labels'),
    cacheFrom: b.strList('cache_from'),
    cacheTo: b.strList('cache_to'),
    noCache: b.bool('no_cache'),
    noCacheFilter: b.strList('no_cache_filter'),
    additionalContexts: b.mapping('additional_contexts'),
    pull: b.bool('pull'),
    extraHosts: decodeHosts(b, 'extra_hosts'),
    isolation: b.str('isolation'),
    network: b.str('network'),
    target: b.str('target'),
    secrets: b.list('secrets', decodeFileReference),
    shmSize: b.bytes('shm_size'),
    tags: b.strList('tags'),
    ulimits: b.has('ulimits') ? decodeUlimits(b, 'ulimits') : undefined,
    platforms: b.strList('platforms'),
    privileged: b.bool('privileged'),
    extensions: b.extensions(),
  };
}

function decodeSsh(b: FieldReader): readonly SshKey[] | undefined {
  const value = b.raw('ssh');
  if (value === undefined || value === null) return undefined;
  const out: SshKey[] = [];
  if (Array.isArray(value)) {
    for (const entry of b.strList('ssh') ?? []) {
      const eq = entry.indexOf('=');
      out.push(eq < 0 ? { id: entry } : { id: entry.slice(0, eq), path: entry.slice(eq + 1) });
    }
    return out;
  }
  const map = b.mappingWithEquals('ssh') ?? {};
  for (const [id, path] of Object.entries(map)) out.push(path === null ? { id } : { id, path });
  return out;
}

function decodeHosts(
  r: FieldReader,
  key: string,
): Readonly<Record<string, readonly string[]>> | undefined {
  const value = r.raw(key);
  if (value === undefined || value === null) return undefined;
  const out: Record<string, string[]> = {};
  const add = (host: string, ips: readonly string[]): void => {
    if (host === '' || /[:=]/.test(host)) r.fail(key, `bad host name '${host}'`);
    const cleaned = ips.map((ip) =>
      ip.length > 2 && ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip,
    );
    const existing = Object.hasOwn(out, host) ? out[host] : [];
    put(out, host, [...existing, ...cleaned]);
  };
  if (Array.isArray(value)) {
    for (const entry of r.strList(key) ?? []) {
      const sep = entry.includes('=') ? '=' : entry.includes(':') ? ':' : undefined;
      if (sep === undefined) r.fail(key, `invalid additional host, missing IP: ${entry}`);
      const at = entry.indexOf(sep);
      add(entry.slice(0, at), entry.slice(at + 1).split(','));
    }
    return out;
  }
  if (!isTreeDict(value)) return r.fail(key, `unexpected value ${describe(value)} for extra_hosts`);
  for (const [host, ips] of Object.entries(value)) {
    if (Array.isArray(ips)) add(host, ips.map(String));
    else add(host, [typeof ips === 'string' || typeof ips === 'number' ? String(ips) : '']);
  }
  return out;
}

function healthcheckTest(h: FieldReader): readonly string[] | undefined {
  const value = h.raw('test');
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return ['CMD-SHELL', value];
  return h.strList('test');
}

function decodeUlimits(r: FieldReader, key: string): Readonly<Record<string, UlimitConfig>> {
  const node = r.child(key)!;
  const out: Record<string, UlimitConfig> = {};
  for (const name of Object.keys(node.node)) {
    const value = node.node[name];
    if (isTreeDict(value)) {
      const u = node.child(name, true)!;
      put(out, name, {
        single: u.int('single'),
        soft: u.int('soft'),
        hard: u.int('hard'),
        extensions: u.extensions(),
      });
    } else {
      put(out, name, { single: node.int(name) });
    }
  }
  return out;
}

function decodeFileReference(f: FieldReader): FileReference {
  return {
    source: f.requiredStr('source'),
    target: f.str('target'),
    uid: f.str('uid'),
    gid: f.str('gid'),
    mode: fileMode(f, 'mode'),
    extensions: f.extensions(),
  };
}

/** A file mode: numbers as read (the YAML reader reads `0440` as octal), strings as octal. */
function fileMode(f: FieldReader, key: string): number | undefined {
  const value = f.raw(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    if (/^0?[0-7]+$/.test(value)) return Number.parseInt(value, 8);
    return f.fail(key, `invalid file mode: '${value}'`);
  }
  return f.int(key);
}

function decodeEnvFile(e: FieldReader): EnvFile {
  return {
    path: e.requiredStr('path'),
    required: e.bool('required') ?? true,
    format: e.str('format'),
  };
}

function decodeDeviceRequest(d: FieldReader): DeviceRequest {
  return {
    capabilities: d.strList('capabilities'),
    driver: d.str('driver'),
    count: deviceCount(d),
    deviceIds: d.strList('device_ids'),
    options: d.mapping('options'),
  };
}

/** `count`: a number, or `all` (-1), as compose-go's DeviceCount reads it. */
function deviceCount(d: FieldReader): number | undefined {
  const value = d.raw('count');
  if (value === undefined || value === null) return undefined;
  if (value === 'all') return -1;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) return Number(value);
  return d.fail(
    'count',
    `invalid value ${JSON.stringify(typeof value === 'string' ? value : describe(value))}, the only value allowed is 'all' or a number`,
  );
}

function decodeHook(h: FieldReader): ServiceHook {
  return {
    command: h.command('command'),
    image: h.str('image'),
    user: h.str('user'),
    privileged: h.bool('privileged'),
    workingDir: h.str('working_dir'),
    environment: h.mappingWithEquals('environment'),
    perReplica: h.bool('per_replica'),
    extensions: h.extensions(),
  };
}

function decodeServiceVolume(v: FieldReader): ServiceVolumeConfig {
  return {
    type: v.requiredStr('type', 'volume'),
    source: v.str('source'),
    target: v.requiredStr('target'),
    readOnly: v.bool('read_only'),
    consistency: v.str('consistency'),
    bind: opt(v.child('bind'), (b) => ({
      selinux: b.str('selinux'),
      propagation: b.str('propagation'),
      createHostPath: b.bool('create_host_path'),
      recursive: b.str('recursive'),
      extensions: b.extensions(),
    })),
    volume: opt(v.child('volume'), (b) => ({
      labels: b.mapping('labels'),
      noCopy: b.bool('nocopy'),
      subpath: b.str('subpath'),
      extensions: b.extensions(),
    })),
    tmpfs: opt(v.child('tmpfs'), (t) => ({
      size: t.bytes('size'),
      mode: fileMode(t, 'mode'),
      extensions: t.extensions(),
    })),
    image: opt(v.child('image'), (i) => ({
      subpath: i.str('subpath'),
      extensions: i.extensions(),
    })),
    extensions: v.extensions(),
  };
}

function decodeBlkio(b: FieldReader): BlkioConfig {
  const throttle = (key: string): readonly ThrottleDevice[] | undefined =>
    b.list(key, (d) => ({ path: d.requiredStr('path'), rate: d.bytes('rate') ?? 0 }));
  return {
    weight: b.int('weight'),
    weightDevice: b.list('weight_device', (d) => ({
      path: d.requiredStr('path'),
      weight: d.int('weight') ?? 0,
    })),
    deviceReadBps: throttle('device_read_bps'),
    deviceReadIops: throttle('device_read_iops'),
    deviceWriteBps: throttle('device_write_bps'),
    deviceWriteIops: throttle('device_write_iops'),
    extensions: b.extensions(),
  };
}

function decodeUpdate(u: FieldReader): UpdateConfig {
  return {
    parallelism: u.int('parallelism'),
    delay: u.duration('delay'),
    failureAction: u.str('failure_action'),
    monitor: u.duration('monitor'),
    maxFailureRatio: u.float('max_failure_ratio'),
    order: u.str('order'),
    extensions: u.extensions(),
  };
}

function decodeResource(r: FieldReader): Resource {
  return {
    cpus: r.float('cpus'),
    memory: r.bytes('memory'),
    pids: r.int('pids'),
    devices: r.list('devices', decodeDeviceRequest),
    genericResources: r.list('generic_resources', (g) => ({
      discreteResourceSpec: opt(g.child('discrete_resource_spec'), (s) => ({
        kind: s.requiredStr('kind'),
        value: s.int('value') ?? 0,
      })),
      extensions: g.extensions(),
    })),
    extensions: r.extensions(),
  };
}

function decodeDeploy(d: FieldReader): DeployConfig {
  const resources = d.child('resources');
  const placement = d.child('placement');
  return {
    mode: d.str('mode'),
    replicas: d.int('replicas'),
    labels: d.mapping('labels'),
    updateConfig: opt(d.child('update_config'), decodeUpdate),
    rollbackConfig: opt(d.child('rollback_config'), decodeUpdate),
    resources: {
      limits: opt(resources?.child('limits'), decodeResource),
      reservations: opt(resources?.child('reservations'), decodeResource),
      extensions: resources?.extensions(),
    },
    restartPolicy: opt(d.child('restart_policy'), (p) => ({
      condition: p.str('condition'),
      delay: p.duration('delay'),
      maxAttempts: p.int('max_attempts'),
      window: p.duration('window'),
      extensions: p.extensions(),
    })),
    placement: {
      constraints: placement?.strList('constraints'),
      preferences: placement?.list('preferences', (p) => ({ spread: p.str('spread') })),
      maxReplicasPerNode: placement?.int('max_replicas_per_node'),
      extensions: placement?.extensions(),
    },
    endpointMode: d.str('endpoint_mode'),
    extensions: d.extensions(),
  };
}
