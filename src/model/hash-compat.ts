/**
 * A service's config hash as an older docker compose computed it (the rules of hash-rules.ts),
 * so that a container it created is recognised as up to date when nothing changed.
 *
 * Some of what an older version wrote cannot be read back from the model: whether a bind mount
 * was written in the short syntax (older compose-go then wrote `create_host_path: true`) or the
 * long one (it did not), a device as `/dev/a` or `/dev/a:/dev/a:rwm`, a port's `protocol: tcp`
 * written or implied. Each such place gives a few alternatives, and every combination is one
 * candidate hash: the container is up to date when its label is one of them.
 */
import { createHash } from 'node:crypto';
import { CURRENT_HASH_RULES, type HashRules } from './hash-rules.js';
import { encodeGoJson } from './marshal-json.js';
import {
  member,
  parseOrderedJson,
  rawString,
  scalarText,
  writeOrderedJson,
  type JsonMember,
  type JsonNode,
} from './ordered-json.js';
import { decodeService } from './project-value.js';

type Dict = Record<string, unknown>;

/** At most this many combinations are tried; beyond, each place takes the same alternative. */
const MAX_COMBINATIONS = 64;

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A place with alternatives: `choose(i)` sets alternative i (0 ≤ i < count) on the tree. */
interface Choice {
  readonly count: number;
  choose(i: number): void;
}

/** The members of ServiceNetworkConfig in compose-go's order before 2.6.2. */
const OLD_NETWORK_ORDER = [
  'priority',
  'gw_priority',
  'aliases',
  'ipv4_address',
  'ipv6_address',
  'link_local_ips',
  'mac_address',
  'driver_opts',
];

/**
 * The JSON docker compose hashed for a service under `rules`, before the alternatives: the
 * cleared fields removed, and the input of the marshaller adjusted.
 */
function hashedJson(service: Dict, name: string, rules: HashRules): string {
  const cleared = new Set(['build', 'pull_policy', 'scale']);
  if (!rules.hashesDependsOn) cleared.add('depends_on');
  if (!rules.hashesProfiles) cleared.add('profiles');
  const d: Dict = {};
  for (const k of Object.keys(service)) if (!cleared.has(k)) d[k] = service[k];
  if (isDict(d.deploy)) {
    const { replicas: _, ...deploy } = d.deploy;
    d.deploy = deploy;
  }
  return encodeGoJson(decodeService(d, name), '');
}

function items(node: JsonNode | undefined): JsonNode[] {
  return node?.k === 'array' ? node.items : [];
}

function objects(node: JsonNode | undefined): Extract<JsonNode, { k: 'object' }>[] {
  return items(node).filter((n): n is Extract<JsonNode, { k: 'object' }> => n.k === 'object');
}

/** Rewrites what is certain and returns the places with alternatives. */
function adjust(root: JsonNode, rules: HashRules): Choice[] {
  const choices: Choice[] = [];
  if (rules.modeAsNumber) {
    for (const key of ['configs', 'secrets']) {
      for (const ref of objects(member(root, key)?.value)) {
        const mode = member(ref, 'mode');
        const text = scalarText(mode?.value);
        if (mode !== undefined && text !== undefined && /^0[0-7]*$/.test(text)) {
          mode.value = { k: 'raw', text: String(parseInt(text, 8)) };
        }
      }
    }
  }
  if (rules.networkPriorityFirst) {
    const networks = member(root, 'networks')?.value;
    for (const m of networks?.k === 'object' ? networks.members : []) {
      const n = m.value;
      if (n.k !== 'object') continue;
      const rank = (k: string): number => {
        const i = OLD_NETWORK_ORDER.indexOf(k);
        return i < 0 ? OLD_NETWORK_ORDER.length : i;
      };
      n.members.sort((a, b) => rank(a.key) - rank(b.key));
    }
  }
  if (rules.cpusAsText) {
    const resources = member(member(root, 'deploy')?.value, 'resources')?.value;
    for (const key of ['limits', 'reservations']) {
      const cpus = member(member(resources, key)?.value, 'cpus');
      if (cpus?.value.k === 'raw') cpus.value = rawString(cpus.value.text);
    }
  }
  if (rules.createHostPath !== 'omitted-when-true') {
    for (const volume of objects(member(root, 'volumes')?.value)) {
      const bind = member(volume, 'bind')?.value;
      if (bind?.k === 'object') choices.push(...bindChoice(bind, rules));
    }
  }
  if (rules.devicesAsText) {
    const list = items(member(root, 'devices')?.value);
    list.forEach((device, i) => {
      if (device.k !== 'object') return;
      const src = scalarText(member(device, 'source')?.value) ?? '';
      const dst = scalarText(member(device, 'target')?.value) ?? src;
      const perms = scalarText(member(device, 'permissions')?.value) ?? 'rwm';
      const texts = new Set<string>();
      if (perms === 'rwm') texts.add(`${src}:${dst}`);
      if (perms === 'rwm' && src === dst) texts.add(src);
      texts.add(`${src}:${dst}:${perms}`);
      const alternatives: JsonNode[] = [...[...texts].map(rawString), device];
      choices.push({
        count: alternatives.length,
        choose: (c) => {
          list[i] = alternatives[c];
        },
      });
    });
  }
  if (rules.dropsUnsetEnvironment) {
    const env = member(root, 'environment');
    if (env?.value.k === 'object') {
      const all = env.value.members;
      const set = all.filter((m) => !(m.value.k === 'raw' && m.value.text === 'null'));
      if (set.length < all.length) {
        const node = env.value;
        const alternatives = [[...all], set];
        choices.push({
          count: 2,
          choose: (c) => {
            node.members.splice(0, node.members.length, ...alternatives[c]);
          },
        });
      }
    }
  }
  if (rules.portProtocolOptional) {
    for (const port of objects(member(root, 'ports')?.value)) {
      const all = [...port.members];
      if (scalarText(member(port, 'protocol')?.value) !== 'tcp') continue;
      const without = all.filter((m) => m.key !== 'protocol');
      choices.push({
        count: 2,
        choose: (c) => {
          port.members.splice(0, port.members.length, ...(c === 0 ? all : without));
        },
      });
    }
  }
  return choices;
}

