/**
 * Report entries for the service fields that shape the ECS service rather than its container
 * (networks, ports, replicas, resources, restart, depends_on), and for every field no part of
 * the converter reported on: nothing is lost silently.
 */
import { reportUncovered as reportAll, type KnownFields } from '../coverage.js';
import type { EcsContext } from './context.js';
import type { EcsServicePlan } from './plan.js';

const KNOWN: KnownFields = {
  container_name: [
    'dropped',
    'ECS names tasks itself; other services reach it by its Cloud Map name',
  ],
  hostname: ['dropped', 'Fargate tasks cannot set their host name'],
  domainname: ['dropped', 'Fargate tasks cannot set their domain name'],
  privileged: ['dropped', 'Fargate runs no privileged containers'],
  pid: ['dropped', 'Fargate tasks cannot share the host PID namespace'],
  ipc: ['dropped', 'Fargate tasks cannot share IPC namespaces'],
  shm_size: ['dropped', 'Fargate does not set /dev/shm sizes'],
  tmpfs: ['dropped', 'Fargate does not mount tmpfs'],
  devices: ['dropped', 'Fargate gives containers no devices'],
  extra_hosts: ['dropped', 'awsvpc tasks cannot add /etc/hosts entries'],
  dns: ['dropped', 'Fargate tasks use the VPC resolver'],
  dns_search: ['dropped', 'Fargate tasks cannot set DNS search domains'],
  dns_opt: ['dropped', 'Fargate tasks use the VPC resolver'],
  sysctls: ['dropped', 'not converted to ECS'],
  ulimits: ['dropped', 'not converted to ECS'],
  configs: [
    'dropped',
    'ECS has no configs: bake the file into the image, or keep it in a volume or in SSM Parameter Store',
  ],
  platform: ['approximated', 'the tasks run on the architecture chosen with --arch'],
  links: ['mapped', 'the linked service is reachable by its Cloud Map name'],
  profiles: ['mapped', 'the services the active profiles enable are the ones converted'],
  extends: ['mapped', 'resolved when loading'],
  label_file: ['mapped', 'read into labels when loading'],
  develop: ['dropped', 'watch is a development loop on one machine'],
  pull_policy: ['approximated', 'ECS pulls the image when a task starts'],
  'deploy.placement': ['dropped', 'Fargate places tasks itself, across the subnets given'],
  'deploy.update_config': [
    'approximated',
    'ECS rolling updates (minimum healthy 100%, maximum 200%)',
  ],
  'deploy.rollback_config': [
    'approximated',
    'roll back by updating the stack to the previous template',
  ],
  'deploy.restart_policy': ['approximated', 'an ECS service replaces every task that stops'],
  'deploy.labels': ['dropped', 'not converted to ECS'],
  'deploy.endpoint_mode': [
    'mapped',
    "Cloud Map answers with the tasks' addresses (multivalue A records)",
  ],
};

/** Container ports that usually speak something other than HTTP. */
const NOT_HTTP: Readonly<Record<number, string>> = {
  22: 'SSH',
  25: 'SMTP',
  53: 'DNS',
  1433: 'SQL Server',
  2181: 'ZooKeeper',
  3306: 'MySQL',
  5432: 'PostgreSQL',
  5672: 'AMQP',
  6379: 'Redis',
  9092: 'Kafka',
  11211: 'memcached',
  27017: 'MongoDB',
};

