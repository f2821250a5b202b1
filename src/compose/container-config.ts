// A service's configuration as the Engine API create body (Config + HostConfig +
// NetworkingConfig), the way docker compose builds it, for API 1.41 and newer.
import { posix } from 'node:path';
import type {
  ContainerCreateBody,
  DeviceRequest as EngineDeviceRequest,
  EndpointSettings,
  HealthConfig,
  HostConfig,
  LogConfig,
  Mount,
  MountPoint,
  PortMap,
  RestartPolicy as EngineRestartPolicy,
} from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import type {
  DeviceRequest,
  FileReference,
  ServiceNetworkConfig,
  ServiceVolumeConfig,
} from '../model/service-parts.js';
import { networksByPriority } from '../model/services.js';
import { containerLabels, type DependsOnLabelEntry } from './labels.js';
import { defaultImageName, nameSeparator, volumeName } from './naming.js';

/** What {@link containerCreateBody} needs besides the service. */
export interface ContainerSpec {
  readonly project: Project;
  readonly service: ServiceConfig;
  /** The container's final name. */
  readonly name: string;
  /** Replica number (ignored for one-offs). */
  readonly number: number;
  readonly configHash: string;
  /** Value of the `com.docker.compose.version` label. */
  readonly composeVersion: string;
  /** Local image ID for the `com.docker.compose.image` label. */
  readonly imageId?: string | undefined;
  /** `com.docker.compose.replace`: the container this one replaces. */
  readonly replace?: string | undefined;
  readonly oneoff?: boolean | undefined;
  readonly slug?: string | undefined;
  readonly compatibility?: boolean | undefined;
  /**
   * Resolves `service:<name>` references (network_mode, ipc, pid, volumes_from) to a container
   * ID or name. @default leaves them unresolved (an error when one is used)
   */
  readonly serviceContainer?: ((service: string) => string | undefined) | undefined;
  /**
   * The names of a service's containers, for `links:` (each linked container gets the alias).
   * @default none: links to services resolve to nothing
   */
  readonly serviceContainerNames?: ((service: string) => readonly string[]) | undefined;
  /** Whether the engine takes several endpoints at create time (API >= 1.44). */
  readonly multipleEndpoints?: boolean | undefined;
  /** Mounts of the container being replaced, whose anonymous volumes are kept. */
  readonly inheritedMounts?: readonly MountPoint[] | undefined;
  /**
   * One-offs only (`run --use-aliases`): also the service name and its network aliases.
   * @default false: a one-off is known on its networks by its own name only
   */
  readonly useAliases?: boolean | undefined;
}

/** The create body and the networks to connect once the container exists. */
export interface ContainerCreatePlan {
  readonly body: ContainerCreateBody;
  /** Extra networks (engine name and endpoint), connected after create on API < 1.44. */
  readonly connect: readonly { readonly network: string; readonly endpoint: EndpointSettings }[];
  /** The `platform` query parameter, when the service sets one. */
  readonly platform?: string | undefined;
}

/** The image a service runs: `image:`, else `<project>-<service>` for a built one. */
export function serviceImage(
  project: Project,
  service: ServiceConfig,
  compatibility = false,
): string {
  if (service.image !== undefined && service.image !== '') return service.image;
  return defaultImageName(project.name, service.name, nameSeparator(compatibility));
}

/** The `depends_on` entries as the `com.docker.compose.depends_on` label records them. */
export function dependsOnEntries(service: ServiceConfig): DependsOnLabelEntry[] {
  return Object.entries(service.dependsOn ?? {}).map(([name, d]) => ({
    service: name,
    condition: d.condition,
    restart: d.restart === true,
  }));
}

/**
 * Builds the Engine API create body of one container of a service, as docker compose does:
 * compose labels over user labels, ports, binds and mounts, resources, restart policy, the
 * primary network in `NetworkMode` with aliases `[name, service, ...aliases]`.
 * @throws Error when a `service:x` reference cannot be resolved
 */
