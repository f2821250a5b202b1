import { goClean } from './go-path.js';
import { dict, has, isDict, type Dict } from './tree.js';

type Lookup = (name: string) => string | undefined;

const NAMESPACE_ATTRIBUTES = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const;

/**
 * Moves implicit things into the model: the `default` network (only when some service uses it),
 * `pull_policy: if_not_present` spelled `missing`, build defaults, `environment` and
 * `build.args` entries without a value taken from the environment, the `depends_on` entries
 * implied by links, `service:` namespaces and `volumes_from`, cleaned mount targets, pre_start
 * hook images, and resource names (`<project>_<key>`, or the key for external resources).
 * The tree is modified in place; `model.name` must hold the project name.
 */
export function normalizeModel(model: Dict, lookup: Lookup): void {
  normalizeNetworks(model);
  const services = model.services;
  if (isDict(services)) {
    for (const name of Object.keys(services)) {
      const service = services[name];
      if (isDict(service)) normalizeService(service, lookup);
    }
  }
  setNamesFromKeys(model);
}

function normalizeService(service: Dict, lookup: Lookup): void {
  if (service.pull_policy === 'if_not_present') service.pull_policy = 'missing';

  const build = service.build;
  if (isDict(build)) {
    if (build.context === null || build.context === undefined) build.context = '.';
    if (
      (build.dockerfile === null || build.dockerfile === undefined) &&
      (build.dockerfile_inline === null || build.dockerfile_inline === undefined)
    ) {
      build.dockerfile = 'Dockerfile';
    }
    if (has(build, 'args')) build.args = resolveValues(build.args, lookup, false);
  }

  if (has(service, 'environment')) {
    service.environment = resolveValues(service.environment, lookup, true);
  }

  const dependsOn = isDict(service.depends_on) ? service.depends_on : dict();
  const implied = (restart: boolean): Dict =>
    dict([
      ['condition', 'service_started'],
      ['restart', restart],
      ['required', true],
    ]);

  if (Array.isArray(service.links)) {
    for (const entry of service.links) {
      let link = String(entry);
      const parts = link.split(':');
      if (parts.length === 2) link = parts[0]!;
      if (!has(dependsOn, link)) dependsOn[link] = implied(true);
    }
  }

  for (const attribute of NAMESPACE_ATTRIBUTES) {
    const ref = service[attribute];
    if (typeof ref === 'string' && ref.startsWith('service:')) {
      const shared = ref.slice('service:'.length);
      if (!has(dependsOn, shared)) dependsOn[shared] = implied(true);
    }
  }

  if (Array.isArray(service.volumes)) {
    for (const volume of service.volumes) {
      if (isDict(volume) && typeof volume.target === 'string') {
        volume.target = goClean(volume.target);
      }
    }
  }

  if (Array.isArray(service.volumes_from)) {
    for (const entry of service.volumes_from) {
      const spec = String(entry);
      if (spec.startsWith('container:')) continue;
      const source = spec.split(':')[0];
      if (!has(dependsOn, source)) dependsOn[source] = implied(false);
    }
  }

  if (Object.keys(dependsOn).length > 0) service.depends_on = dependsOn;

  if (Array.isArray(service.pre_start) && typeof service.image === 'string' && service.image) {
    for (const hook of service.pre_start) {
      if (isDict(hook) && !has(hook, 'image')) hook.image = service.image;
    }
  }
}

function normalizeNetworks(model: Dict): void {
  const networks = isDict(model.networks) ? model.networks : dict();
  let usesDefault = false;
  const services = model.services;
  if (isDict(services)) {
    for (const name of Object.keys(services)) {
      const service = services[name];
      if (!isDict(service)) continue;
      if (has(service, 'provider') || has(service, 'network_mode')) continue;
      const serviceNetworks = service.networks;
      if (!has(service, 'networks') || !isDict(serviceNetworks)) {
        service.networks = dict([['default', null]]);
        usesDefault = true;
      } else if (Object.keys(serviceNetworks).length === 0) {
        service.networks = dict([['default', null]]);
        usesDefault = true;
      } else if (has(serviceNetworks, 'default')) {
        usesDefault = true;
      }
    }
  }
  if (!has(networks, 'default') && usesDefault) networks.default = null;
  if (Object.keys(networks).length > 0) model.networks = networks;
}

/**
 * Entries without a value take it from the environment: `KEY` in a list becomes `KEY=value`;
 * `KEY: null` in a mapping gets the value. Unknown keys stay valueless when `keepEmpty`,
 * otherwise they are dropped.
 */
function resolveValues(value: unknown, lookup: Lookup, keepEmpty: boolean): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      if (typeof item === 'string') {
        if (item.includes('=')) out.push(item);
        else {
          const found = lookup(item);
          if (found !== undefined) out.push(`${item}=${found}`);
          else if (keepEmpty) out.push(item);
        }
      }
    }
    return out;
  }
  if (isDict(value)) {
    const out = dict();
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (v !== null && v !== undefined) {
        out[key] = v;
        continue;
      }
      const found = lookup(key);
      if (found !== undefined) out[key] = found;
      else if (keepEmpty) out[key] = null;
    }
    return out;
  }
  return value;
}

function setNamesFromKeys(model: Dict): void {
  for (const kind of ['networks', 'volumes', 'configs', 'secrets']) {
    const resources = model[kind];
    if (!isDict(resources)) continue;
    for (const key of Object.keys(resources)) {
      const resource = isDict(resources[key]) ? resources[key] : dict();
      if (resource.name === null || resource.name === undefined) {
        resource.name = isTrue(resource.external) ? key : `${String(model.name)}_${key}`;
      }
      resources[key] = resource;
    }
  }
}

/** Go's strconv.ParseBool of `fmt.Sprint(x)`. */
function isTrue(value: unknown): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(String(value));
}
