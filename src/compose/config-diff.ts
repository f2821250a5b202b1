// Why a container would be recreated, field by field: the engine's record of the running
// container (inspect) against the create body flotilla would send now. The config-hash label
// only says *that* something changed; the engine keeps what it was created with, so comparing
// the two bodies names the fields. Environment values are never shown, only that they differ.
import type { PlanReason } from '../api/plan.js';
import type { ContainerConfig, ContainerInspect, HostConfig } from '../engine/index.js';
import type { ContainerCreatePlan } from './container-config.js';

/** What the running container's image adds by itself (its env, labels, command). */
export type ImageDefaults = Pick<ContainerConfig, 'Env' | 'Labels' | 'Cmd' | 'Entrypoint'> | null;

const COMPOSE_LABEL = 'com.docker.compose.';

/** Compose names of the Config fields compared when the file sets them. */
const CONFIG_FIELDS: readonly (readonly [keyof ContainerConfig, string])[] = [
  ['User', 'user'],
  ['WorkingDir', 'working_dir'],
  ['Hostname', 'hostname'],
  ['Domainname', 'domainname'],
  ['Tty', 'tty'],
  ['OpenStdin', 'stdin_open'],
  ['StopSignal', 'stop_signal'],
  ['StopTimeout', 'stop_grace_period'],
  ['Healthcheck', 'healthcheck'],
  ['MacAddress', 'mac_address'],
];

/** HostConfig fields compared by their own dedicated rules (ports, volumes, network mode). */
const HOST_SPECIAL = new Set<string>(['Binds', 'Mounts', 'PortBindings', 'NetworkMode']);

/**
 * The differences between a running container and the create body for the same service now,
 * as plan reasons (`environment.REDIS_HOST: changed (values redacted)`, `ports: ... -> ...`).
 * @param image the defaults of the image the container runs (its env and labels are not the
 *   file's), null when unknown
 */
export function configDifferences(
  running: ContainerInspect,
  wanted: ContainerCreatePlan,
  image: ImageDefaults,
): PlanReason[] {
  const body = wanted.body;
  const out: PlanReason[] = [];
  const oldImage = running.Config.Image ?? '';
  if (oldImage !== (body.Image ?? '')) out.push(valueChange('image', oldImage, body.Image ?? ''));
  out.push(...environmentChanges(running.Config.Env ?? [], body.Env ?? [], image?.Env ?? []));
  out.push(
    ...commandChange('command', running.Config.Cmd, body.Cmd, image?.Cmd),
    ...commandChange('entrypoint', running.Config.Entrypoint, body.Entrypoint, image?.Entrypoint),
  );
  out.push(...listChange('ports', portList(running.HostConfig), portList(body.HostConfig ?? {})));
  out.push(
    ...listChange('volumes', mountList(running.HostConfig), mountList(body.HostConfig ?? {})),
  );
  out.push(...listChange('networks', runningNetworks(running), wantedNetworks(wanted)));
  const runningMode = running.HostConfig.NetworkMode ?? '';
  const wantedMode = body.HostConfig?.NetworkMode ?? '';
  if (isSharedMode(runningMode) || isSharedMode(wantedMode)) {
    if (runningMode !== wantedMode) out.push(valueChange('network_mode', runningMode, wantedMode));
  }
  out.push(...labelChanges(running.Config.Labels ?? {}, body.Labels ?? {}, image?.Labels ?? {}));
  for (const [key, name] of CONFIG_FIELDS) {
    const next = body[key];
    if (next === undefined) continue;
    const prev = running.Config[key];
    if (!sameValue(prev, next)) out.push(valueChange(name, show(prev), show(next)));
  }
  const host = body.HostConfig ?? {};
  for (const key of Object.keys(host) as (keyof HostConfig)[]) {
    if (HOST_SPECIAL.has(key)) continue;
    const prev = running.HostConfig[key];
    const next = host[key];
    if (!sameValue(prev, next)) out.push(valueChange(`HostConfig.${key}`, show(prev), show(next)));
  }
  return out;
}

/** A field whose value changed, both values shown. */
export function valueChange(field: string, old: string, next: string): PlanReason {
  return { field, old, new: next, text: `${field}: ${quote(old)} -> ${quote(next)}` };
}

function quote(value: string): string {
  return value === '' ? '(none)' : JSON.stringify(value);
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Empty-like values (what the engine stores for "not set") compare equal. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) {
    return true;
  }
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isEmpty);
  return false;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) =>
      sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    );
  }
  return a === b;
}

function envMap(entries: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at < 0) out.set(entry, '');
    else out.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return out;
}

/**
 * Environment changes, names only: values may be secrets, so they are never shown. Variables
 * the container has from its image (and that the file does not set) are not the file's.
 */
