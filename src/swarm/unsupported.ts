// The service fields a Swarm service cannot carry: each one set is reported once per service,
// naming both, instead of being dropped silently as `docker stack deploy` does.
import type { ServiceConfig } from '../model/service.js';
import type { StackIssue } from './issues.js';

/** A service property Swarm has no place for, its compose key and why. */
interface Unsupported {
  readonly key: keyof ServiceConfig;
  readonly field: string;
  readonly why: string;
}

const CONTAINER_ONLY = 'a Swarm task runs a container the scheduler names and places';
const NO_SWARM_FIELD = 'Swarm services have no such setting';

/** In the order of the compose specification's service keys. */
const UNSUPPORTED: readonly Unsupported[] = [
  { key: 'annotations', field: 'annotations', why: NO_SWARM_FIELD },
  { key: 'blkioConfig', field: 'blkio_config', why: NO_SWARM_FIELD },
  { key: 'cgroup', field: 'cgroup', why: NO_SWARM_FIELD },
  { key: 'cgroupParent', field: 'cgroup_parent', why: 'each node sets its own cgroup parent' },
  { key: 'containerName', field: 'container_name', why: CONTAINER_ONLY },
  { key: 'cpuCount', field: 'cpu_count', why: NO_SWARM_FIELD },
  { key: 'cpuPercent', field: 'cpu_percent', why: NO_SWARM_FIELD },
  { key: 'cpuPeriod', field: 'cpu_period', why: 'use deploy.resources.limits.cpus' },
  { key: 'cpuQuota', field: 'cpu_quota', why: 'use deploy.resources.limits.cpus' },
  { key: 'cpuRtPeriod', field: 'cpu_rt_period', why: NO_SWARM_FIELD },
  { key: 'cpuRtRuntime', field: 'cpu_rt_runtime', why: NO_SWARM_FIELD },
  { key: 'cpuSet', field: 'cpuset', why: NO_SWARM_FIELD },
  { key: 'cpuShares', field: 'cpu_shares', why: 'use deploy.resources.reservations.cpus' },
  { key: 'deviceCgroupRules', field: 'device_cgroup_rules', why: NO_SWARM_FIELD },
  { key: 'devices', field: 'devices', why: 'Swarm cannot map host devices into tasks' },
  { key: 'domainName', field: 'domainname', why: NO_SWARM_FIELD },
  {
    key: 'externalLinks',
    field: 'external_links',
    why: 'services find each other by name on their networks',
  },
  { key: 'gpus', field: 'gpus', why: 'Swarm reserves devices as generic resources only' },
  { key: 'ipc', field: 'ipc', why: NO_SWARM_FIELD },
  { key: 'links', field: 'links', why: 'services find each other by name on their networks' },
  { key: 'macAddress', field: 'mac_address', why: NO_SWARM_FIELD },
  { key: 'models', field: 'models', why: 'no model runner on Swarm' },
  { key: 'net', field: 'net', why: 'use networks:' },
  { key: 'networkMode', field: 'network_mode', why: 'use networks:' },
  { key: 'oomKillDisable', field: 'oom_kill_disable', why: NO_SWARM_FIELD },
  { key: 'pid', field: 'pid', why: NO_SWARM_FIELD },
  { key: 'postStart', field: 'post_start', why: NO_SWARM_FIELD },
  { key: 'preStart', field: 'pre_start', why: NO_SWARM_FIELD },
  { key: 'preStop', field: 'pre_stop', why: NO_SWARM_FIELD },
  { key: 'privileged', field: 'privileged', why: 'Swarm cannot run privileged tasks' },
  { key: 'provider', field: 'provider', why: 'providers run on the client, not on Swarm' },
  { key: 'runtime', field: 'runtime', why: NO_SWARM_FIELD },
  { key: 'securityOpt', field: 'security_opt', why: NO_SWARM_FIELD },
  { key: 'shmSize', field: 'shm_size', why: NO_SWARM_FIELD },
  { key: 'storageOpt', field: 'storage_opt', why: NO_SWARM_FIELD },
  { key: 'useApiSocket', field: 'use_api_socket', why: NO_SWARM_FIELD },
  { key: 'usernsMode', field: 'userns_mode', why: NO_SWARM_FIELD },
  { key: 'uts', field: 'uts', why: NO_SWARM_FIELD },
  { key: 'volumeDriver', field: 'volume_driver', why: 'give the driver on the top-level volume' },
  { key: 'volumesFrom', field: 'volumes_from', why: CONTAINER_ONLY },
];

/** A value that counts as set (false and empty lists of a default are not worth a warning). */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/**
 * The fields of `service` that Swarm cannot honour, one warning each (kind `unsupported`).
 * @example unsupportedFields({ name: 'web', privileged: true, ... })
 * // [{ kind: 'unsupported', path: ['services', 'web', 'privileged'], message: '...' }]
 */
export function unsupportedFields(service: ServiceConfig): StackIssue[] {
  const out: StackIssue[] = [];
  for (const u of UNSUPPORTED) {
    if (!isSet(service[u.key])) continue;
    out.push({
      kind: 'unsupported',
      path: ['services', service.name, u.field],
      message: `service ${service.name}: ${u.field} is not supported by Swarm and is ignored (${u.why})`,
    });
  }
  return out;
}
