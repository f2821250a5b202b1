// Project networks and volumes: created when missing with compose's labels and config hash,
// external ones verified and never touched, same-named ones compose did not create reused with
// compose's warning.
import { ComposeError } from '../api/errors.js';
import {
  isEngineError,
  type ContainerSummary,
  type EndpointSettings,
  type IpamPool,
  type NetworkCreateBody,
  type NetworkInspect,
  type Volume,
} from '../engine/index.js';
import type { NetworkConfig, Project, VolumeConfig } from '../model/project.js';
import { networkHash, volumeHash } from '../model/service-hash.js';
import type { ComposeContext } from './context.js';
import { emit, engineFailure } from './emit.js';
import { LABEL, labelFilter, resourceLabels } from './labels.js';
import { networksNamed, settleCreatedNetwork, settledNetwork } from './network-duplicates.js';
import { containerNameOf, listProjectNetworks } from './project-containers.js';
import { stopContainers } from './stop.js';
import { modelTree } from './service-tree.js';

/** The engine's view of a project network, once ensured. */
export interface EnsuredNetwork {
  /** Key in the compose file. */
  readonly key: string;
  /** Engine name. */
  readonly name: string;
  readonly id: string;
  /**
   * True when the network was recreated in place because its configuration changed: the
   * containers attached to it were stopped and reconnected to the new network.
   */
  readonly recreated?: boolean | undefined;
}

/** The networks the services use, keyed by compose-file key. */
export function usedNetworks(project: Project): string[] {
  const keys = new Set<string>();
  for (const service of Object.values(project.services)) {
    if (service.networkMode !== undefined && service.networkMode !== '') continue;
    for (const key of Object.keys(service.networks ?? {})) keys.add(key);
  }
  return [...keys].sort();
}

/** The config hash compose labels a network with. */
export function networkConfigHash(key: string, network: NetworkConfig): string {
  return networkHash(modelTree(network, 'Network'), key);
}

/** The config hash compose labels a volume with. */
export function volumeConfigHash(key: string, volume: VolumeConfig): string {
  return volumeHash(modelTree(volume, 'Volume'), key);
}

/**
 * Makes sure every network the services use exists: external ones must exist
 * (`network X declared as external, but could not be found`), project ones are created with
 * compose's labels unless a network of the project (by labels) or of the same name exists.
 * Makes no engine write when everything exists.
 * @returns the networks by key
 * @throws ComposeError `NOT_FOUND` for a missing external network, `ENGINE` when creation fails
 */
export async function ensureNetworks(
  ctx: ComposeContext,
  project: Project,
  signal?: AbortSignal,
  listed?: Promise<NetworkInspect[]>,
): Promise<Map<string, EnsuredNetwork>> {
  const keys = usedNetworks(project);
  const out = new Map<string, EnsuredNetwork>();
  if (keys.length === 0) return out;
  const labelled = await (listed ?? listNetworksOf(ctx, project, signal));
  await Promise.all(
    keys.map(async (key) => {
      const config: NetworkConfig = Object.hasOwn(project.networks, key)
        ? project.networks[key]
        : { name: `${project.name}_${key}`, ipam: {} };
      out.set(key, await ensureNetwork(ctx, project, key, config, labelled, signal));
    }),
  );
  return out;
}

/** The networks labelled as the project's. */
export async function listNetworksOf(
  ctx: ComposeContext,
  project: Project,
  signal?: AbortSignal,
): Promise<NetworkInspect[]> {
  try {
    return await listProjectNetworks(ctx.engine, project.name, { signal });
  } catch (err) {
    throw engineFailure(err, 'cannot list networks');
  }
}

async function ensureNetwork(
  ctx: ComposeContext,
  project: Project,
  key: string,
  config: NetworkConfig,
  labelled: readonly NetworkInspect[],
  signal: AbortSignal | undefined,
): Promise<EnsuredNetwork> {
  const name = config.name;
  if (config.external === true) {
    try {
      const found = await ctx.engine.networks.inspect(name, { signal });
      return { key, name, id: found.Id };
    } catch (err) {
      if (isEngineError(err, 404)) {
        throw new ComposeError(
          'NOT_FOUND',
          `network ${name} declared as external, but could not be found`,
          { cause: err },
        );
      }
      throw engineFailure(err, `cannot inspect network ${name}`);
    }
  }
  // Several when two runs created it at the same moment: every run uses the same one.
  const mine = await settledNetwork(
    ctx,
    name,
    labelled.filter((n) => n.Labels?.[LABEL.network] === key && n.Name === name),
    signal,
  );
  if (mine !== undefined) {
    // A network without a hash label (older compose) is reused untouched.
    const hash = mine.Labels?.[LABEL.configHash];
    if (hash === undefined || hash === networkConfigHash(key, config)) {
      return { key, name, id: mine.Id };
    }
    return recreateNetwork(ctx, project, key, config, mine, signal);
  }
  const existing = await settledNetwork(ctx, name, await networksNamed(ctx, name, signal), signal);
  if (existing !== undefined) {
    // A network of the same name that compose did not create: reuse it, as compose does.
    if (existing.Labels?.[LABEL.project] !== project.name) {
      ctx.warn(
        `a network with name ${name} exists but was not created by compose.\nSet \`external: true\` to use an existing network`,
      );
    }
    return { key, name, id: existing.Id };
  }
  return createNetwork(ctx, key, networkCreateBody(ctx, project, key, config), signal);
}

