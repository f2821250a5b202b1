// A whole project as the Swarm objects of a stack: what a deploy creates and what `stack
// config` prints. Pure: file contents and built images come in as arguments.
import type { ServiceSpec } from '../engine/index.js';
import { dependencyLevels } from '../model/graph.js';
import type { FileObjectConfig, Project } from '../model/project.js';
import { needsIpvs } from './endpoint.js';
import { fileObjectPlan, type FileObjectKind, type FileObjectPlan } from './file-objects.js';
import { Issues, SpecError, type StackIssue } from './issues.js';
import { stackNetworks, type StackNetworks } from './networks.js';
import { serviceSpec } from './service-spec.js';
import { unsupportedFields } from './unsupported.js';

/** What {@link planStack} needs. */
export interface StackPlanInput {
  readonly stack: string;
  readonly project: Project;
  /** The negotiated Engine API version. */
  readonly apiVersion: string;
  /** The content of a secret or config (undefined when it has none, e.g. a driver secret). */
  readonly content: (
    kind: FileObjectKind,
    key: string,
    object: FileObjectConfig,
  ) => Buffer | undefined;
  /** `--build`: services with `build:` are built; their images come in `images`. */
  readonly build: boolean;
  /** The image each built service runs (pinned by digest), by service key. */
  readonly images?: ReadonlyMap<string, string> | undefined;
  /** Whether the nodes have IPVS (undefined: unknown, no warning). */
  readonly ipvs?: boolean | undefined;
}

/** One service of the plan. */
export interface PlannedService {
  readonly key: string;
  readonly spec: ServiceSpec;
}

/** The stack's objects, services in dependency order. */
export interface StackObjects {
  readonly networks: StackNetworks;
  readonly secrets: readonly FileObjectPlan[];
  readonly configs: readonly FileObjectPlan[];
  readonly services: readonly PlannedService[];
  /** Service keys in rounds: a round only depends on earlier ones. */
  readonly levels: readonly (readonly string[])[];
  readonly issues: readonly StackIssue[];
}

/**
 * Converts the project's enabled services (and the networks, secrets and configs they use)
 * into Swarm specs, collecting a warning for every field that cannot be carried over.
 * @throws SpecError for what the engine would refuse or the deploy cannot do: a service with
 *   only `build:` without `build`, a value Swarm rejects, missing secret content
 */
export function planStack(input: StackPlanInput): StackObjects {
  const { stack, project } = input;
  const issues = new Issues();
  const services = Object.values(project.services);
  for (const s of services) {
    const hasImage = s.image !== undefined && s.image !== '';
    if (s.build !== undefined && !hasImage && !input.build) {
      throw new SpecError(
        ['services', s.name, 'build'],
        `service ${s.name} has build: but no image: Swarm nodes run images from a registry; deploy with --build --push and name the registry image in image: (e.g. image: registry.example:5000/${s.name})`,
      );
    }
    if (s.build !== undefined && !hasImage) {
      throw new SpecError(
        ['services', s.name, 'build'],
        `service ${s.name} has build: but no image: name the registry image to push to in image: (e.g. image: registry.example:5000/${s.name})`,
      );
    }
    if (s.build === undefined && !hasImage) {
      throw new SpecError(['services', s.name], `service ${s.name} has neither image nor build`);
    }
    if (s.build !== undefined && !input.build) {
      issues.notice(
        ['services', s.name, 'build'],
        `service ${s.name}: build: is ignored without --build; the nodes run ${s.image ?? ''} as it is in the registry`,
      );
    }
    issues.list.push(...unsupportedFields(s));
  }

  const used = { secret: new Set<string>(), config: new Set<string>() };
  for (const s of services) {
    for (const r of s.secrets ?? []) used.secret.add(r.source);
    for (const r of s.configs ?? []) used.config.add(r.source);
  }
  const objects = (kind: FileObjectKind): FileObjectPlan[] => {
    const all = kind === 'secret' ? project.secrets : project.configs;
    return [...used[kind]].sort().map((key) => {
      if (!Object.hasOwn(all, key)) {
        throw new SpecError(
          [kind === 'secret' ? 'secrets' : 'configs', key],
          `undefined ${kind} ${key}`,
        );
      }
      const object = all[key];
      const data = object.external === true ? undefined : input.content(kind, key, object);
      return fileObjectPlan(kind, stack, project, key, object, data);
    });
  };
  const secrets = objects('secret');
  const configs = objects('config');
  const secretNames = new Map(secrets.map((o) => [o.key, o.name]));
  const configNames = new Map(configs.map((o) => [o.key, o.name]));

  const levels = dependencyLevels(project);
  const planned: PlannedService[] = [];
  for (const key of levels.flat()) {
    const service = project.services[key];
    const spec = serviceSpec(service, {
      stack,
      project,
      apiVersion: input.apiVersion,
      secretNames,
      configNames,
      image: input.images?.get(key),
      issues,
    });
    if (input.ipvs === false) ipvsWarnings(key, spec, issues);
    planned.push({ key, spec });
  }
  return {
    networks: stackNetworks(stack, project),
    secrets,
    configs,
    services: planned,
    levels,
    issues: issues.list,
  };
}

function ipvsWarnings(key: string, spec: ServiceSpec, issues: Issues): void {
  const endpoint = spec.EndpointSpec ?? {};
  const need = needsIpvs(endpoint);
  if (need.vip) {
    issues.notice(
      ['services', key, 'deploy', 'endpoint_mode'],
      `service ${key}: endpoint_mode vip (the default) needs IPVS, which this swarm's kernel lacks: the name ${key} resolves to a virtual IP nothing answers on (use deploy.endpoint_mode: dnsrr)`,
    );
  }
  if (need.ingress) {
    issues.notice(
      ['services', key, 'ports'],
      `service ${key}: ports published in ingress mode need IPVS, which this swarm's kernel lacks: they will not answer (publish them with mode: host)`,
    );
  }
}