export function environmentChanges(
  running: readonly string[],
  wanted: readonly string[],
  image: readonly string[],
): PlanReason[] {
  const prev = envMap(running);
  const next = envMap(wanted);
  const fromImage = envMap(image);
  const out: PlanReason[] = [];
  for (const [key, value] of next) {
    const field = `environment.${key}`;
    if (!prev.has(key))
      out.push({ field, redacted: true, text: `${field}: added (value redacted)` });
    else if (prev.get(key) !== value) {
      out.push({ field, redacted: true, text: `${field}: changed (values redacted)` });
    }
  }
  for (const [key, value] of prev) {
    if (next.has(key) || fromImage.get(key) === value) continue;
    const field = `environment.${key}`;
    out.push({ field, redacted: true, text: `${field}: removed (value redacted)` });
  }
  return out;
}

function commandChange(
  field: string,
  running: readonly string[] | null | undefined,
  wanted: readonly string[] | null | undefined,
  image: readonly string[] | null | undefined,
): PlanReason[] {
  // Without one in the file, the image's own applies.
  const next = wanted ?? image ?? [];
  const prev = running ?? [];
  if (sameValue(prev, next)) return [];
  const render = (v: readonly string[], own: boolean): string =>
    own ? JSON.stringify(v) : `${JSON.stringify(v)} (image default)`;
  return [
    {
      field,
      old: JSON.stringify(prev),
      new: JSON.stringify(next),
      text: `${field}: ${JSON.stringify(prev)} -> ${render(next, wanted !== undefined && wanted !== null)}`,
    },
  ];
}

/** Published ports in the file's short syntax: `[ip:][published]:target/proto`. */
function portList(host: Partial<HostConfig>): string[] {
  const out: string[] = [];
  for (const [target, bindings] of Object.entries(host.PortBindings ?? {})) {
    for (const b of bindings ?? []) {
      const ip = b.HostIp === undefined || b.HostIp === '' ? '' : `${b.HostIp}:`;
      out.push(`${ip}${b.HostPort ?? ''}:${target}`);
    }
  }
  return out.sort();
}

/** Binds and mounts as `source:target[:mode]` (anonymous volumes by target only). */
function mountList(host: Partial<HostConfig>): string[] {
  const out: string[] = [...(host.Binds ?? [])];
  for (const m of host.Mounts ?? []) {
    const source = m.Source === undefined || m.Source === '' ? '' : `${m.Source}:`;
    const mode = m.ReadOnly === true ? ':ro' : '';
    out.push(
      `${m.Type === 'bind' || m.Type === 'volume' ? '' : `${m.Type}:`}${source}${m.Target}${mode}`,
    );
  }
  return out.sort();
}

function runningNetworks(running: ContainerInspect): string[] {
  if (isSharedMode(running.HostConfig.NetworkMode ?? '')) return [];
  return Object.keys(running.NetworkSettings.Networks ?? {}).sort();
}

function wantedNetworks(wanted: ContainerCreatePlan): string[] {
  const mode = wanted.body.HostConfig?.NetworkMode ?? '';
  if (isSharedMode(mode)) return [];
  const names = new Set(Object.keys(wanted.body.NetworkingConfig?.EndpointsConfig ?? {}));
  for (const c of wanted.connect) names.add(c.network);
  return [...names].sort();
}

function isSharedMode(mode: string): boolean {
  return (
    mode === 'host' ||
    mode === 'none' ||
    mode.startsWith('container:') ||
    mode.startsWith('service:')
  );
}

/** Items added and removed: one `a -> b` reason when exactly one was swapped for another. */
function listChange(field: string, prev: readonly string[], next: readonly string[]): PlanReason[] {
  const removed = prev.filter((x) => !next.includes(x));
  const added = next.filter((x) => !prev.includes(x));
  if (removed.length === 1 && added.length === 1) return [valueChange(field, removed[0], added[0])];
  return [
    ...removed.map((x) => ({ field, old: x, text: `${field}: removed ${JSON.stringify(x)}` })),
    ...added.map((x) => ({ field, new: x, text: `${field}: added ${JSON.stringify(x)}` })),
  ];
}

/** The user's labels: compose's own and the image's are left out. */
function labelChanges(
  running: Readonly<Record<string, string>>,
  wanted: Readonly<Record<string, string>>,
  image: Readonly<Record<string, string>>,
): PlanReason[] {
  const out: PlanReason[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    if (key.startsWith(COMPOSE_LABEL)) continue;
    const prev = Object.hasOwn(running, key) ? running[key] : '';
    if (prev !== value) out.push(valueChange(`labels.${key}`, prev, value));
  }
  for (const [key, value] of Object.entries(running)) {
    if (key.startsWith(COMPOSE_LABEL) || Object.hasOwn(wanted, key) || image[key] === value) {
      continue;
    }
    out.push(valueChange(`labels.${key}`, value, ''));
  }
  return out;
}