function networkCreateBody(
  ctx: ComposeContext,
  project: Project,
  key: string,
  config: NetworkConfig,
): NetworkCreateBody {
  const body: NetworkCreateBody = {
    Name: config.name,
    CheckDuplicate: true,
    Driver: config.driver ?? 'bridge',
    Internal: config.internal === true,
    Attachable: config.attachable === true,
    Labels: resourceLabels({
      kind: 'network',
      project: project.name,
      key,
      version: ctx.composeVersion,
      configHash: networkConfigHash(key, config),
      userLabels: config.labels,
    }),
  };
  if (config.driverOpts !== undefined) body.Options = { ...config.driverOpts };
  if (config.enableIpv6 !== undefined) body.EnableIPv6 = config.enableIpv6;
  if (config.enableIpv4 !== undefined && ctx.engine.supports('1.47')) {
    body.EnableIPv4 = config.enableIpv4;
  }
  const ipam = config.ipam;
  if (ipam.driver !== undefined || ipam.config !== undefined || ipam.options !== undefined) {
    body.IPAM = {
      Driver: ipam.driver ?? 'default',
      Config: (ipam.config ?? []).map((p) => {
        const pool: IpamPool = {};
        if (p.subnet !== undefined) pool.Subnet = p.subnet;
        if (p.gateway !== undefined) pool.Gateway = p.gateway;
        if (p.ipRange !== undefined) pool.IPRange = p.ipRange;
        if (p.auxAddresses !== undefined) pool.AuxiliaryAddresses = { ...p.auxAddresses };
        return pool;
      }),
      Options: ipam.options === undefined ? null : { ...ipam.options },
    };
  }
  return body;
}

async function createNetwork(
  ctx: ComposeContext,
  key: string,
  body: NetworkCreateBody,
  signal: AbortSignal | undefined,
): Promise<EnsuredNetwork> {
  const name = body.Name;
  emit(ctx, 'network', name, 'Creating', 'working');
  try {
    let id: string;
    try {
      const created = await ctx.engine.networks.create(body, { signal });
      // Another run may have created it at the same moment: one of the two is kept.
      id = await settleCreatedNetwork(ctx, name, created.Id, signal);
    } catch (err) {
      // Another run created it since it was looked for (`CheckDuplicate`): use that one.
      const other = isEngineError(err, 409)
        ? await settledNetwork(ctx, name, await networksNamed(ctx, name, signal), signal)
        : undefined;
      if (other === undefined) throw err;
      id = other.Id;
    }
    emit(ctx, 'network', name, 'Created');
    return { key, name, id };
  } catch (err) {
    emit(ctx, 'network', name, 'Error', 'error', (err as Error).message);
    throw engineFailure(err, `cannot create network ${name}`);
  }
}

/**
 * Recreates a project network whose configuration changed, in place as compose does: the
 * project's containers on it are stopped and disconnected, the network is removed and created
 * anew, and the containers are connected to it again with their endpoint settings (aliases,
 * addresses). The containers themselves are kept; the start phase starts them again.
 */
