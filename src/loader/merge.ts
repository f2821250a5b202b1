import { ComposeError } from '../api/errors.js';
import { compareStrings, goString, goTypeName } from './go-format.js';
import { dict, formatPath, isDict, matchPath, type Dict, type Path } from './tree.js';

/**
 * Override merge: how a later compose file (or an extending service) changes the model so far.
 *
 * The general rule is "mappings merge key by key, sequences append, scalars are replaced";
 * the attributes below follow their own rules. Patterns use `*` for any key.
 */
type Merger = (base: unknown, override: unknown, path: Path) => unknown;

const SPECIAL_RULES: readonly (readonly [readonly string[], Merger])[] = [
  [['networks', '*', 'ipam', 'config'], mergeIpamConfig],
  [['networks', '*', 'labels'], mergeToSequence],
  [['volumes', '*', 'labels'], mergeToSequence],
  [['services', '*', 'annotations'], mergeToSequence],
  [['services', '*', 'build'], mergeBuild],
  [['services', '*', 'build', 'args'], mergeToSequence],
  [['services', '*', 'build', 'additional_contexts'], mergeToSequence],
  [['services', '*', 'build', 'extra_hosts'], mergeExtraHosts],
  [['services', '*', 'build', 'labels'], mergeToSequence],
  [['services', '*', 'command'], replace],
  [['services', '*', 'depends_on'], mergeDependsOn],
  [['services', '*', 'deploy', 'labels'], mergeToSequence],
  [['services', '*', 'dns'], mergeToSequence],
  [['services', '*', 'dns_opt'], mergeToSequence],
  [['services', '*', 'dns_search'], mergeToSequence],
  [['services', '*', 'entrypoint'], replace],
  [['services', '*', 'env_file'], mergeToSequence],
  [['services', '*', 'label_file'], mergeToSequence],
  [['services', '*', 'environment'], mergeToSequence],
  [['services', '*', 'extra_hosts'], mergeExtraHosts],
  [['services', '*', 'healthcheck', 'test'], replace],
  [['services', '*', 'labels'], mergeToSequence],
  [['services', '*', 'volumes', '*', 'volume', 'labels'], mergeToSequence],
  [['services', '*', 'logging'], mergeLogging],
  [['services', '*', 'models'], mergeNamedMapping],
  [['services', '*', 'networks'], mergeNamedMapping],
  [['services', '*', 'sysctls'], mergeToSequence],
  [['services', '*', 'tmpfs'], mergeToSequence],
  [['services', '*', 'ulimits', '*'], mergeUlimit],
];

/**
 * Merges `override` into `base` and returns the result. `base` is modified in place (it is the
 * model being built); nodes of `override` are moved into it.
 * @throws ComposeError('SCHEMA') when a mapping is overridden by a non-mapping, or a sequence
 * by a non-sequence.
 */
export function mergeModel(base: Dict, override: Dict): Dict {
  return mergeMappings(base, override, []);
}

/**
 * Merges a service definition onto the service it extends. Both are service mappings; the
 * rules are the same as for `services.<name>` in an override file.
 */
export function mergeService(base: Dict, override: Dict): Dict {
  return mergeNode(base, override, ['services', 'x']) as Dict;
}

/** Merges two nodes found at `path`, applying the attribute-specific rules. */
export function mergeNode(base: unknown, override: unknown, path: Path): unknown {
  for (const [pattern, merger] of SPECIAL_RULES) {
    if (matchPath(path, pattern)) return merger(base, override, path);
  }
  if (override === null || override === undefined) return base;
  if (isDict(base)) {
    if (!isDict(override)) throw cannotOverride(path);
    return mergeMappings(base, override, path);
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(override)) throw cannotOverride(path);
    return [...(base as unknown[]), ...(override as unknown[])];
  }
  return override;
}

function cannotOverride(path: Path): ComposeError {
  return new ComposeError('SCHEMA', `cannot override ${formatPath(path)}`, {
    path: formatPath(path),
  });
}

