/**
 * The object that runs a service (Deployment, StatefulSet, DaemonSet or Job) with its pod:
 * labels, the restart policy Kubernetes allows for that kind, replicas, the container and the
 * pod-level fields gathered from the other files.
 */
import type { ServiceConfig } from '../../model/service.js';
import { containerBasics } from './container.js';
import type { KubeContext, ServicePlan } from './context.js';
import { dependencyWaits, jobWaiterName } from './dependencies.js';
import { environmentObjects } from './environment.js';
import { selectorLabels, serviceLabels, splitLabels } from './labels.js';
import { dnsName, isQualifiedName } from './names.js';
import { networkPodLabels } from './network-policies.js';
import { podFields } from './pod-fields.js';
import { healthProbes } from './probes.js';
import { containerResources } from './resources.js';
import { secretAndConfigMounts } from './secrets-configs.js';
import { containerSecurity, podSecurity } from './security.js';
import type { ContainerPort } from './service-objects.js';
import { serviceVolumes } from './volumes.js';

const API_VERSION = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
};

/** Makes the workload object of a service. */
export function workloadObject(ctx: KubeContext, plan: ServicePlan, ports: ContainerPort[]): void {
  const { key, config: service } = plan;
  const kindRef = `${plan.kind}/${plan.name}`;
  const podAt = `${kindRef} spec.template.spec`;
  const containerAt = `${podAt}.containers[0]`;
  ctx.claim(plan.kind, plan.name, `service ${JSON.stringify(key)}`);
  ctx.report.workload(key, plan.kind, plan.name, plan.kindReason);
  if (service.deploy?.mode !== undefined) {
    ctx.note(key, 'deploy.mode', 'mapped', `a ${plan.kind}: ${plan.kindReason}`, kindRef);
  }

  const env = environmentObjects(ctx, key, service, containerAt);
  const security = containerSecurity(ctx, key, service, containerAt);
  const resources = containerResources(ctx, key, service, containerAt);
  const probes = healthProbes(ctx, key, service, containerAt);
  const own = serviceVolumes(ctx, key, service, podAt);
  const files = secretAndConfigMounts(ctx, key, service, podAt);
  const initContainers = dependencyWaits(ctx, key, service, podAt);
  const container: Record<string, unknown> = {
    name: plan.name,
    ...containerBasics(ctx, key, service, containerAt),
  };
  if (ports.length > 0) container.ports = ports;
  if (env.envFrom.length > 0) container.envFrom = env.envFrom;
  if (resources !== undefined) container.resources = resources;
  Object.assign(container, probes);
  if (security !== undefined) container.securityContext = security;
  const mounts = [...own.mounts, ...files.mounts];
  if (mounts.length > 0) container.volumeMounts = mounts;

  const pod: Record<string, unknown> = { enableServiceLinks: false };
  if (ctx.jobWaiters.has(key)) pod.serviceAccountName = jobWaiterName(ctx);
  if (initContainers.length > 0) pod.initContainers = initContainers;
  pod.containers = [container];
  pod.restartPolicy = restartPolicy(ctx, plan);
  Object.assign(pod, podFields(ctx, key, service, podAt));
  const podSec = podSecurity(ctx, key, service, podAt);
  if (podSec !== undefined) pod.securityContext = podSec;
  const volumes = [...own.volumes, ...files.volumes];
  if (volumes.length > 0) pod.volumes = volumes;

  const template = { metadata: podMetadata(ctx, plan), spec: pod };
  const workloadLabels = splitLabels(service.deploy?.labels);
  reportLabels(ctx, key, 'deploy.labels', workloadLabels, kindRef);
  const metadata = {
    name: plan.name,
    labels: { ...workloadLabels.labels, ...serviceLabels(ctx.projectLabel, plan.name, key) },
    ...(Object.keys(workloadLabels.annotations).length > 0
      ? { annotations: workloadLabels.annotations }
      : {}),
  };
  const selector = { matchLabels: selectorLabels(ctx.projectLabel, plan.name) };
  let spec: Record<string, unknown>;
  switch (plan.kind) {
    case 'Deployment':
      spec = { replicas: plan.replicas, selector, ...updateStrategy(ctx, key, service), template };
      break;
    case 'StatefulSet':
      spec = { replicas: plan.replicas, serviceName: plan.service!.name, selector, template };
      break;
    case 'DaemonSet':
      spec = { selector, template };
      break;
    case 'Job':
      spec = {
        backoffLimit: jobBackoff(ctx, plan),
        ...(plan.replicas !== 1 ? { completions: plan.replicas, parallelism: plan.replicas } : {}),
        template,
      };
      break;
  }
  reportReplicas(ctx, plan, kindRef);
  if (plan.kind !== 'Deployment' && service.deploy?.updateConfig !== undefined) {
    ctx.note(key, 'deploy.update_config', 'dropped', `a ${plan.kind} updates pods its own way`);
  }
  ctx.add({ apiVersion: API_VERSION[plan.kind], kind: plan.kind, metadata, spec });
  ctx.workloads.push({ key, kind: plan.kind, name: plan.name, envConfigMap: env.configMap });
}