async function recreateNetwork(
  ctx: ComposeContext,
  project: Project,
  key: string,
  config: NetworkConfig,
  old: NetworkInspect,
  signal: AbortSignal | undefined,
): Promise<EnsuredNetwork> {
  const name = config.name;
  let attached: { id: string; name: string; endpoint: EndpointSettings }[];
  try {
    const users = await stopUsers(
      ctx,
      project,
      (c) => Object.values(c.NetworkSettings.Networks ?? {}).some((n) => n.NetworkID === old.Id),
      signal,
    );
    attached = await Promise.all(
      users.map(async (c) => {
        const cname = containerNameOf(c);
        const inspected = await ctx.engine.containers.inspect(c.Id, { signal });
        const endpoint = inspected.NetworkSettings.Networks?.[name] ?? {};
        await ctx.engine.networks.disconnect(old.Id, { Container: c.Id, Force: true }, { signal });
        return { id: c.Id, name: cname, endpoint };
      }),
    );
    emit(ctx, 'network', name, 'Removing', 'working');
    await ctx.engine.networks.remove(old.Id, { signal });
    emit(ctx, 'network', name, 'Removed');
  } catch (err) {
    emit(ctx, 'network', name, 'Error', 'error', (err as Error).message);
    throw engineFailure(err, `cannot recreate network ${name}`);
  }
  const created = await createNetwork(
    ctx,
    key,
    networkCreateBody(ctx, project, key, config),
    signal,
  );
  for (const c of attached) {
    const e = c.endpoint;
    const endpoint: EndpointSettings = {};
    if (e.Aliases != null) endpoint.Aliases = e.Aliases.filter((a) => !c.id.startsWith(a));
    if (e.IPAMConfig != null) endpoint.IPAMConfig = e.IPAMConfig;
    if (e.Links != null) endpoint.Links = e.Links;
    if (e.DriverOpts != null) endpoint.DriverOpts = e.DriverOpts;
    try {
      await ctx.engine.networks.connect(
        created.id,
        { Container: c.id, EndpointConfig: endpoint },
        { signal },
      );
    } catch (err) {
      throw engineFailure(err, `cannot connect container ${c.name} to network ${name}`);
    }
  }
  return { ...created, recreated: true };
}

/**
 * Checks that the external networks and volumes the services use exist, before anything is
 * created, so that a missing one leaves nothing half-created.
 * @throws ComposeError `NOT_FOUND` with compose's message
 */
export async function checkExternalResources(
  ctx: ComposeContext,
  project: Project,
  signal?: AbortSignal,
): Promise<void> {
  const checks: Promise<void>[] = [];
  for (const key of usedNetworks(project)) {
    const config = Object.hasOwn(project.networks, key) ? project.networks[key] : undefined;
    if (config?.external !== true) continue;
    checks.push(
      ctx.engine.networks.inspect(config.name, { signal }).then(
        () => undefined,
        (err: unknown) => {
          if (isEngineError(err, 404)) {
            throw new ComposeError(
              'NOT_FOUND',
              `network ${config.name} declared as external, but could not be found`,
              { cause: err },
            );
          }
          throw engineFailure(err, `cannot inspect network ${config.name}`);
        },
      ),
    );
  }
  for (const key of usedVolumes(project)) {
    const config = project.volumes[key];
    if (config.external !== true) continue;
    checks.push(
      ctx.engine.volumes.inspect(config.name, { signal }).then(
        () => undefined,
        (err: unknown) => {
          if (isEngineError(err, 404)) {
            throw new ComposeError('NOT_FOUND', `external volume "${config.name}" not found`, {
              cause: err,
            });
          }
          throw engineFailure(err, `cannot inspect volume ${config.name}`);
        },
      ),
    );
  }
  await Promise.all(checks);
}

/** The named volumes the services mount, keyed by compose-file key. */
export function usedVolumes(project: Project): string[] {
  const keys = new Set<string>();
  for (const service of Object.values(project.services)) {
    for (const v of service.volumes ?? []) {
      if (
        v.type === 'volume' &&
        v.source !== undefined &&
        Object.hasOwn(project.volumes, v.source)
      ) {
        keys.add(v.source);
      }
    }
  }
  return [...keys].sort();
}

/**
 * Makes sure every declared volume the services mount exists: external ones must exist
 * (`external volume "X" not found`), others are created with compose's labels unless a volume
 * of that name exists (one compose did not create is reused with compose's warning).
 * @throws ComposeError `NOT_FOUND` for a missing external volume, `ENGINE` when creation fails
 */
export async function ensureVolumes(
  ctx: ComposeContext,
  project: Project,
  signal?: AbortSignal,
  options: { readonly assumeYes?: boolean | undefined } = {},
): Promise<boolean> {
  const keys = usedVolumes(project);
  if (keys.length === 0) return false;
  const existing = await projectVolumes(ctx, project, signal);
  const recreated = await Promise.all(
    keys.map((key) => ensureVolume(ctx, project, key, existing, signal, options)),
  );
  return recreated.includes(true);
}

/**
 * One volume of {@link ensureVolumes}; `existing` are the project's volumes.
 * @returns true when a volume that no longer matched its configuration was recreated
 */
