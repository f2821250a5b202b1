/**
 * A compose service's container definition: image, command, environment, ports, health check,
 * mounts, secrets, logs and the Linux options Fargate accepts, each field reported.
 */
import type { ServiceConfig } from '../../model/service.js';
import { type EcsContext, ref } from './context.js';
import { logicalId } from './names.js';
import type { EcsServicePlan } from './plan.js';
import type { StorageIds } from './storage-resources.js';

const NS_PER_S = 1e9;

function seconds(ns: number | undefined, min: number, max: number, fallback: number): number {
  const s = ns === undefined ? fallback : Math.round(ns / NS_PER_S);
  return Math.min(max, Math.max(min, s));
}

/** The environment variable an ECS secret is given as: `db_password` -> `DB_PASSWORD`. */
export function secretVariable(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** The image of a service, or a template parameter for one flotilla cannot name. */
function image(ctx: EcsContext, key: string, s: ServiceConfig, where: string): unknown {
  if (s.build !== undefined) {
    const param = `${logicalId(key)}Image`;
    ctx.parameters[param] = {
      Type: 'String',
      Description: `image of ${key}, built from its build context and pushed where ECS can pull it (ECR)`,
      ...(s.image === undefined ? {} : { Default: s.image }),
    };
    ctx.note(
      key,
      'build',
      'approximated',
      `ECS does not build: build and push the image (docker build, docker push to ECR), then give its URI as the parameter ${param}`,
      `${where} Image`,
    );
    if (s.image !== undefined) ctx.note(key, 'image', 'mapped', `the default of ${param}`);
    return ref(param);
  }
  ctx.note(key, 'image', 'mapped', 'the container image', `${where} Image`);
  return s.image ?? '';
}

function healthCheck(
  ctx: EcsContext,
  key: string,
  s: ServiceConfig,
  where: string,
): Record<string, unknown> | undefined {
  const h = s.healthcheck;
  if (h === undefined) return undefined;
  const test = h.test ?? [];
  if (h.disable === true || test[0] === 'NONE') {
    ctx.note(key, 'healthcheck', 'mapped', 'disabled: no health check', where);
    return undefined;
  }
  if (test.length === 0) {
    ctx.note(
      key,
      'healthcheck',
      'dropped',
      "ECS cannot run the image's own HEALTHCHECK settings alone",
    );
    return undefined;
  }
  const command =
    test[0] === 'CMD' || test[0] === 'CMD-SHELL' ? [...test] : ['CMD-SHELL', test.join(' ')];
  const out = {
    Command: command,
    Interval: seconds(h.interval, 5, 300, 30),
    Timeout: seconds(h.timeout, 2, 60, 30),
    Retries: Math.min(10, Math.max(1, h.retries ?? 3)),
    StartPeriod: seconds(h.startPeriod, 0, 300, 0),
  };
  const exact =
    (h.interval === undefined || out.Interval * NS_PER_S === h.interval) &&
    (h.timeout === undefined || out.Timeout * NS_PER_S === h.timeout) &&
    (h.retries === undefined || out.Retries === h.retries) &&
    (h.startPeriod === undefined || out.StartPeriod * NS_PER_S === h.startPeriod);
  ctx.note(
    key,
    'healthcheck',
    exact ? 'mapped' : 'approximated',
    exact
      ? 'the container health check'
      : 'ECS bounds the times (interval 5-300 s, timeout 2-60 s, start period 0-300 s, retries 1-10, whole seconds): rounded into them',
    `${where} HealthCheck`,
  );
  return out;
}

function environment(ctx: EcsContext, key: string, s: ServiceConfig, where: string): unknown[] {
  const env = s.environment ?? {};
  const out = Object.keys(env)
    .filter((k) => env[k] !== null)
    .sort()
    .map((k) => ({ Name: k, Value: env[k] }));
  if (out.length > 0) {
    ctx.note(
      key,
      'environment',
      'mapped',
      'plain environment variables of the task',
      `${where} Environment`,
    );
  }
  if ((s.envFiles ?? []).length > 0) {
    ctx.note(
      key,
      'env_file',
      'mapped',
      'read into environment when loading',
      `${where} Environment`,
    );
  }
  return out;
}

function linuxParameters(
  ctx: EcsContext,
  key: string,
  s: ServiceConfig,
  where: string,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const caps: Record<string, string[]> = {};
  if (s.init === true) {
    out.InitProcessEnabled = true;
    ctx.note(
      key,
      'init',
      'mapped',
      'an init process in the container',
      `${where} LinuxParameters.InitProcessEnabled`,
    );
  }
  const add = (s.capAdd ?? []).map((c) => c.replace(/^CAP_/, ''));
  if (add.length > 0) {
    const allowed = add.filter((c) => c === 'SYS_PTRACE');
    if (allowed.length > 0) caps.Add = allowed;
    ctx.note(
      key,
      'cap_add',
      allowed.length === add.length ? 'mapped' : allowed.length > 0 ? 'approximated' : 'dropped',
      allowed.length === add.length
        ? 'added capabilities'
        : 'Fargate adds SYS_PTRACE only; the others are left out',
      allowed.length > 0 ? `${where} LinuxParameters.Capabilities.Add` : undefined,
    );
  }
  const drop = (s.capDrop ?? []).map((c) => c.replace(/^CAP_/, ''));
  if (drop.length > 0) {
    caps.Drop = drop;
    ctx.note(
      key,
      'cap_drop',
      'mapped',
      'dropped capabilities',
      `${where} LinuxParameters.Capabilities.Drop`,
    );
  }
  if (Object.keys(caps).length > 0) out.Capabilities = caps;
  return Object.keys(out).length > 0 ? out : undefined;
}

function mounts(ctx: EcsContext, plan: EcsServicePlan, s: ServiceConfig, where: string): unknown[] {
  const out: unknown[] = [];
  (s.volumes ?? []).forEach((v, index) => {
    const sub = `volumes[${index}]`;
    const mount = plan.mounts.find((m) => m.index === index);
    if (mount !== undefined) {
      out.push({
        SourceVolume: logicalId(mount.volume),
        ContainerPath: mount.target,
        ReadOnly: mount.readOnly,
      });
      const kind = ctx.plan.volumes.find((x) => x.key === mount.volume)?.kind;
      ctx.note(
        plan.key,
        sub,
        'mapped',
        kind === 'ebs' ? 'the ECS-managed EBS volume' : "the volume's EFS access point",
        `${where} MountPoints`,
      );
    } else if (v.type === 'volume' && v.source === undefined) {
      ctx.note(
        plan.key,
        sub,
        'approximated',
        "an anonymous volume: the task's ephemeral storage (lost when the task stops, as with `down`)",
      );
    } else if (v.type === 'bind') {
      ctx.note(
        plan.key,
        sub,
        'dropped',
        'Fargate has no host to bind from: bake the file into the image or keep it in a volume',
      );
    } else {
      ctx.note(plan.key, sub, 'dropped', `Fargate tasks cannot mount a ${v.type}`);
    }
  });
  return out;
}

function secrets(ctx: EcsContext, key: string, s: ServiceConfig, where: string): unknown[] {
  const out: unknown[] = [];
  (s.secrets ?? []).forEach((r, index) => {
    if (!Object.hasOwn(ctx.project.secrets, r.source)) return;
    const name = secretVariable(r.source);
    out.push({ Name: name, ValueFrom: ref(secretParameter(ctx, r.source)) });
    ctx.note(
      key,
      `secrets[${index}]`,
      'approximated',
      `ECS gives Secrets Manager secrets as environment variables: $${name}, not the file ${r.target ?? `/run/secrets/${r.source}`}`,
      `${where} Secrets`,
    );
  });
  return out;
}

/** The parameter holding the ARN of a compose secret's Secrets Manager secret. */
export function secretParameter(ctx: EcsContext, secret: string): string {
  const id = `${logicalId(secret)}SecretArn`;
  if (!Object.hasOwn(ctx.parameters, id)) {
    ctx.parameters[id] = {
      Type: 'String',
      Description: `ARN of the Secrets Manager secret holding compose secret ${secret} (aws secretsmanager create-secret --name ${ctx.project.name}/${secret} --secret-string file://...)`,
      AllowedPattern: '^arn:aws[a-z-]*:secretsmanager:.+',
    };
  }
  return id;
}

/** The container definition of a service. */
export function containerDefinition(
  ctx: EcsContext,
  plan: EcsServicePlan,
  logGroup: string,
  taskDefinition: string,
): Record<string, unknown> {
  const key = plan.key;
  const s = ctx.project.services[key];
  const where = `AWS::ECS::TaskDefinition/${taskDefinition} ContainerDefinitions[0]`;
  const c: Record<string, unknown> = {
    Name: key,
    Image: image(ctx, key, s, where),
    Essential: true,
  };
  if (s.entrypoint !== null) {
    c.EntryPoint = [...s.entrypoint];
    ctx.note(key, 'entrypoint', 'mapped', 'the entry point', `${where} EntryPoint`);
  }
  if (s.command !== null) {
    c.Command = [...s.command];
    ctx.note(key, 'command', 'mapped', 'the command', `${where} Command`);
  }
  if (s.workingDir !== undefined) {
    c.WorkingDirectory = s.workingDir;
    ctx.note(key, 'working_dir', 'mapped', 'the working directory', `${where} WorkingDirectory`);
  }
  if (s.user !== undefined) {
    c.User = s.user;
    ctx.note(key, 'user', 'mapped', 'the user', `${where} User`);
  }
  const env = environment(ctx, key, s, where);
  if (env.length > 0) c.Environment = env;
  const sec = secrets(ctx, key, s, where);
  if (sec.length > 0) c.Secrets = sec;
  const portMappings = new Map<string, Record<string, unknown>>();
  (s.ports ?? []).forEach((p) => {
    const protocol = p.protocol === 'udp' ? 'udp' : 'tcp';
    portMappings.set(`${p.target}/${protocol}`, { ContainerPort: p.target, Protocol: protocol });
  });
  (s.expose ?? []).forEach((e, index) => {
    const [port, proto] = e.split('/');
    const n = Number(port);
    if (!Number.isInteger(n)) {
      ctx.note(
        key,
        `expose[${index}]`,
        'approximated',
        "a port range: every port is open on the network's security group",
      );
      return;
    }
    const protocol = proto === 'udp' ? 'udp' : 'tcp';
    portMappings.set(`${n}/${protocol}`, { ContainerPort: n, Protocol: protocol });
    ctx.note(
      key,
      `expose[${index}]`,
      'mapped',
      "a container port, reachable from the service's networks",
      `${where} PortMappings`,
    );
  });
  if (portMappings.size > 0) c.PortMappings = [...portMappings.values()];
  const mountPoints = mounts(ctx, plan, s, where);
  if (mountPoints.length > 0) c.MountPoints = mountPoints;
  const health = healthCheck(ctx, key, s, where);
  if (health !== undefined) c.HealthCheck = health;
  const linux = linuxParameters(ctx, key, s, where);
  if (linux !== undefined) c.LinuxParameters = linux;
  if (s.readOnly === true) {
    c.ReadonlyRootFilesystem = true;
    ctx.note(
      key,
      'read_only',
      'mapped',
      'a read-only root file system',
      `${where} ReadonlyRootFilesystem`,
    );
  }
  if (s.stopGracePeriod !== undefined) {
    const stop = seconds(s.stopGracePeriod, 0, 120, 30);
    c.StopTimeout = stop;
    ctx.note(
      key,
      'stop_grace_period',
      stop * NS_PER_S === s.stopGracePeriod ? 'mapped' : 'approximated',
      'the time between SIGTERM and SIGKILL (Fargate allows 0-120 whole seconds)',
      `${where} StopTimeout`,
    );
  }
  if (s.tty === true) {
    c.PseudoTerminal = true;
    ctx.note(key, 'tty', 'mapped', 'a pseudo-terminal', `${where} PseudoTerminal`);
  }
  if (s.stdinOpen === true) {
    c.Interactive = true;
    ctx.note(key, 'stdin_open', 'mapped', 'standard input kept open', `${where} Interactive`);
  }
  const labels = s.labels ?? {};
  if (Object.keys(labels).length > 0) {
    c.DockerLabels = Object.fromEntries(
      Object.keys(labels)
        .sort()
        .map((k) => [k, labels[k]]),
    );
    ctx.note(key, 'labels', 'mapped', 'container labels', `${where} DockerLabels`);
  }
  c.LogConfiguration = {
    LogDriver: 'awslogs',
    Options: {
      'awslogs-group': ref(logGroup),
      'awslogs-region': ref('AWS::Region'),
      'awslogs-stream-prefix': key,
    },
  };
  if (s.logging !== undefined) {
    ctx.note(
      key,
      'logging',
      s.logging.driver === undefined || s.logging.driver === 'awslogs' ? 'mapped' : 'approximated',
      `logs go to the CloudWatch log group (awslogs)${s.logging.driver === undefined || s.logging.driver === 'awslogs' ? '' : `, not the ${s.logging.driver} driver`}`,
      `${where} LogConfiguration`,
    );
  }
  return c;
}

/** The task definition's volumes. */
export function taskVolumes(ctx: EcsContext, plan: EcsServicePlan, storage: StorageIds): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const m of plan.mounts) {
    if (seen.has(m.volume)) continue;
    seen.add(m.volume);
    const ap = storage.accessPoints.get(m.volume);
    if (ap !== undefined && storage.fileSystem !== undefined) {
      out.push({
        Name: logicalId(m.volume),
        EFSVolumeConfiguration: {
          FilesystemId: ref(storage.fileSystem),
          TransitEncryption: 'ENABLED',
          AuthorizationConfig: { AccessPointId: ref(ap), IAM: 'DISABLED' },
        },
      });
    } else {
      out.push({ Name: logicalId(m.volume), ConfiguredAtLaunch: true });
    }
  }
  return out;
}