export function containerCreateBody(spec: ContainerSpec): ContainerCreatePlan {
  const { project, service } = spec;
  const ports = portConfig(service);
  const links = containerLinks(spec);
  const network = networkSettings(spec, links);
  const body: ContainerCreateBody = {
    Image: serviceImage(project, service, spec.compatibility),
    Labels: labelsOf(spec),
    Env: environment(service),
    ExposedPorts: ports.exposed,
    Tty: service.tty === true,
    OpenStdin: service.stdinOpen === true,
    StdinOnce: false,
    AttachStdin: service.stdinOpen === true,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: hostConfig(spec, network.mode, links, ports.bindings),
    NetworkingConfig: network.networking,
  };
  if (service.command !== null) body.Cmd = [...service.command];
  if (service.entrypoint !== null) body.Entrypoint = [...service.entrypoint];
  if (service.hostname !== undefined) body.Hostname = service.hostname;
  if (service.domainName !== undefined) body.Domainname = service.domainName;
  if (service.user !== undefined) body.User = service.user;
  if (service.workingDir !== undefined) body.WorkingDir = service.workingDir;
  if (service.stopSignal !== undefined) body.StopSignal = service.stopSignal;
  if (service.stopGracePeriod !== undefined) {
    body.StopTimeout = Math.floor(service.stopGracePeriod / 1e9);
  }
  const health = healthcheck(service);
  if (health !== undefined) body.Healthcheck = health;
  if (service.macAddress !== undefined && !spec.multipleEndpoints) {
    body.MacAddress = service.macAddress;
  }
  return { body, connect: network.connect, platform: service.platform };
}

/** The compose labels of the container over the service's own. */
function labelsOf(spec: ContainerSpec): Record<string, string> {
  const { project, service } = spec;
  return containerLabels({
    project: project.name,
    service: service.name,
    number: spec.number,
    oneoff: spec.oneoff === true,
    configHash: spec.configHash,
    version: spec.composeVersion,
    workingDir: project.workingDir,
    configFiles: project.composeFiles,
    dependsOn: dependsOnEntries(service),
    imageId: spec.imageId,
    replace: spec.replace,
    slug: spec.slug,
    userLabels: service.labels,
  });
}