async function ensureVolume(
  ctx: ComposeContext,
  project: Project,
  key: string,
  existing: readonly Volume[],
  signal: AbortSignal | undefined,
  options: { readonly assumeYes?: boolean | undefined },
): Promise<boolean> {
  const config = project.volumes[key];
  const name = config.name;
  let recreated = false;
  const mine = existing.find((v) => v.Name === name);
  if (mine !== undefined) {
    // A volume without a hash label (older compose) is reused untouched.
    const hash = mine.Labels?.[LABEL.configHash];
    if (hash === undefined || hash === volumeConfigHash(key, config)) return false;
    const question = `Volume "${name}" exists but doesn't match configuration in compose file. Recreate (data will be lost)?`;
    const yes = options.assumeYes === true || (await ctx.confirm?.(question)) === true;
    if (!yes) {
      ctx.warn(
        `volume "${name}" exists but doesn't match configuration in compose file; it is kept as it is (answer yes, or pass -y, to recreate it)`,
      );
      return false;
    }
    await removeDivergedVolume(ctx, project, name, signal);
    recreated = true;
  }
  let found: Volume | undefined;
  try {
    found = await ctx.engine.volumes.inspect(name, { signal });
  } catch (err) {
    if (!isEngineError(err, 404)) throw engineFailure(err, `cannot inspect volume ${name}`);
  }
  if (config.external === true) {
    if (found === undefined)
      throw new ComposeError('NOT_FOUND', `external volume "${name}" not found`);
    return recreated;
  }
  if (found !== undefined) {
    if (found.Labels?.[LABEL.project] !== project.name) {
      ctx.warn(
        `volume "${name}" already exists but was not created by Docker Compose. Use \`external: true\` to use an existing volume`,
      );
    }
    return recreated;
  }
  await createVolume(ctx, project, key, signal);
  return recreated;
}

/** Creates a declared volume with compose's labels, with its progress events. */
async function createVolume(
  ctx: ComposeContext,
  project: Project,
  key: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const config = project.volumes[key];
  const name = config.name;
  emit(ctx, 'volume', name, 'Creating', 'working');
  try {
    await ctx.engine.volumes.create(
      {
        Name: name,
        Driver: config.driver ?? 'local',
        DriverOpts: { ...config.driverOpts },
        Labels: resourceLabels({
          kind: 'volume',
          project: project.name,
          key,
          version: ctx.composeVersion,
          configHash: volumeConfigHash(key, config),
          userLabels: config.labels,
        }),
      },
      { signal },
    );
  } catch (err) {
    emit(ctx, 'volume', name, 'Error', 'error', (err as Error).message);
    throw engineFailure(err, `cannot create volume ${name}`);
  }
  emit(ctx, 'volume', name, 'Created');
}

/**
 * The project's containers that `uses` picks (a network or a volume about to be replaced), those
 * still running stopped first, with their progress events.
 */
async function stopUsers(
  ctx: ComposeContext,
  project: Project,
  uses: (c: ContainerSummary) => boolean,
  signal: AbortSignal | undefined,
): Promise<ContainerSummary[]> {
  const listed = await ctx.engine.containers.list({
    all: true,
    filters: { label: [labelFilter(LABEL.project, project.name)] },
    signal,
  });
  const users = listed.filter(uses);
  const active = new Set(['running', 'restarting', 'paused']);
  await stopContainers(
    ctx,
    users.filter((c) => active.has(c.State)),
    { signal },
  );
  return users;
}

/**
 * Removes a volume whose configuration changed, after the project's containers that mount it
 * (they are created again by convergence, with the new volume).
 */
async function removeDivergedVolume(
  ctx: ComposeContext,
  project: Project,
  name: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    const users = await stopUsers(
      ctx,
      project,
      (c) => c.Mounts.some((m) => m.Type === 'volume' && m.Name === name),
      signal,
    );
    await Promise.all(
      users.map(async (c) => {
        const cname = containerNameOf(c);
        emit(ctx, 'container', cname, 'Removing', 'working');
        await ctx.engine.containers.remove(c.Id, { force: true, signal });
        emit(ctx, 'container', cname, 'Removed');
      }),
    );
    emit(ctx, 'volume', name, 'Removing', 'working');
    await ctx.engine.volumes.remove(name, { signal });
    emit(ctx, 'volume', name, 'Removed');
  } catch (err) {
    emit(ctx, 'volume', name, 'Error', 'error', (err as Error).message);
    throw engineFailure(err, `cannot recreate volume ${name}`);
  }
}

/** The volumes labelled as the project's. @throws ComposeError `ENGINE` */
export async function projectVolumes(
  ctx: ComposeContext,
  project: Project,
  signal: AbortSignal | undefined,
): Promise<Volume[]> {
  try {
    return (
      await ctx.engine.volumes.list({
        filters: { label: [labelFilter(LABEL.project, project.name)] },
        signal,
      })
    ).Volumes;
  } catch (err) {
    throw engineFailure(err, 'cannot list volumes');
  }
}