function mergeMappings(base: Dict, override: Dict, path: Path): Dict {
  for (const key of Object.keys(override)) {
    const value = override[key];
    if (!Object.hasOwn(base, key)) {
      base[key] = value;
      continue;
    }
    base[key] = mergeNode(base[key], value, [...path, key]);
  }
  return base;
}

function replace(_base: unknown, override: unknown): unknown {
  return override;
}

/** Logging options merge only when both sides name the same driver (or one names none). */
function mergeLogging(base: unknown, override: unknown, path: Path): unknown {
  if (!isDict(base) || !isDict(override)) return override ?? base;
  const hasOverrideDriver = Object.hasOwn(override, 'driver');
  const hasBaseDriver = Object.hasOwn(base, 'driver');
  if (!hasOverrideDriver || !hasBaseDriver || override.driver === base.driver) {
    return mergeMappings(base, override, path);
  }
  return override;
}

/** `build: ./dir` is the short form of `build: { context: ./dir }`. */
function mergeBuild(base: unknown, override: unknown, path: Path): unknown {
  const toBuild = (v: unknown): Dict => {
    if (typeof v === 'string') return dict([['context', v]]);
    if (isDict(v)) return v;
    return dict();
  };
  return mergeMappings(toBuild(base), toBuild(override), path);
}

function mergeDependsOn(base: unknown, override: unknown, path: Path): unknown {
  const defaults = (): Dict =>
    dict([
      ['condition', 'service_started'],
      ['required', true],
    ]);
  return mergeMappings(toMapping(base, defaults), toMapping(override, defaults), path);
}

function mergeNamedMapping(base: unknown, override: unknown, path: Path): unknown {
  return mergeMappings(toMapping(base), toMapping(override), path);
}

/** A list of names becomes a mapping of name to `null` (or to a fresh default value). */
function toMapping(value: unknown, defaults?: () => Dict): Dict {
  if (isDict(value)) return value;
  const out = dict();
  if (Array.isArray(value)) {
    for (const item of value) out[String(item)] = defaults ? defaults() : null;
  }
  return out;
}

function mergeExtraHosts(base: unknown, override: unknown): unknown {
  const left = toSequence(base);
  const right = toSequence(override).filter((v) => !left.includes(v));
  return [...left, ...right];
}

function mergeToSequence(base: unknown, override: unknown): unknown {
  return [...toSequence(base), ...toSequence(override)];
}

/**
 * A `KEY: value` mapping becomes a sorted list of `KEY=value` strings (a `null` value gives the
 * bare key; a list value gives one entry per item), so both forms can be appended.
 */
export function toSequence(value: unknown): unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value === 'string') return [value];
  if (!isDict(value)) return [];
  const seq: string[] = [];
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === null || v === undefined) seq.push(key);
    else if (Array.isArray(v)) for (const item of v) seq.push(`${key}=${goString(item)}`);
    else seq.push(`${key}=${goString(v)}`);
  }
  return seq.sort(compareStrings);
}

/** An override of one ulimit replaces it. */
function mergeUlimit(_base: unknown, override: unknown): unknown {
  return override;
}

/** IPAM configs merge per subnet; configs for other subnets are added. */
function mergeIpamConfig(base: unknown, override: unknown, path: Path): unknown {
  if (!Array.isArray(base) || !Array.isArray(override)) {
    throw new ComposeError(
      'SCHEMA',
      `${formatPath(path)}: unexpected type ${goTypeName(Array.isArray(base) ? override : base)}`,
      { path: formatPath(path) },
    );
  }
  const result: Dict[] = [];
  for (const original of base) {
    const right = toMapping(original);
    for (const item of override) {
      const left = toMapping(item);
      if (left.subnet !== right.subnet) {
        if (!result.some((r) => r.subnet === left.subnet)) {
          result.push(left);
          continue;
        }
      }
      const merged = mergeMappings(right, left, path);
      const index = result.findIndex((r) => r.subnet === merged.subnet);
      if (index >= 0) result[index] = merged;
      else result.push(merged);
    }
  }
  return result;
}
