// One compose service as a Swarm ServiceSpec, named and labelled as `docker stack deploy` does.
import type { ContainerSpec, ServiceSpec, SwarmUlimit } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { atLeast, tooOld } from './api-version.js';
import { serviceEndpoint } from './endpoint.js';
import { configReferences, secretReferences } from './file-objects.js';
import type { Issues } from './issues.js';
import { serviceMounts } from './mounts.js';
import { serviceAttachments } from './networks.js';
import { scopedName, STACK_LABEL, withStackLabel } from './stack-labels.js';
import {
  healthcheck,
  logDriver,
  placement,
  restartPolicy,
  serviceMode,
  serviceResources,
  updateConfig,
} from './task-policies.js';

/** What converting a service needs besides the service. */
export interface ServiceSpecContext {
  readonly stack: string;
  readonly project: Pick<Project, 'name' | 'networks' | 'volumes'>;
  /** The negotiated Engine API version: newer fields are left out with a warning. */
  readonly apiVersion: string;
  /** Engine names of the secrets and configs, by key. */
  readonly secretNames: ReadonlyMap<string, string>;
  readonly configNames: ReadonlyMap<string, string>;
  /** The image to run, when not the service's `image` (a built image pinned by digest). */
  readonly image?: string | undefined;
  readonly issues: Issues;
}

/**
 * The ServiceSpec of `service` in stack `ctx.stack`: every field Swarm can carry. The spec is
 * complete for comparison: a field the file does not set is absent, never left to the engine's
 * previous value. Secret and config references carry names; their IDs are filled in once the
 * objects exist.
 * @throws SpecError for values the engine would refuse (a global service with replicas, an
 *   ingress port on a dnsrr service, an undefined network)
 */
export function serviceSpec(service: ServiceConfig, ctx: ServiceSpecContext): ServiceSpec {
  const { issues, apiVersion } = ctx;
  const image = service.image ?? '';
  const container: ContainerSpec = {
    Image: ctx.image ?? image,
    Labels: withStackLabel(ctx.stack, service.labels),
  };
  if (service.entrypoint !== null) container.Command = [...service.entrypoint];
  if (service.command !== null) container.Args = [...service.command];
  if (service.hostname !== undefined && service.hostname !== '')
    container.Hostname = service.hostname;
  const env = environment(service);
  if (env.length > 0) container.Env = env;
  if (service.workingDir !== undefined && service.workingDir !== '')
    container.Dir = service.workingDir;
  if (service.user !== undefined && service.user !== '') container.User = service.user;
  if ((service.groupAdd ?? []).length > 0) container.Groups = [...service.groupAdd!];
  if (service.init !== undefined) container.Init = service.init;
  if (service.tty === true) container.TTY = true;
  if (service.stdinOpen === true) container.OpenStdin = true;
  if (service.readOnly === true) container.ReadOnly = true;
  const mounts = serviceMounts(service, { ...ctx, project: ctx.project });
  if (mounts.length > 0) container.Mounts = mounts;
  if (service.stopSignal !== undefined && service.stopSignal !== '')
    container.StopSignal = service.stopSignal;
  if (service.stopGracePeriod !== undefined) container.StopGracePeriod = service.stopGracePeriod;
  const health = healthcheck(service, apiVersion, issues);
  if (health !== null) container.Healthcheck = health;
  const hosts = extraHosts(service);
  if (hosts.length > 0) container.Hosts = hosts;
  const dns = dnsConfig(service);
  if (dns !== undefined) container.DNSConfig = dns;
  const secrets = secretReferences(service, ctx.secretNames);
  if (secrets.length > 0) container.Secrets = secrets;
  const configs = configReferences(service, ctx.configNames);
  if (configs.length > 0) container.Configs = configs;
  // The engine stores an unset isolation as `default`: sending it keeps specs comparable.
  container.Isolation =
    service.isolation !== undefined && service.isolation !== '' ? service.isolation : 'default';
  if (service.credentialSpec !== undefined) {
    const { file, registry, config } = service.credentialSpec;
    if (config !== undefined) {
      issues.unsupported(
        ['services', service.name, 'credential_spec', 'config'],
        `service ${service.name}: credential_spec.config is not supported by flotilla stack (use file or registry)`,
      );
    } else if (file !== undefined || registry !== undefined) {
      container.Privileges = {
        CredentialSpec: {
          ...(file !== undefined ? { File: file } : {}),
          ...(registry !== undefined ? { Registry: registry } : {}),
        },
      };
    }
  }
  gated(service, container, ctx);

  const serviceLabels = withStackLabel(ctx.stack, service.deploy?.labels);
  serviceLabels[STACK_LABEL.image] = image;
  const spec: ServiceSpec = {
    Name: scopedName(ctx.stack, service.name),
    Labels: serviceLabels,
    TaskTemplate: {
      ContainerSpec: container,
      Resources: serviceResources(service, apiVersion, issues),
      Placement: placement(service, apiVersion, issues),
      Networks: serviceAttachments(ctx.stack, ctx.project, service, issues),
    },
    Mode: serviceMode(service, apiVersion),
    EndpointSpec: serviceEndpoint(service, issues),
  };
  const restart = restartPolicy(service, issues);
  if (restart !== null) spec.TaskTemplate.RestartPolicy = restart;
  const log = logDriver(service);
  if (log !== null) spec.TaskTemplate.LogDriver = log;
  const update = updateConfig(service.deploy?.updateConfig);
  if (update !== null) spec.UpdateConfig = update;
  const rollback = updateConfig(service.deploy?.rollbackConfig);
  if (rollback !== null) spec.RollbackConfig = rollback;
  return spec;
}

