/**
 * A whole project tree decoded as compose-go's `types.Project`, in the two shapes docker compose
 * prints it: `MarshalJSON` builds a Go map (keys sorted, `models` left out, `x-*` keys added),
 * while the YAML encoder walks the struct (`name`, `services`, `networks`, `volumes`,
 * `secrets`, `configs`, `models`, then the `x-*` keys).
 */
import { anyValue, decodeAs, decodeStruct, type GoValue } from './go-value.js';

type Dict = Record<string, unknown>;

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The decoded project, ready for either marshaller. */
export interface ProjectValue {
  /** What `Project.MarshalJSON` marshals: a Go map of the top-level keys. */
  readonly json: GoValue;
  /** The `Project` struct as the YAML encoder sees it. */
  readonly yaml: GoValue;
}

function resources(
  tree: Dict,
  key: string,
  struct: string,
  adjust?: (d: Dict) => Dict,
): GoValue | undefined {
  const node = tree[key];
  if (!isDict(node)) return undefined;
  const entries = Object.keys(node).map((name): [string, GoValue] => {
    const value = node[name];
    const d = isDict(value) ? value : {};
    return [name, decodeStruct(adjust ? adjust(d) : d, struct, [key, name])];
  });
  return { k: 'map', entries };
}

function without(d: Dict, key: string): Dict {
  if (!Object.hasOwn(d, key)) return d;
  const copy: Dict = {};
  for (const k of Object.keys(d)) if (k !== key) copy[k] = d[k];
  return copy;
}

/** Decodes one service mapping as `types.ServiceConfig`. */
export function decodeService(service: unknown, name: string): GoValue {
  return decodeAs(isDict(service) ? service : {}, 'Service', ['services', name]);
}

/**
 * Decodes the canonical project tree (the loader's `model`).
 * @param tree the model; `name` is taken from it
 * @throws ModelError when a value cannot be converted to its Go type
 */
export function decodeProject(tree: Dict): ProjectValue {
  const servicesNode = tree.services;
  const services: GoValue = isDict(servicesNode)
    ? {
        k: 'map',
        entries: Object.keys(servicesNode).map((n) => [n, decodeService(servicesNode[n], n)]),
      }
    : { k: 'nil' };
  const networks = resources(tree, 'networks', 'Network');
  const volumes = resources(tree, 'volumes', 'Volume');
  // SecretConfig never marshals its content; ConfigObjConfig drops it when it came from
  // the environment.
  const secrets = resources(tree, 'secrets', 'FileObject', (d) => without(d, 'content'));
  const configs = resources(tree, 'configs', 'FileObject', (d) =>
    typeof d.environment === 'string' && d.environment !== '' ? without(d, 'content') : d,
  );
  const models = resources(tree, 'models', 'Model');
  const name = typeof tree.name === 'string' ? tree.name : '';
  const ext = Object.keys(tree)
    .filter((k) => k.startsWith('x-'))
    .map((k): [string, GoValue] => [k, anyValue(tree[k])]);

  const top: [string, GoValue][] = [
    ['name', { k: 'str', v: name }],
    ['services', services],
  ];
  const optional: [string, GoValue | undefined][] = [
    ['networks', networks],
    ['volumes', volumes],
    ['secrets', secrets],
    ['configs', configs],
  ];
  for (const [k, v] of optional) if (v && v.k === 'map' && v.entries.length > 0) top.push([k, v]);
  const json: GoValue = { k: 'map', entries: [...top, ...ext] };

  const present = (
    k: string,
    v: GoValue | undefined,
  ): { json: null; yaml: string | null; v: GoValue } => ({
    json: null,
    yaml: v && v.k === 'map' && v.entries.length > 0 ? k : null,
    v: v ?? { k: 'nil' },
  });
  const yaml: GoValue = {
    k: 'struct',
    fields: [
      { json: null, yaml: name === '' ? null : 'name', v: { k: 'str', v: name } },
      // A nil map of services still prints as an empty mapping in YAML.
      {
        json: null,
        yaml: 'services',
        v: services.k === 'nil' ? { k: 'map', entries: [] } : services,
      },
      present('networks', networks),
      present('volumes', volumes),
      present('secrets', secrets),
      present('configs', configs),
      present('models', models),
    ],
    ext,
  };
  return { json, yaml };
}