/** `create_host_path` under the older rules; alternatives where the model cannot tell. */
function bindChoice(bind: Extract<JsonNode, { k: 'object' }>, rules: HashRules): Choice[] {
  const present = member(bind, 'create_host_path');
  const base = bind.members.filter((m) => m.key !== 'create_host_path');
  const withValue = (value: 'true' | 'false'): JsonMember[] => {
    const out = [...base];
    const at = out.findIndex((m) => m.key === 'recursive');
    const entry: JsonMember = {
      rawKey: '"create_host_path"',
      key: 'create_host_path',
      value: { k: 'raw', text: value },
    };
    out.splice(at < 0 ? out.length : at, 0, entry);
    return out;
  };
  const set = (members: JsonMember[]): void => {
    bind.members.splice(0, bind.members.length, ...members);
  };
  if (rules.createHostPath === 'shown-when-true') {
    // false was left out; true (absent from the current JSON) was written by the short syntax
    // and an explicit `create_host_path: true`, not by a long-syntax bind that omitted it.
    if (present !== undefined) {
      set(base);
      return [];
    }
    const alternatives = [withValue('true'), base];
    return [
      {
        count: 2,
        choose: (c) => {
          set(alternatives[c]);
        },
      },
    ];
  }
  // 'false-when-unset': true was left out, but a long-syntax bind without the key was false.
  if (present !== undefined) return [];
  const alternatives = [base, withValue('false')];
  return [
    {
      count: 2,
      choose: (c) => {
        set(alternatives[c]);
      },
    },
  ];
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The config hashes docker compose could have written for `service` under `rules`: one for the
 * current rules, several where the older rules depend on how the file was written.
 * @param service one service of the canonical model tree, as the config hash takes it
 *   (`env_file` merged and dropped, `service:` references resolved)
 * @throws ModelError when a value cannot be converted to its Go type
 * @example serviceHashCandidates(tree, 'web', hashRulesFor('2.26.1')!)
 */
export function serviceHashCandidates(service: Dict, name: string, rules: HashRules): string[] {
  const text = hashedJson(service, name, rules);
  if (rules === CURRENT_HASH_RULES) return [sha256(text)];
  const root = parseOrderedJson(text);
  const choices = adjust(root, rules);
  const total = choices.reduce((n, c) => n * c.count, 1);
  const out = new Set<string>();
  if (total <= MAX_COMBINATIONS) {
    for (let combination = 0; combination < total; combination++) {
      let rest = combination;
      for (const c of choices) {
        c.choose(rest % c.count);
        rest = Math.floor(rest / c.count);
      }
      out.add(sha256(writeOrderedJson(root)));
    }
  } else {
    // Too many places: the same alternative everywhere (all short syntax, all long, ...).
    const widest = Math.max(...choices.map((c) => c.count));
    for (let i = 0; i < widest; i++) {
      for (const c of choices) c.choose(Math.min(i, c.count - 1));
      out.add(sha256(writeOrderedJson(root)));
    }
  }
  return [...out];
}
