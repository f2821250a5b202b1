/**
 * `depends_on` becomes init containers that hold a pod back until its dependencies are there,
 * with compose's conditions: `service_started` and `service_healthy` wait for the dependency's
 * Service to have a ready pod (a readinessProbe is its healthcheck), `service_completed_successfully`
 * waits for its Job to complete (through the API, with a ServiceAccount allowed to read Jobs).
 */
import type { KubernetesObject } from '../../api/convert.js';
import type { ServiceConfig } from '../../model/service.js';
import type { KubeContext, ServicePlan } from './context.js';
import { projectLabels } from './labels.js';
import { dnsName } from './names.js';

export interface InitContainer {
  name: string;
  image: string;
  imagePullPolicy: string;
  command: string[];
}

/** The init containers of a service, reporting each `depends_on` entry. */
export function dependencyWaits(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  where: string,
): InitContainer[] {
  const out: InitContainer[] = [];
  const me = ctx.plan(key);
  for (const [dep, d] of Object.entries(service.dependsOn ?? {})) {
    const path = `depends_on.${dep}`;
    if (!ctx.plans.has(dep)) {
      ctx.note(key, path, 'mapped', 'an optional dependency that is not part of the project');
      continue;
    }
    const target = ctx.plan(dep);
    const name = dnsName(`wait-for-${target.name}`);
    const at = `${where}.initContainers[${out.length}]`;
    if (d.restart === true) {
      ctx.note(
        key,
        `${path}.restart`,
        'dropped',
        `Kubernetes does not restart ${key} when ${dep} is updated`,
      );
    }
    if (d.condition === 'service_completed_successfully') {
      if (target.kind !== 'Job') {
        ctx.note(key, path, 'dropped', `${dep} runs as a ${target.kind}, which never completes`);
        continue;
      }
      ctx.jobWaiters.add(key);
      out.push({
        name,
        image: ctx.options.kubectlImage,
        imagePullPolicy: 'IfNotPresent',
        command: [
          'sh',
          '-c',
          `until kubectl wait --for=condition=complete --timeout=60s job/${target.name}; do echo waiting for job ${target.name} to complete; sleep 2; done`,
        ],
      });
      ctx.note(
        key,
        path,
        'approximated',
        `init container ${name} waits until Job ${target.name} completes; if the Job fails, the pod keeps waiting (compose stops instead)`,
        at,
      );
      continue;
    }
    if (target.kind === 'Job') {
      ctx.note(
        key,
        path,
        'approximated',
        `${dep} is a Job, started along with the rest: nothing to wait for`,
      );
      continue;
    }
    if (target.service === undefined) {
      ctx.note(key, path, 'dropped', `${dep} has no Service to wait for`);
      continue;
    }
    const tcp = target.service.ports.find((p) => p.protocol === 'TCP');
    const svc = target.service.name;
    // busybox's nslookup (1.28 and later) tries every search domain and exits 1 when any of
    // them is unknown, even though the first one answered: look for an answer instead.
    const check =
      tcp === undefined
        ? `nslookup ${svc} 2>/dev/null | grep -q '^Name:'`
        : `nc -z -w 2 ${svc} ${tcp.port}`;
    out.push({
      name,
      image: ctx.options.waitImage,
      imagePullPolicy: 'IfNotPresent',
      command: ['sh', '-c', `until ${check}; do echo waiting for ${svc}; sleep 2; done`],
    });
    const ready =
      tcp === undefined
        ? `its name resolves (Service ${svc} lists ready pods only)`
        : `Service ${svc} accepts connections on port ${tcp.port} (it forwards to ready pods only)`;
    const healthy = target.config.healthcheck?.test !== undefined;
    if (d.condition === 'service_healthy') {
      ctx.note(
        key,
        path,
        healthy ? 'mapped' : 'approximated',
        healthy
          ? `init container ${name} waits until ${ready}; a pod is ready once its healthcheck probe passes`
          : `${dep} has no healthcheck: init container ${name} waits until ${ready}`,
        at,
      );
    } else {
      ctx.note(
        key,
        path,
        tcp === undefined ? 'mapped' : 'approximated',
        tcp === undefined
          ? `init container ${name} waits until ${ready}`
          : `init container ${name} waits until ${ready}, a little later than compose (which waits for the container to start)`,
        at,
      );
    }
    if (!shareNetwork(me, target)) {
      ctx.note(
        key,
        path,
        'approximated',
        `${key} and ${dep} share no network: their NetworkPolicies keep ${key} from reaching ${dep}, as compose's networks do`,
      );
    }
  }
  return out;
}

function shareNetwork(a: ServicePlan, b: ServicePlan): boolean {
  if (a.config.networkMode === 'host' || b.config.networkMode === 'host') return true;
  return a.networks.some((n) => b.networks.includes(n));
}

/** The name of the ServiceAccount (and Role, RoleBinding) of the pods that wait for Jobs. */
export function jobWaiterName(ctx: KubeContext): string {
  return dnsName(`${ctx.projectLabel}-job-waiter`);
}

/**
 * The ServiceAccount, Role and RoleBinding of the pods that wait for Jobs (`kubectl wait` reads
 * Jobs through the API). One set per project.
 * @returns the ServiceAccount's name
 */
export function jobWaiterObjects(ctx: KubeContext): string | undefined {
  if (ctx.jobWaiters.size === 0) return undefined;
  const name = jobWaiterName(ctx);
  const owner = 'the pods waiting for Jobs';
  const labels = projectLabels(ctx.projectLabel);
  ctx.claim('ServiceAccount', name, owner);
  const objects: KubernetesObject[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, labels },
      rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ctx.options.namespace ?? 'default' }],
    },
  ];
  for (const o of objects) ctx.add(o);
  if (ctx.options.namespace === undefined) {
    for (const key of ctx.jobWaiters) {
      ctx.note(
        key,
        'depends_on',
        'approximated',
        `the RoleBinding ${name} lets the waiting pods read Jobs in namespace "default": convert with --namespace to deploy elsewhere`,
      );
    }
  }
  return name;
}
