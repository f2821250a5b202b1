// `volumes:` and `tmpfs:` of a service as the mounts of a Swarm service's containers.
import type { SwarmMount } from '../engine/index.js';
import { parseBytes } from '../model/units.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import type { ServiceVolumeConfig } from '../model/service-parts.js';
import { atLeast, tooOld } from './api-version.js';
import type { Issues } from './issues.js';
import { objectName, withStackLabel } from './stack-labels.js';

/** What the mount conversion needs besides the service. */
export interface MountContext {
  readonly stack: string;
  readonly project: Pick<Project, 'name' | 'volumes'>;
  readonly apiVersion: string;
  readonly issues: Issues;
}

/**
 * The mounts of a service: each `volumes:` entry, then each `tmpfs:` path (which `docker stack
 * deploy` drops). Named volumes become `<stack>_<name>` (or their `name:`), created on each node
 * with the stack label and the top-level volume's driver, options and labels.
 */
export function serviceMounts(service: ServiceConfig, ctx: MountContext): SwarmMount[] {
  const mounts: SwarmMount[] = [];
  (service.volumes ?? []).forEach((v, i) => {
    const m = volumeMount(v, ['services', service.name, 'volumes', i], ctx);
    if (m !== undefined) mounts.push(m);
  });
  (service.tmpfs ?? []).forEach((entry, i) => {
    mounts.push(tmpfsMount(entry, ['services', service.name, 'tmpfs', i], ctx));
  });
  return mounts;
}

function volumeMount(
  v: ServiceVolumeConfig,
  path: readonly (string | number)[],
  ctx: MountContext,
): SwarmMount | undefined {
  const base: SwarmMount = { Type: v.type, Target: v.target };
  if (v.readOnly === true) base.ReadOnly = true;
  if (v.consistency !== undefined && v.consistency !== '') base.Consistency = v.consistency;
  switch (v.type) {
    case 'volume':
      return namedVolume(v, base, path, ctx);
    case 'bind':
    case 'npipe':
      return bindMount(v, base, path, ctx);
    case 'tmpfs': {
      const m: SwarmMount = { ...base };
      const size = v.tmpfs?.size;
      const mode = v.tmpfs?.mode;
      if (size !== undefined || mode !== undefined) {
        m.TmpfsOptions = {};
        if (size !== undefined) m.TmpfsOptions.SizeBytes = size;
        if (mode !== undefined) m.TmpfsOptions.Mode = mode;
      }
      return m;
    }
    case 'image':
      if (!atLeast(ctx.apiVersion, '1.48')) {
        ctx.issues.apiVersion(
          path,
          tooOld('an image mount', '1.48', ctx.apiVersion, `the mount at ${v.target} is left out`),
        );
        return undefined;
      }
      return {
        ...base,
        Source: v.source,
        ...(v.image?.subpath !== undefined ? { ImageOptions: { Subpath: v.image.subpath } } : {}),
      };
    default:
      ctx.issues.unsupported(
        path,
        `a ${v.type} mount is not supported by flotilla stack: the mount at ${v.target} is left out`,
      );
      return undefined;
  }
}