/** Entries for the fields the ECS service is made from. */
export function serviceFields(
  ctx: EcsContext,
  s: EcsServicePlan,
  service: string,
  groups: string,
): void {
  const c = ctx.project.services[s.key];
  const where = `AWS::ECS::Service/${service}`;
  for (const n of Object.keys(c.networks ?? {})) {
    ctx.note(
      s.key,
      `networks.${n}`,
      'mapped',
      "the network's security group",
      `${where} ${groups}`,
    );
  }
  if (c.networkMode !== undefined) {
    ctx.note(
      s.key,
      'network_mode',
      'dropped',
      'Fargate tasks have their own network interface (awsvpc)',
    );
  }
  (c.ports ?? []).forEach((p, index) => {
    const sub = `ports[${index}]`;
    const pub = s.ports.find((x) => x.index === index);
    if (pub === undefined) {
      ctx.note(
        s.key,
        sub,
        'mapped',
        "a container port, reachable from the service's networks",
        `${where} (task port ${p.target})`,
      );
    } else if (pub.protocol !== 'tcp') {
      ctx.note(
        s.key,
        sub,
        'dropped',
        `${pub.protocol} cannot go through an Application Load Balancer: a Network Load Balancer would be needed`,
      );
    } else {
      const other =
        p.appProtocol ?? (Object.hasOwn(NOT_HTTP, p.target) ? NOT_HTTP[p.target] : undefined);
      const http = other === undefined || /^https?$/i.test(other);
      ctx.note(
        s.key,
        sub,
        http ? 'mapped' : 'approximated',
        http
          ? `the load balancer listens on ${pub.published} (HTTP) and forwards to the tasks' port ${pub.target}`
          : `an HTTP listener on ${pub.published}, but port ${pub.target} speaks ${other}: that needs a Network Load Balancer`,
        `AWS::ElasticLoadBalancingV2::Listener/Listener${pub.published}`,
      );
    }
  });
  const d = c.deploy;
  if (d?.mode === 'global') {
    ctx.note(
      s.key,
      'deploy.mode',
      'approximated',
      'Fargate has no nodes to run one task on each: one task',
      `${where} DesiredCount`,
    );
  } else if (d?.mode !== undefined) {
    ctx.note(s.key, 'deploy.mode', 'mapped', 'a replicated ECS service', where);
  }
  if (d?.replicas !== undefined)
    ctx.note(s.key, 'deploy.replicas', 'mapped', `${s.replicas} tasks`, `${where} DesiredCount`);
  if (c.scale !== undefined)
    ctx.note(s.key, 'scale', 'mapped', `${s.replicas} tasks`, `${where} DesiredCount`);
  const sizePaths = ['deploy.resources', 'cpus', 'mem_limit', 'mem_reservation'];
  const sized = d?.resources.limits !== undefined || d?.resources.reservations !== undefined;
  for (const path of sizePaths) {
    const set =
      path === 'deploy.resources'
        ? sized
        : path === 'cpus'
          ? c.cpus !== undefined
          : path === 'mem_limit'
            ? c.memLimit !== undefined
            : c.memReservation !== undefined;
    if (set)
      ctx.note(s.key, path, 'approximated', s.sizeReason, `AWS::ECS::TaskDefinition Cpu/Memory`);
  }
  if (c.restart !== undefined) {
    const always = c.restart === 'always' || c.restart === 'unless-stopped';
    ctx.note(
      s.key,
      'restart',
      always ? 'mapped' : 'approximated',
      always
        ? 'an ECS service replaces every task that stops'
        : `an ECS service replaces every task that stops, whatever restart: ${c.restart} says`,
      where,
    );
  }
  for (const dep of Object.keys(c.dependsOn ?? {})) {
    const other = ctx.plan.services.find((x) => x.key === dep);
    const apart = other !== undefined && !other.networks.some((n) => s.networks.includes(n));
    ctx.note(
      s.key,
      `depends_on.${dep}`,
      'approximated',
      `CloudFormation creates the service after its dependency is stable; later restarts are not ordered, and conditions are not waited for${apart ? `. ${s.key} and ${dep} share no network: their security groups do not let ${s.key} reach ${dep}` : ''}`,
      `${where} DependsOn`,
    );
  }
}

/** Adds an entry for every field of every service that nothing reported on. */
export function reportUncovered(ctx: EcsContext): void {
  reportAll(ctx, KNOWN, 'ECS');
}
