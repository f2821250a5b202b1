/**
 * The Kubernetes side of the report's completeness (convert/coverage.ts): the fields known to
 * have no Kubernetes equivalent, with the reason.
 */
import { reportUncovered as reportAll, type KnownFields } from '../coverage.js';
import type { KubeContext } from './context.js';

const KNOWN: KnownFields = {
  container_name: [
    'dropped',
    'pods are named by their controller; other services reach it by its Service name',
  ],
  logging: ['dropped', "the cluster's logging applies (kubectl logs)"],
  log_driver: ['dropped', "the cluster's logging applies (kubectl logs)"],
  log_opt: ['dropped', "the cluster's logging applies (kubectl logs)"],
  ulimits: ['dropped', 'Kubernetes has no per-container ulimits: the runtime defaults apply'],
  devices: ['dropped', 'devices reach pods through device plugins on the nodes'],
  device_cgroup_rules: ['dropped', 'devices reach pods through device plugins on the nodes'],
  cgroup_parent: ['dropped', 'the kubelet places pods in cgroups'],
  cgroup: ['dropped', 'the kubelet places pods in cgroups'],
  cpu_count: ['dropped', 'only CPU limits and reservations (cpus) are converted'],
  cpu_percent: ['dropped', 'only CPU limits and reservations (cpus) are converted'],
  cpu_period: ['dropped', 'only CPU limits and reservations (cpus) are converted'],
  cpu_quota: ['dropped', 'only CPU limits and reservations (cpus) are converted'],
  cpu_rt_period: ['dropped', 'real-time CPU scheduling is not available to pods'],
  cpu_rt_runtime: ['dropped', 'real-time CPU scheduling is not available to pods'],
  cpuset: ['dropped', "CPU pinning is the kubelet's CPU manager's business"],
  cpu_shares: ['dropped', 'only CPU limits and reservations (cpus) are converted'],
  blkio_config: ['dropped', 'Kubernetes has no block I/O limits'],
  mem_swappiness: ['dropped', 'Kubernetes 1.20 nodes run without swap'],
  memswap_limit: ['dropped', 'Kubernetes 1.20 nodes run without swap'],
  oom_kill_disable: ['dropped', "the kubelet sets OOM behaviour from the pod's QoS class"],
  oom_score_adj: ['dropped', "the kubelet sets OOM scores from the pod's QoS class"],
  pids_limit: ['dropped', "the pid limit is per node (kubelet's podPidsLimit)"],
  storage_opt: ['dropped', 'no per-container storage options'],
  isolation: ['dropped', 'Windows isolation modes are not converted'],
  credential_spec: ['dropped', 'Windows credential specs are not converted'],
  mac_address: ['dropped', 'the cluster network assigns addresses'],
  userns_mode: ['dropped', 'user namespaces are not available to pods in Kubernetes 1.20'],
  uts: ['dropped', 'pods cannot share the host UTS namespace on their own (hostNetwork does)'],
  external_links: ['dropped', 'containers outside the project do not exist on the cluster'],
  develop: ['dropped', 'watch is a development loop on one machine'],
  attach: ['dropped', 'logs are read with kubectl logs'],
  provider: ['dropped', 'provider services are docker compose plugins'],
  models: ['dropped', "models need Docker's model runner"],
  use_api_socket: ['dropped', 'there is no Docker API on the cluster'],
  net: ['dropped', 'write network_mode'],
  dockerfile: ['dropped', 'Kubernetes cannot build'],
  label_file: ['mapped', 'read into labels when loading'],
  profiles: ['mapped', 'the services the active profiles enable are the ones converted'],
  extends: ['mapped', 'resolved when loading'],
  links: [
    'mapped',
    'the linked service is reachable by its Service name (links also order the start, as depends_on)',
  ],
  'deploy.rollback_config': ['dropped', 'roll back with kubectl rollout undo'],
  'deploy.restart_policy': ['mapped', 'restart takes precedence'],
  'deploy.placement': ['mapped', 'no constraint to convert'],
  'deploy.resources': ['mapped', 'no limit or reservation to convert'],
};

/** Adds an entry for every field of every service that nothing reported on. */
export function reportUncovered(ctx: KubeContext): void {
  reportAll(ctx, KNOWN, 'Kubernetes');
}