function namedVolume(
  v: ServiceVolumeConfig,
  base: SwarmMount,
  path: readonly (string | number)[],
  ctx: MountContext,
): SwarmMount {
  const m: SwarmMount = { ...base };
  const noCopy = v.volume?.noCopy === true;
  const subpath = v.volume?.subpath;
  const useSubpath = subpath !== undefined && atLeast(ctx.apiVersion, '1.45');
  if (subpath !== undefined && !useSubpath) {
    ctx.issues.apiVersion(
      [...path, 'volume', 'subpath'],
      tooOld('volume.subpath', '1.45', ctx.apiVersion, 'the whole volume is mounted'),
    );
  }
  if (v.source === undefined || v.source === '') {
    // An anonymous volume: created per task, never shared.
    if (noCopy || useSubpath) {
      m.VolumeOptions = {
        ...(noCopy ? { NoCopy: true } : {}),
        ...(useSubpath ? { Subpath: subpath } : {}),
      };
    }
    return m;
  }
  const top = Object.hasOwn(ctx.project.volumes, v.source)
    ? ctx.project.volumes[v.source]
    : undefined;
  m.Source = top === undefined ? v.source : objectName(ctx.stack, ctx.project.name, v.source, top);
  const options: NonNullable<SwarmMount['VolumeOptions']> = {};
  if (noCopy) options.NoCopy = true;
  if (useSubpath) options.Subpath = subpath;
  if (top !== undefined && top.external !== true) {
    options.Labels = withStackLabel(ctx.stack, { ...top.labels, ...v.volume?.labels });
    if ((top.driver !== undefined && top.driver !== '') || top.driverOpts !== undefined) {
      options.DriverConfig = {
        Name: top.driver ?? '',
        ...(top.driverOpts !== undefined ? { Options: { ...top.driverOpts } } : {}),
      };
    }
  }
  m.VolumeOptions = options;
  return m;
}

function bindMount(
  v: ServiceVolumeConfig,
  base: SwarmMount,
  path: readonly (string | number)[],
  ctx: MountContext,
): SwarmMount {
  const m: SwarmMount = { ...base, Source: v.source };
  const bind = v.bind;
  const options: NonNullable<SwarmMount['BindOptions']> = {};
  if (bind?.propagation !== undefined && bind.propagation !== '') {
    options.Propagation = bind.propagation;
  }
  if (bind?.recursive === 'disabled') options.NonRecursive = true;
  else if (bind?.recursive !== undefined && bind.recursive !== 'enabled') {
    ctx.issues.unsupported(
      [...path, 'bind', 'recursive'],
      `bind.recursive: ${bind.recursive} is not supported by Swarm (enabled or disabled only)`,
    );
  }
  // Compose creates a missing host path by default; Swarm can from API 1.42 (older engines
  // fail the task instead, which is also what `docker stack deploy` gets).
  if (bind?.createHostPath === true && atLeast(ctx.apiVersion, '1.42')) {
    options.CreateMountpoint = true;
  }
  if (bind?.selinux !== undefined && bind.selinux !== '') {
    ctx.issues.unsupported(
      [...path, 'bind', 'selinux'],
      `bind.selinux is not supported by Swarm and is ignored`,
    );
  }
  if (Object.keys(options).length > 0) m.BindOptions = options;
  return m;
}

/** A service-level `tmpfs:` entry, `/path[:opt,opt...]` with `size=` and `mode=` options. */
function tmpfsMount(
  entry: string,
  path: readonly (string | number)[],
  ctx: MountContext,
): SwarmMount {
  const colon = entry.indexOf(':');
  const target = colon === -1 ? entry : entry.slice(0, colon);
  const m: SwarmMount = { Type: 'tmpfs', Target: target };
  if (colon === -1) return m;
  const ignored: string[] = [];
  for (const opt of entry.slice(colon + 1).split(',')) {
    if (opt === '') continue;
    const parts = opt.split('=', 2);
    const k = parts[0];
    const val = parts.at(1);
    if (k === 'size' && val !== undefined) {
      try {
        m.TmpfsOptions = { ...m.TmpfsOptions, SizeBytes: parseBytes(val) };
        continue;
      } catch {
        // reported below
      }
    } else if (k === 'mode' && val !== undefined && /^[0-7]+$/.test(val)) {
      m.TmpfsOptions = { ...m.TmpfsOptions, Mode: Number.parseInt(val, 8) };
      continue;
    }
    ignored.push(opt);
  }
  if (ignored.length > 0) {
    ctx.issues.unsupported(
      path,
      `tmpfs option${ignored.length > 1 ? 's' : ''} ${ignored.join(',')} of ${target} not supported by Swarm (size= and mode= only): ignored`,
    );
  }
  return m;
}
