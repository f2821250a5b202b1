// Build fields whose values no builder accepts, found before anything is built: cache specs
// (`cache_from`/`cache_to`, read as buildx reads them) and ssh entries. Each problem names its
// model path and value, so that the error can say where it is written.
import { existsSync } from 'node:fs';
import type { ServiceConfig } from '../model/service.js';

/** One refused build field value. */
export interface BuildFieldProblem {
  /** The model path: `['services', 'web', 'build', 'cache_to', 0]`. */
  readonly path: readonly (string | number)[];
  readonly value: string;
  /** Why it is refused, with what is accepted. */
  readonly why: string;
}

/** The cache backends buildx and BuildKit know. */
export const CACHE_TYPES = ['registry', 'local', 'inline', 'gha', 's3', 'azblob'] as const;

/** Go's csv reader, as buildx splits a cache spec: fields, `"` quoting a field. */
function csvFields(spec: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (spec[i] === '"') {
      i++;
      for (;;) {
        if (i >= spec.length) return undefined; // an unterminated quote
        if (spec[i] === '"') {
          if (spec[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += spec[i++];
      }
      if (i < spec.length && spec[i] !== ',') return undefined;
    } else {
      while (i < spec.length && spec[i] !== ',') field += spec[i++];
    }
    out.push(field);
    if (i >= spec.length) return out;
    i++; // the comma
  }
}

/**
 * Why a `cache_from` / `cache_to` entry cannot be used, or undefined when it can. A spec without
 * `=` is a registry reference (buildx's short form); else `key=value` fields with a known
 * `type`, and what that type needs (`local`: `src` to import, `dest` to export; `registry`:
 * `ref`; `mode` is `min` or `max`).
 */
export function cacheSpecProblem(spec: string, direction: 'from' | 'to'): string | undefined {
  const fields = csvFields(spec);
  if (fields === undefined) return 'a quote is not closed (the spec is comma-separated key=value)';
  if (fields.every((f) => !f.includes('='))) return undefined; // registry references
  const attrs = new Map<string, string>();
  for (const field of fields) {
    const eq = field.indexOf('=');
    if (eq < 0) return `${JSON.stringify(field)} is not key=value`;
    attrs.set(field.slice(0, eq).toLowerCase(), field.slice(eq + 1));
  }
  const type = attrs.get('type');
  const types = CACHE_TYPES.join(', ');
  if (type === undefined || type === '') return `type is missing (one of ${types})`;
  if (!(CACHE_TYPES as readonly string[]).includes(type)) {
    return `unknown cache type ${JSON.stringify(type)} (one of ${types})`;
  }
  const need = (key: string, what: string): string | undefined =>
    (attrs.get(key) ?? '') === '' ? `type=${type} needs ${key}=${what}` : undefined;
  if (type === 'local') {
    const missing = direction === 'from' ? need('src', 'DIR') : need('dest', 'DIR');
    if (missing !== undefined) return missing;
  }
  if (type === 'registry') {
    const missing = need('ref', 'IMAGE');
    if (missing !== undefined) return missing;
  }
  if (type === 'inline' && direction === 'from') {
    return 'type=inline exports cache into the image; to import it, name the image (type=registry,ref=IMAGE)';
  }
  const mode = attrs.get('mode');
  if (direction === 'to' && mode !== undefined && mode !== 'min' && mode !== 'max') {
    return `mode=${mode} is neither min nor max`;
  }
  return undefined;
}

/**
 * The values of a service's build section that no builder accepts: cache specs, and ssh entries
 * without an id or whose key file does not exist.
 */
export function buildFieldProblems(
  service: ServiceConfig,
  exists: (path: string) => boolean = existsSync,
): BuildFieldProblem[] {
  const b = service.build;
  if (b === undefined) return [];
  const at = (...rest: (string | number)[]): (string | number)[] => [
    'services',
    service.name,
    'build',
    ...rest,
  ];
  const out: BuildFieldProblem[] = [];
  for (const [field, specs, direction] of [
    ['cache_from', b.cacheFrom, 'from'],
    ['cache_to', b.cacheTo, 'to'],
  ] as const) {
    (specs ?? []).forEach((spec, i) => {
      const why = cacheSpecProblem(spec, direction);
      if (why !== undefined) out.push({ path: at(field, i), value: spec, why });
    });
  }
  (b.ssh ?? []).forEach((key, i) => {
    const value = key.path === undefined || key.path === '' ? key.id : `${key.id}=${key.path}`;
    if (key.id === '') {
      out.push({
        path: at('ssh', i),
        value,
        why: 'an ssh entry is ID (default: the ssh agent of SSH_AUTH_SOCK) or ID=PATH (a key or agent socket)',
      });
    } else if (key.path !== undefined && key.path !== '' && !exists(key.path)) {
      out.push({ path: at('ssh', i), value, why: `${key.path} does not exist` });
    }
  });
  return out;
}
