import { isDict, type Dict } from './tree.js';

type Lookup = (name: string) => string | undefined;

/** Key under which a secret's value taken from the environment travels to the decoder. */
export const SECRET_VALUE_KEY = 'x-#value';

/**
 * Fills values that come from the project environment: `environment` list entries written as a
 * bare `KEY`, secrets with `environment:` (their value) and configs with `environment:` (their
 * content). The tree is modified in place.
 */
export function resolveEnvironmentValues(model: Dict, lookup: Lookup): void {
  const services = model.services;
  if (isDict(services)) {
    for (const name of Object.keys(services)) {
      const service = services[name];
      if (!isDict(service) || !Array.isArray(service.environment)) continue;
      const out: string[] = [];
      for (const entry of service.environment) {
        if (typeof entry !== 'string') continue;
        const found = lookup(entry);
        out.push(found !== undefined ? `${entry}=${found}` : entry);
      }
      service.environment = out;
    }
  }
  for (const [kind, key] of [
    ['secrets', SECRET_VALUE_KEY],
    ['configs', 'content'],
  ] as const) {
    const resources = model[kind];
    if (!isDict(resources)) continue;
    for (const name of Object.keys(resources)) {
      const resource = resources[name];
      if (!isDict(resource) || typeof resource.environment !== 'string') continue;
      const found = lookup(resource.environment);
      if (found !== undefined) resource[key] = found;
    }
  }
}
