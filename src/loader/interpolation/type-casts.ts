import { goQuote } from '../../internal/go-quote.js';
import { goAtoi, goParseFloat, goParseInt64, type GoParsed } from './go-strconv.js';

/**
 * The type casts compose-go applies right after interpolation: a string found at one of these
 * paths (quoted in YAML, or produced by `${VAR}`) becomes the number or boolean the model
 * expects. Values that were not strings are left alone.
 */

/** A cast's outcome: the typed value, or the reason it failed (compose-go's text). */
export type CastResult =
  | { readonly ok: true; readonly value: number | boolean; readonly warning?: string }
  | { readonly ok: false; readonly error: string };

/** Turns a string into the type a path expects. */
export type Cast = (value: string) => CastResult;

const toInt: Cast = (v) => numeric(goAtoi(v));
const toInt64: Cast = (v) => numeric(goParseInt64(v));
const toFloat: Cast = (v) => numeric(goParseFloat(v, 64));
const toFloat32: Cast = (v) => numeric(goParseFloat(v, 32));

function numeric(r: GoParsed): CastResult {
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
}

/** YAML 1.2 booleans, plus the YAML 1.1 words compose still accepts with a warning. */
const toBoolean: Cast = (v) => {
  switch (v.toLowerCase()) {
    case 'true':
      return { ok: true, value: true };
    case 'false':
      return { ok: true, value: false };
    case 'y':
    case 'yes':
    case 'on':
      return { ok: true, value: true, warning: yaml11(v, true) };
    case 'n':
    case 'no':
    case 'off':
      return { ok: true, value: false, warning: yaml11(v, false) };
    default:
      return { ok: false, error: `invalid boolean: ${v}` };
  }
};

function yaml11(v: string, value: boolean): string {
  return `${goQuote(v)} for boolean is not supported by YAML 1.2, please use \`${value}\``;
}

/** A node of the path trie: `*` matches any key or index, `[]` any sequence index. */
export interface CastNode {
  readonly children: ReadonlyMap<string, CastNode>;
  readonly cast: Cast | undefined;
}

const SERVICE_CASTS: readonly (readonly [string, Cast])[] = [
  ['cpu_count', toInt64],
  ['cpu_percent', toFloat],
  ['cpu_period', toInt64],
  ['cpu_quota', toInt64],
  ['cpu_rt_period', toInt64],
  ['cpu_rt_runtime', toInt64],
  ['cpus', toFloat32],
  ['cpu_shares', toInt64],
  ['init', toBoolean],
  ['depends_on.*.required', toBoolean],
  ['depends_on.*.restart', toBoolean],
  ['deploy.replicas', toInt],
  ['deploy.update_config.parallelism', toInt],
  ['deploy.update_config.max_failure_ratio', toFloat],
  ['deploy.rollback_config.parallelism', toInt],
  ['deploy.rollback_config.max_failure_ratio', toFloat],
  ['deploy.restart_policy.max_attempts', toInt],
  ['deploy.placement.max_replicas_per_node', toInt],
  ['healthcheck.retries', toInt],
  ['healthcheck.disable', toBoolean],
  ['oom_kill_disable', toBoolean],
  ['oom_score_adj', toInt64],
  ['pids_limit', toInt64],
  ['ports.[].target', toInt],
  ['privileged', toBoolean],
  ['read_only', toBoolean],
  ['scale', toInt],
  ['stdin_open', toBoolean],
  ['tty', toBoolean],
  ['ulimits.*', toInt],
  ['ulimits.*.hard', toInt],
  ['ulimits.*.soft', toInt],
  ['volumes.[].read_only', toBoolean],
  ['volumes.[].volume.nocopy', toBoolean],
];

const TOP_LEVEL_CASTS: readonly (readonly [string, Cast])[] = [
  ['networks.*.external', toBoolean],
  ['networks.*.internal', toBoolean],
  ['networks.*.attachable', toBoolean],
  ['networks.*.enable_ipv4', toBoolean],
  ['networks.*.enable_ipv6', toBoolean],
  ['volumes.*.external', toBoolean],
  ['secrets.*.external', toBoolean],
  ['configs.*.external', toBoolean],
];

interface MutableNode {
  children: Map<string, MutableNode>;
  cast: Cast | undefined;
}

function buildTrie(): CastNode {
  const root: MutableNode = { children: new Map(), cast: undefined };
  const add = (pattern: string, cast: Cast): void => {
    let node = root;
    for (const segment of pattern.split('.')) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = { children: new Map(), cast: undefined };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.cast = cast;
  };
  for (const [p, c] of SERVICE_CASTS) add(`services.*.${p}`, c);
  for (const [p, c] of TOP_LEVEL_CASTS) add(p, c);
  return root;
}

let trie: CastNode | undefined;

/** The root of compose-go's cast table (loader/interpolate.go), built on first use. */
export function castTable(): CastNode {
  return (trie ??= buildTrie());
}

/**
 * The trie nodes reached from `nodes` by one step along `segment`; an empty result means no
 * cast applies anywhere below.
 */
export function stepCasts(nodes: readonly CastNode[], segment: string | number): CastNode[] {
  const next: CastNode[] = [];
  for (const node of nodes) {
    if (typeof segment === 'number') {
      const list = node.children.get('[]');
      if (list) next.push(list);
    } else {
      const exact = node.children.get(segment);
      if (exact) next.push(exact);
    }
    const any = node.children.get('*');
    if (any) next.push(any);
  }
  return next;
}