/** `ports` (exposed and published) and `expose` (exposed only). */
function portConfig(service: ServiceConfig): {
  exposed: Record<string, Record<string, never>>;
  bindings: PortMap;
} {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: PortMap = {};
  for (const p of service.ports ?? []) {
    const key = `${p.target}/${p.protocol ?? 'tcp'}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.published ?? '' });
  }
  for (const e of service.expose ?? []) {
    for (const key of expandExpose(e)) exposed[key] = {};
  }
  return { exposed, bindings };
}

/** The `HostConfig` of the create body: mounts, namespaces, resources, restart policy, ... */
function hostConfig(
  spec: ContainerSpec,
  networkMode: string,
  links: string[] | null,
  bindings: PortMap,
): HostConfig {
  const { service } = spec;
  const { binds, mounts } = volumeMounts(spec);
  const host: HostConfig = {
    Binds: binds,
    Mounts: mounts,
    NetworkMode: networkMode,
    PortBindings: bindings,
    RestartPolicy: restartPolicy(service),
    CapAdd: list(service.capAdd),
    CapDrop: list(service.capDrop),
    Dns: list(service.dns),
    DnsOptions: list(service.dnsOpts),
    DnsSearch: list(service.dnsSearch),
    ExtraHosts: extraHosts(service),
    GroupAdd: list(service.groupAdd),
    SecurityOpt: list(service.securityOpt),
    Privileged: service.privileged === true,
    ReadonlyRootfs: service.readOnly === true,
    Init: service.init ?? null,
    AutoRemove: false,
    VolumesFrom: volumesFrom(spec),
    Links: links,
    ...resources(service),
  };
  const assign = <K extends keyof HostConfig>(key: K, value: HostConfig[K] | undefined): void => {
    if (value !== undefined) host[key] = value;
  };
  assign('ShmSize', service.shmSize);
  assign('Sysctls', service.sysctls === undefined ? undefined : { ...service.sysctls });
  assign('StorageOpt', service.storageOpt === undefined ? undefined : { ...service.storageOpt });
  assign('Tmpfs', tmpfs(service.tmpfs));
  assign('LogConfig', logConfig(service));
  assign('IpcMode', namespaceMode(service.ipc, spec));
  assign('PidMode', namespaceMode(service.pid, spec));
  assign('UTSMode', service.uts);
  assign('UsernsMode', service.usernsMode);
  assign('CgroupnsMode', service.cgroup);
  assign('Runtime', service.runtime);
  assign('Isolation', service.isolation);
  assign('VolumeDriver', service.volumeDriver);
  assign('OomScoreAdj', service.oomScoreAdj);
  assign('Annotations', service.annotations === undefined ? undefined : { ...service.annotations });
  if (networkMode.startsWith('container:') || networkMode === 'host') {
    // The engine refuses port bindings and DNS settings in a shared namespace.
    host.PortBindings = {};
  }
  return host;
}

function list(values: readonly string[] | undefined): string[] | null {
  return values === undefined ? null : [...values];
}

function environment(service: ServiceConfig): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(service.environment ?? {})) {
    // An entry without value and not found in the environment stays unset.
    if (value !== null) out.push(`${key}=${value}`);
  }
  return out;
}

function expandExpose(entry: string): string[] {
  const [ports, protocol = 'tcp'] = entry.split('/');
  const range = /^(\d+)-(\d+)$/.exec(ports);
  if (range === null) return [`${ports}/${protocol}`];
  const out: string[] = [];
  for (let p = Number(range[1]); p <= Number(range[2]); p++) out.push(`${p}/${protocol}`);
  return out;
}

function extraHosts(service: ServiceConfig): string[] | null {
  if (service.extraHosts === undefined) return null;
  const out: string[] = [];
  for (const [host, ips] of Object.entries(service.extraHosts)) {
    for (const ip of ips) out.push(`${host}:${ip}`);
  }
  return out;
}

function tmpfs(entries: readonly string[] | undefined): Record<string, string> | undefined {
  if (entries === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf(':');
    if (at < 0) out[entry] = '';
    else out[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return out;
}

/** `restart:`, overridden by `deploy.restart_policy` (`any` -> always, `none` -> no). */
export function restartPolicy(service: ServiceConfig): EngineRestartPolicy {
  const policy = service.deploy?.restartPolicy;
  if (policy !== undefined) {
    const condition = policy.condition ?? 'any';
    const name = condition === 'any' ? 'always' : condition === 'none' ? 'no' : condition;
    const out: EngineRestartPolicy = { Name: name };
    if (name === 'on-failure' && policy.maxAttempts !== undefined) {
      out.MaximumRetryCount = policy.maxAttempts;
    }
    return out;
  }
  const restart = service.restart ?? '';
  if (restart === '' || restart === 'no') return { Name: 'no' };
  const [name, count] = restart.split(':') as [string, string | undefined];
  const out: EngineRestartPolicy = { Name: name };
  if (count !== undefined && /^\d+$/.test(count)) out.MaximumRetryCount = Number(count);
  return out;
}

function healthcheck(service: ServiceConfig): HealthConfig | undefined {
  const h = service.healthcheck;
  if (h === undefined) return undefined;
  if (h.disable === true) return { Test: ['NONE'] };
  const out: HealthConfig = {};
  if (h.test !== undefined) out.Test = [...h.test];
  if (h.interval !== undefined) out.Interval = h.interval;
  if (h.timeout !== undefined) out.Timeout = h.timeout;
  if (h.startPeriod !== undefined) out.StartPeriod = h.startPeriod;
  if (h.startInterval !== undefined) out.StartInterval = h.startInterval;
  if (h.retries !== undefined) out.Retries = h.retries;
  return out;
}

function logConfig(service: ServiceConfig): LogConfig | undefined {
  const driver = service.logging?.driver ?? service.logDriver;
  const options = service.logging?.options ?? service.logOpt;
  if (driver === undefined && options === undefined) return undefined;
  const out: LogConfig = { Type: driver ?? '' };
  if (options !== undefined) out.Config = { ...options };
  return out;
}

function resources(service: ServiceConfig): HostConfig {
  const limits = service.deploy?.resources.limits;
  const reservations = service.deploy?.resources.reservations;
  const out: HostConfig = {};
  const cpus = limits?.cpus ?? service.cpus;
  if (cpus !== undefined && cpus > 0) out.NanoCpus = Math.round(cpus * 1e9);
  const memory = limits?.memory ?? service.memLimit;
  if (memory !== undefined && memory > 0) out.Memory = memory;
  const reservation = reservations?.memory ?? service.memReservation;
  if (reservation !== undefined && reservation > 0) out.MemoryReservation = reservation;
  const pids = limits?.pids ?? service.pidsLimit;
  if (pids !== undefined && pids !== 0) out.PidsLimit = pids;
  if (service.memSwapLimit !== undefined) out.MemorySwap = service.memSwapLimit;
  if (service.memSwappiness !== undefined) out.MemorySwappiness = service.memSwappiness;
  if (service.cpuShares !== undefined) out.CpuShares = service.cpuShares;
  if (service.cpuPeriod !== undefined) out.CpuPeriod = service.cpuPeriod;
  if (service.cpuQuota !== undefined) out.CpuQuota = service.cpuQuota;
  if (service.cpuRtPeriod !== undefined) out.CpuRealtimePeriod = service.cpuRtPeriod;
  if (service.cpuRtRuntime !== undefined) out.CpuRealtimeRuntime = service.cpuRtRuntime;
  if (service.cpuSet !== undefined) out.CpusetCpus = service.cpuSet;
  if (service.cpuCount !== undefined) out.CpuCount = service.cpuCount;
  if (service.cpuPercent !== undefined) out.CpuPercent = service.cpuPercent;
  if (service.cgroupParent !== undefined) out.CgroupParent = service.cgroupParent;
  if (service.oomKillDisable !== undefined) out.OomKillDisable = service.oomKillDisable;
  if (service.deviceCgroupRules !== undefined) {
    out.DeviceCgroupRules = [...service.deviceCgroupRules];
  }
  if (service.ulimits !== undefined) {
    out.Ulimits = Object.entries(service.ulimits).map(([name, u]) => ({
      Name: name,
      Soft: u.single ?? u.soft ?? 0,
      Hard: u.single ?? u.hard ?? 0,
    }));
  }
  if (service.devices !== undefined) {
    out.Devices = service.devices.map((d) => ({
      PathOnHost: d.source,
      PathInContainer: d.target,
      CgroupPermissions: d.permissions ?? 'rwm',
    }));
  }
  const requests = [...(reservations?.devices ?? []), ...(service.gpus ?? [])];
  if (requests.length > 0) out.DeviceRequests = requests.map(deviceRequest);
  const b = service.blkioConfig;
  if (b !== undefined) {
    if (b.weight !== undefined) out.BlkioWeight = b.weight;
    const throttle = (
      t: readonly { readonly path: string; readonly rate: number }[] | undefined,
    ): { Path: string; Rate: number }[] | undefined =>
      t?.map((d) => ({ Path: d.path, Rate: d.rate }));
    const wd = b.weightDevice?.map((d) => ({ Path: d.path, Weight: d.weight }));
    if (wd !== undefined) out.BlkioWeightDevice = wd;
    const rb = throttle(b.deviceReadBps);
    if (rb !== undefined) out.BlkioDeviceReadBps = rb;
    const wb = throttle(b.deviceWriteBps);
    if (wb !== undefined) out.BlkioDeviceWriteBps = wb;
    const ri = throttle(b.deviceReadIops);
    if (ri !== undefined) out.BlkioDeviceReadIOps = ri;
    const wi = throttle(b.deviceWriteIops);
    if (wi !== undefined) out.BlkioDeviceWriteIOps = wi;
  }
  return out;
}

function deviceRequest(d: DeviceRequest): EngineDeviceRequest {
  const out: EngineDeviceRequest = {
    Driver: d.driver ?? '',
    Count: d.count ?? (d.deviceIds === undefined ? -1 : 0),
    Capabilities: [[...(d.capabilities ?? ['gpu'])]],
  };
  if (d.deviceIds !== undefined) out.DeviceIDs = [...d.deviceIds];
  if (d.options !== undefined) out.Options = { ...d.options };
  return out;
}

function resolveService(reference: string, spec: ContainerSpec, what: string): string {
  const target = spec.serviceContainer?.(reference);
  if (target === undefined) {
    throw new Error(
      `service "${spec.service.name}" ${what} refers to service "${reference}", which has no container`,
    );
  }
  return target;
}

function namespaceMode(mode: string | undefined, spec: ContainerSpec): string | undefined {
  if (mode === undefined) return undefined;
  if (mode.startsWith('service:')) {
    return `container:${resolveService(mode.slice('service:'.length), spec, mode)}`;
  }
  return mode;
}

function volumesFrom(spec: ContainerSpec): string[] | null {
  const from = spec.service.volumesFrom;
  if (from === undefined) return null;
  return from.map((entry) => {
    if (entry.startsWith('container:')) return entry.slice('container:'.length);
    const [name, mode] = entry.split(':') as [string, string | undefined];
    const target = resolveService(name, spec, `volumes_from ${entry}`);
    return mode === undefined ? target : `${target}:${mode}`;
  });
}

/**
 * `links` and `external_links` as the engine takes them (`container:alias`), the way docker
 * compose writes them: every container of a linked service under the alias, under
 * `<service>-<n>` and under `<project>-<service>-<n>`, where n is the number of the container
 * being created (compose's own quirk, kept for identical containers).
 */
function containerLinks(spec: ContainerSpec): string[] | null {
  const { service, project } = spec;
  const sep = nameSeparator(spec.compatibility === true);
  const out: string[] = [];
  for (const entry of service.links ?? []) {
    const at = entry.indexOf(':');
    const linked = at < 0 ? entry : entry.slice(0, at);
    const alias = at < 0 ? entry : entry.slice(at + 1);
    for (const name of spec.serviceContainerNames?.(linked) ?? []) {
      out.push(
        `${name}:${alias}`,
        `${name}:${linked}${sep}${spec.number}`,
        `${name}:${project.name}${sep}${linked}${sep}${spec.number}`,
      );
    }
  }
  for (const entry of service.externalLinks ?? []) {
    const at = entry.indexOf(':');
    out.push(at < 0 ? `${entry}:${entry}` : entry);
  }
  return out.length === 0 ? null : out;
}

/** Primary network, its endpoint, and the networks to connect after create. */
function networkSettings(
  spec: ContainerSpec,
  links: readonly string[] | null,
): {
  mode: string;
  networking: { EndpointsConfig: Record<string, EndpointSettings> };
  connect: { network: string; endpoint: EndpointSettings }[];
} {
  const { service, project } = spec;
  const explicit = service.networkMode ?? service.net;
  if (explicit !== undefined && explicit !== '') {
    const mode = explicit.startsWith('service:')
      ? `container:${resolveService(explicit.slice('service:'.length), spec, `network_mode ${explicit}`)}`
      : explicit;
    return { mode, networking: { EndpointsConfig: {} }, connect: [] };
  }
  const keys = networksByPriority(service);
  if (keys.length === 0) return { mode: 'none', networking: { EndpointsConfig: {} }, connect: [] };
  const endpoints: { network: string; endpoint: EndpointSettings }[] = keys.map((key) => {
    const declared = Object.hasOwn(project.networks, key) ? project.networks[key] : undefined;
    const engineName = declared?.name ?? `${project.name}_${key}`;
    const config = service.networks?.[key] ?? null;
    return { network: engineName, endpoint: endpointSettings(spec, config, links) };
  });
  const [primary, ...rest] = endpoints;
  const EndpointsConfig: Record<string, EndpointSettings> = {
    [primary.network]: primary.endpoint,
  };
  if (spec.multipleEndpoints === true) {
    for (const e of rest) EndpointsConfig[e.network] = e.endpoint;
    return { mode: primary.network, networking: { EndpointsConfig }, connect: [] };
  }
  return { mode: primary.network, networking: { EndpointsConfig }, connect: rest };
}

function endpointSettings(
  spec: ContainerSpec,
  config: ServiceNetworkConfig | null,
  links: readonly string[] | null,
): EndpointSettings {
  const aliases = [spec.name];
  if (spec.oneoff !== true || spec.useAliases === true) {
    aliases.push(spec.service.name);
    for (const a of config?.aliases ?? []) if (!aliases.includes(a)) aliases.push(a);
  }
  const out: EndpointSettings = { Aliases: aliases };
  // On a user-defined network the engine's DNS answers link aliases only per endpoint.
  if (links !== null) out.Links = [...links];
  if (
    config?.ipv4Address !== undefined ||
    config?.ipv6Address !== undefined ||
    config?.linkLocalIps !== undefined
  ) {
    out.IPAMConfig = {};
    if (config.ipv4Address !== undefined) out.IPAMConfig.IPv4Address = config.ipv4Address;
    if (config.ipv6Address !== undefined) out.IPAMConfig.IPv6Address = config.ipv6Address;
    if (config.linkLocalIps !== undefined) out.IPAMConfig.LinkLocalIPs = [...config.linkLocalIps];
  }
  if (config?.driverOpts !== undefined) out.DriverOpts = { ...config.driverOpts };
  if (config?.macAddress !== undefined) out.MacAddress = config.macAddress;
  if (config?.gatewayPriority !== undefined) out.GwPriority = config.gatewayPriority;
  return out;
}

/**
 * Whether a volume entry must go through the Mount API: anything but plain binds (short
 * syntax, which create the host path) and named volumes without options.
 */
function needsMountApi(v: ServiceVolumeConfig): boolean {
  if (v.type === 'bind') {
    return (
      v.bind?.createHostPath !== true ||
      v.bind.recursive !== undefined ||
      v.consistency !== undefined
    );
  }
  if (v.type === 'volume') {
    if (v.source === undefined || v.source === '') return true;
    const o = v.volume;
    return o !== undefined && (o.subpath !== undefined || o.labels !== undefined);
  }
  return true;
}

function volumeEngineName(spec: ContainerSpec, source: string): string {
  const declared = Object.hasOwn(spec.project.volumes, source)
    ? spec.project.volumes[source]
    : undefined;
  if (declared !== undefined) return declared.name;
  return source;
}

function bindString(spec: ContainerSpec, v: ServiceVolumeConfig): string {
  const source = v.type === 'volume' ? volumeEngineName(spec, v.source ?? '') : (v.source ?? '');
  const options = [v.readOnly === true ? 'ro' : 'rw'];
  if (v.bind?.selinux !== undefined && v.bind.selinux !== '') options.push(v.bind.selinux);
  if (v.bind?.propagation !== undefined && v.bind.propagation !== '') {
    options.push(v.bind.propagation);
  }
  if (v.volume?.noCopy === true) options.push('nocopy');
  return `${source}:${v.target}:${options.join(',')}`;
}

function mountOf(spec: ContainerSpec, v: ServiceVolumeConfig): Mount {
  const m: Mount = { Type: v.type, Target: v.target };
  if (v.source !== undefined && v.source !== '') {
    m.Source = v.type === 'volume' ? volumeEngineName(spec, v.source) : v.source;
  }
  if (v.readOnly === true) m.ReadOnly = true;
  if (v.consistency !== undefined) m.Consistency = v.consistency;
  if (v.type === 'bind') {
    m.BindOptions = {};
    if (v.bind?.propagation !== undefined) m.BindOptions.Propagation = v.bind.propagation;
    if (v.bind?.recursive === 'disabled') m.BindOptions.NonRecursive = true;
    if (v.bind?.createHostPath === true) m.BindOptions.CreateMountpoint = true;
    if (Object.keys(m.BindOptions).length === 0) delete m.BindOptions;
  }
  if (v.type === 'volume' && v.volume !== undefined) {
    m.VolumeOptions = {};
    if (v.volume.noCopy === true) m.VolumeOptions.NoCopy = true;
    if (v.volume.labels !== undefined) m.VolumeOptions.Labels = { ...v.volume.labels };
    if (v.volume.subpath !== undefined) m.VolumeOptions.Subpath = v.volume.subpath;
  }
  if (v.type === 'tmpfs' && v.tmpfs !== undefined) {
    m.TmpfsOptions = {};
    if (v.tmpfs.size !== undefined) m.TmpfsOptions.SizeBytes = v.tmpfs.size;
    if (v.tmpfs.mode !== undefined) m.TmpfsOptions.Mode = v.tmpfs.mode;
  }
  if (v.type === 'image' && v.image?.subpath !== undefined) {
    m.ImageOptions = { Subpath: v.image.subpath };
  }
  return m;
}

/** Where a secret or config is mounted: `/run/secrets/<name>` for secrets, `/<name>` for configs. */
export function fileReferenceTarget(ref: FileReference, kind: 'secret' | 'config'): string {
  const target = ref.target ?? ref.source;
  if (kind === 'config') return posix.isAbsolute(target) ? target : `/${target}`;
  return posix.isAbsolute(target) ? target : `/run/secrets/${target}`;
}

function volumeMounts(spec: ContainerSpec): { binds: string[]; mounts: Mount[] } {
  const binds: string[] = [];
  const mounts: Mount[] = [];
  const targets = new Set<string>();
  for (const v of spec.service.volumes ?? []) {
    targets.add(v.target);
    if (needsMountApi(v)) {
      const m = mountOf(spec, v);
      if (v.type === 'volume' && m.Source === undefined) {
        const kept = inheritedVolume(spec, v.target);
        if (kept !== undefined) m.Source = kept;
      }
      mounts.push(m);
    } else {
      binds.push(bindString(spec, v));
    }
  }
  // Volumes of the image (VOLUME) that the old container had: keep their data on recreate.
  for (const old of spec.inheritedMounts ?? []) {
    if (old.Type !== 'volume' || targets.has(old.Destination) || !isAnonymous(old.Name)) continue;
    targets.add(old.Destination);
    mounts.push({ Type: 'volume', Source: old.Name, Target: old.Destination });
  }
  for (const kind of ['secret', 'config'] as const) {
    const refs = kind === 'secret' ? spec.service.secrets : spec.service.configs;
    const defs = kind === 'secret' ? spec.project.secrets : spec.project.configs;
    for (const ref of refs ?? []) {
      const def = Object.hasOwn(defs, ref.source) ? defs[ref.source] : undefined;
      if (def?.file === undefined || def.external === true) continue;
      const target = fileReferenceTarget(ref, kind);
      if (targets.has(target)) continue;
      targets.add(target);
      mounts.push({ Type: 'bind', Source: def.file, Target: target, ReadOnly: true });
    }
  }
  return { binds, mounts };
}

function isAnonymous(name: string | undefined): name is string {
  return name !== undefined && /^[0-9a-f]{64}$/.test(name);
}

function inheritedVolume(spec: ContainerSpec, target: string): string | undefined {
  const old = spec.inheritedMounts?.find((m) => m.Type === 'volume' && m.Destination === target);
  return isAnonymous(old?.Name) ? old.Name : undefined;
}

/** Engine name of a project volume key (`<project>_<key>` unless `name:` is set). */
export function projectVolumeName(project: Project, key: string): string {
  const declared = Object.hasOwn(project.volumes, key) ? project.volumes[key] : undefined;
  return declared?.name ?? volumeName(project.name, key);
}
