// The name and create body of a service's container: one construction for the convergence,
// which creates it, and the up plan, which compares it with the engine's record of a running
// container to name the fields that changed.
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { containerCreateBody, type ContainerCreatePlan } from './container-config.js';
import type { ComposeContext } from './context.js';
import { containerName, nameSeparator } from './naming.js';
import { networkIds, pinNetworks } from './network-duplicates.js';
import type { EnsuredNetwork } from './resources.js';

/** What a service's create bodies depend on beyond the service, its hash and its image. */
export interface ContainerPlannerOptions {
  /** The ID of a service's first container, for `service:x` references (network_mode, ...). */
  readonly firstContainer: (service: string) => string | undefined;
  /** A service's container names, for `links`. */
  readonly containerNames: (service: string) => readonly string[];
  /** Whether the engine takes every network at create time (API 1.44 and newer). */
  readonly multipleEndpoints: boolean;
  /**
   * Project networks by key: the body names them by ID, so that a network another run
   * created twice at the same moment stays usable. Without them networks go by name (the plan
   * compares them by name with the engine's record).
   */
  readonly networks?: ReadonlyMap<string, EnsuredNetwork> | undefined;
  /** `-V`: a replacement does not take the anonymous volumes of the container it replaces. */
  readonly renewAnonVolumes?: boolean | undefined;
}

/** A container's name and the body that creates it. */
export interface PlannedContainer {
  readonly name: string;
  readonly body: ContainerCreatePlan;
}

/** Whether the engine takes every network endpoint at create time (API 1.44 and newer). */
export function takesMultipleEndpoints(ctx: ComposeContext): boolean {
  return ctx.engine.apiVersion !== undefined && ctx.engine.supports('1.44');
}

/** The name the service's container `number` has (`container_name`, else `p-s-n`). */
export function serviceContainerName(
  ctx: ComposeContext,
  project: Project,
  declared: ServiceConfig,
  number: number,
): string {
  return containerName(project.name, declared.name, number, {
    separator: nameSeparator(ctx.compatibility),
    containerName: declared.containerName,
  });
}

/**
 * The name and create body of the service's container `number`, replacing `replaced` when
 * given (its anonymous volumes carried over unless `renewAnonVolumes`).
 * @param hash the service's config hash, for the label
 * @param imageId the local image ID, for the image label
 */
export function containerPlanner(
  ctx: ComposeContext,
  project: Project,
  declared: ServiceConfig,
  hash: string,
  imageId: string | undefined,
  options: ContainerPlannerOptions,
): (number: number, replaced?: EngineContainer) => PlannedContainer {
  const custom = declared.containerName !== undefined && declared.containerName !== '';
  const ids = networkIds(options.networks ?? new Map());
  return (number, replaced) => {
    const name = serviceContainerName(ctx, project, declared, number);
    const body = containerCreateBody({
      project,
      service: declared,
      name,
      number,
      configHash: hash,
      composeVersion: ctx.composeVersion,
      imageId,
      replace:
        replaced === undefined
          ? undefined
          : custom
            ? declared.containerName
            : `${declared.name}-${number}`,
      compatibility: ctx.compatibility,
      serviceContainer: options.firstContainer,
      serviceContainerNames: options.containerNames,
      multipleEndpoints: options.multipleEndpoints,
      inheritedMounts: options.renewAnonVolumes === true ? undefined : replaced?.Mounts,
    });
    return { name, body: pinNetworks(body, ids) };
  };
}