function podMetadata(ctx: KubeContext, plan: ServicePlan): Record<string, unknown> {
  const { key, config: service } = plan;
  const own = splitLabels(service.labels);
  reportLabels(ctx, key, 'labels', own, `${plan.kind}/${plan.name} spec.template.metadata`);
  const annotations: Record<string, string> = { ...own.annotations };
  for (const [k, v] of Object.entries(service.annotations ?? {})) {
    if (isQualifiedName(k)) {
      annotations[k] = v;
      ctx.note(
        key,
        `annotations.${k}`,
        'mapped',
        'a pod annotation',
        `${plan.kind}/${plan.name} spec.template.metadata.annotations`,
      );
    } else {
      ctx.note(key, `annotations.${k}`, 'dropped', 'not a valid annotation key');
    }
  }
  for (const n of plan.networks) {
    ctx.note(
      key,
      `networks.${n}`,
      'mapped',
      `pod label for NetworkPolicy of network ${n}`,
      `${plan.kind}/${plan.name} spec.template.metadata.labels`,
    );
    const attachment = service.networks?.[n];
    for (const field of [
      'ipv4Address',
      'ipv6Address',
      'macAddress',
      'linkLocalIps',
      'driverOpts',
      'interfaceName',
      'priority',
      'gatewayPriority',
    ] as const) {
      if (attachment?.[field] !== undefined) {
        ctx.note(
          key,
          `networks.${n}.${snake(field)}`,
          'dropped',
          'the cluster network assigns addresses and interfaces',
        );
      }
    }
  }
  return {
    labels: {
      ...own.labels,
      ...serviceLabels(ctx.projectLabel, plan.name, key),
      ...networkPodLabels(ctx, plan.networks),
    },
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

function snake(field: string): string {
  return field === 'ipv4Address'
    ? 'ipv4_address'
    : field === 'ipv6Address'
      ? 'ipv6_address'
      : field === 'gatewayPriority'
        ? 'gw_priority'
        : field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function reportLabels(
  ctx: KubeContext,
  key: string,
  path: string,
  split: ReturnType<typeof splitLabels>,
  target: string,
): void {
  for (const k of Object.keys(split.labels)) {
    ctx.note(key, `${path}.${k}`, 'mapped', 'a label', target);
  }
  for (const k of split.moved) {
    ctx.note(
      key,
      `${path}.${k}`,
      'approximated',
      'an annotation: the value is not a valid label value (63 characters of letters, digits, "-", "_", ".")',
      target,
    );
  }
  for (const k of split.refused) {
    ctx.note(
      key,
      `${path}.${k}`,
      'dropped',
      'not a valid label key, or one the converter sets itself',
    );
  }
}

/** The restart setting compose applies: `restart`, else `deploy.restart_policy.condition`. */
function effectiveRestart(service: ServiceConfig): { value: string; path: string } | undefined {
  if (service.restart !== undefined) return { value: service.restart, path: 'restart' };
  const c = service.deploy?.restartPolicy?.condition;
  if (c === undefined) return undefined;
  const value = c === 'none' ? 'no' : c === 'any' ? 'always' : c;
  return { value, path: 'deploy.restart_policy.condition' };
}

function restartPolicy(ctx: KubeContext, plan: ServicePlan): string {
  const { key, config: service } = plan;
  const restart = effectiveRestart(service);
  const rp = service.deploy?.restartPolicy;
  if (plan.kind === 'Job') {
    const value = restart?.value ?? 'no';
    const policy = value === 'no' ? 'Never' : 'OnFailure';
    if (restart !== undefined) {
      const exact = value === 'no' || value.startsWith('on-failure');
      ctx.note(
        key,
        restart.path,
        exact ? 'mapped' : 'approximated',
        exact
          ? `a Job with restartPolicy ${policy}`
          : `restartPolicy OnFailure: a Job runs to completion, then stays completed (compose would restart it)`,
        `Job/${plan.name} spec.template.spec.restartPolicy`,
      );
    }
    return policy;
  }
  if (restart !== undefined) {
    const v = restart.value;
    const target = `${plan.kind}/${plan.name} spec.template.spec.restartPolicy`;
    if (v === 'always') {
      ctx.note(key, restart.path, 'mapped', 'restartPolicy Always', target);
    } else if (v === 'unless-stopped') {
      ctx.note(
        key,
        restart.path,
        'mapped',
        'restartPolicy Always: Kubernetes keeps no stopped-by-hand state to honour (scale to 0 to stop it)',
        target,
      );
    } else {
      ctx.note(
        key,
        restart.path,
        'approximated',
        `restartPolicy Always, the only policy a ${plan.kind} allows: its pods restart whenever they exit; to run once, let a service wait for it with condition service_completed_successfully (it then becomes a Job)`,
        target,
      );
    }
  }
  if (rp !== undefined) {
    for (const [field, value] of [
      ['delay', rp.delay],
      ['window', rp.window],
      ['max_attempts', rp.maxAttempts],
    ] as const) {
      if (value !== undefined) {
        ctx.note(
          key,
          `deploy.restart_policy.${field}`,
          'dropped',
          'Kubernetes restarts with its own back-off and without a limit',
        );
      }
    }
  }
  return 'Always';
}

function jobBackoff(ctx: KubeContext, plan: ServicePlan): number {
  const { key, config: service } = plan;
  const restart = effectiveRestart(service);
  const value = restart?.value ?? 'no';
  if (value === 'no') return 0;
  const m = /^on-failure:(\d+)$/.exec(value);
  const attempts = service.deploy?.restartPolicy?.maxAttempts;
  if (m) return Number(m[1]);
  if (attempts !== undefined) {
    ctx.note(
      key,
      'deploy.restart_policy.max_attempts',
      'mapped',
      'backoffLimit',
      `Job/${plan.name} spec.backoffLimit`,
    );
    return attempts;
  }
  ctx.note(
    key,
    restart!.path,
    'approximated',
    'a Job gives up after 6 failed attempts (backoffLimit); compose retries without limit',
    `Job/${plan.name} spec.backoffLimit`,
  );
  return 6;
}

function updateStrategy(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
): Record<string, unknown> {
  const u = service.deploy?.updateConfig;
  if (u === undefined) return {};
  const n = u.parallelism ?? 1;
  const step = n === 0 ? '100%' : n;
  const rollingUpdate =
    u.order === 'start-first'
      ? { maxSurge: step, maxUnavailable: 0 }
      : { maxSurge: 0, maxUnavailable: step };
  ctx.note(
    key,
    'deploy.update_config',
    'approximated',
    `a RollingUpdate of ${String(step)} pod(s) at a time, ${u.order === 'start-first' ? 'new ones first' : 'old ones stopped first'}; delay, monitor and failure_action are not converted`,
    `Deployment/${dnsName(key)} spec.strategy`,
  );
  return { strategy: { type: 'RollingUpdate', rollingUpdate } };
}

function reportReplicas(ctx: KubeContext, plan: ServicePlan, target: string): void {
  const { key, config: service } = plan;
  for (const [path, set] of [
    ['scale', service.scale !== undefined],
    ['deploy.replicas', service.deploy?.replicas !== undefined],
  ] as const) {
    if (!set) continue;
    if (plan.kind === 'DaemonSet') {
      ctx.note(key, path, 'dropped', 'a DaemonSet runs one pod per node');
    } else if (plan.kind === 'Job') {
      ctx.note(key, path, 'mapped', 'completions and parallelism', `${target} spec.completions`);
    } else {
      ctx.note(key, path, 'mapped', `replicas: ${plan.replicas}`, `${target} spec.replicas`);
    }
  }
}