/** The container fields that depend on the engine's API version. */
function gated(service: ServiceConfig, container: ContainerSpec, ctx: ServiceSpecContext): void {
  const { apiVersion, issues } = ctx;
  const gate = (field: string, min: string, set: () => void): void => {
    if (atLeast(apiVersion, min)) set();
    else {
      issues.apiVersion(
        ['services', service.name, field],
        `service ${service.name}: ${tooOld(field, min, apiVersion, 'it is ignored')}`,
      );
    }
  };
  if (service.sysctls !== undefined && Object.keys(service.sysctls).length > 0) {
    gate('sysctls', '1.40', () => (container.Sysctls = { ...service.sysctls }));
  }
  if ((service.capAdd ?? []).length > 0) {
    gate('cap_add', '1.41', () => (container.CapabilityAdd = [...service.capAdd!]));
  }
  if ((service.capDrop ?? []).length > 0) {
    gate('cap_drop', '1.41', () => (container.CapabilityDrop = [...service.capDrop!]));
  }
  const ulimits = ulimitList(service);
  if (ulimits.length > 0) gate('ulimits', '1.41', () => (container.Ulimits = ulimits));
  if (service.oomScoreAdj !== undefined && service.oomScoreAdj !== 0) {
    gate('oom_score_adj', '1.46', () => (container.OomScoreAdj = service.oomScoreAdj));
  }
}

/** `KEY=value` (or `KEY` for a variable without value), sorted as the docker CLI sorts them. */
function environment(service: ServiceConfig): string[] {
  return Object.entries(service.environment ?? {})
    .map(([k, v]) => (v === null ? k : `${k}=${v}`))
    .sort();
}

/** `extra_hosts` as Swarm's `IP hostname` lines, in the order written. */
function extraHosts(service: ServiceConfig): string[] {
  const out: string[] = [];
  for (const [host, addresses] of Object.entries(service.extraHosts ?? {})) {
    for (const a of addresses) out.push(`${a} ${host}`);
  }
  return out;
}

function dnsConfig(service: ServiceConfig): ContainerSpec['DNSConfig'] {
  const dns = service.dns ?? [];
  const search = service.dnsSearch ?? [];
  const options = service.dnsOpts ?? [];
  if (dns.length === 0 && search.length === 0 && options.length === 0) return undefined;
  return {
    ...(dns.length > 0 ? { Nameservers: [...dns] } : {}),
    ...(search.length > 0 ? { Search: [...search] } : {}),
    ...(options.length > 0 ? { Options: [...options] } : {}),
  };
}

/** `ulimits`, sorted by name; a single value is both the soft and the hard limit. */
function ulimitList(service: ServiceConfig): SwarmUlimit[] {
  return Object.entries(service.ulimits ?? {})
    .map(([name, u]) => ({
      Name: name,
      Soft: u.single ?? u.soft ?? 0,
      Hard: u.single ?? u.hard ?? 0,
    }))
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}
