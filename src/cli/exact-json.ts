// Plain data as JSON text, exactly: what JSON alone would lose is listed beside it as patches
// (an `undefined` value, `-0`, `NaN` and the infinities, an object without prototype or with
// the loader's mapping prototype), so that the value read back is deep-equal to the one
// written, prototypes included. For the loaded projects the CLI keeps between runs: parsing
// JSON is native and fast; a structured-clone serialiser would first load node:v8 (~2.5 ms).
import { DICT_PROTOTYPE } from '../loader/tree.js';

type Step = string | number;

/** A correction to apply to the parsed JSON at `path`. */
export type Patch =
  | readonly ['u', readonly Step[]]
  | readonly ['n', readonly Step[], string]
  | readonly ['null', readonly Step[]]
  | readonly ['dict', readonly Step[]];

/** The JSON text and its patches. */
export interface ExactJson {
  readonly json: string;
  readonly patches: readonly Patch[];
}

/**
 * Encodes `value`, or returns undefined when it is not plain data that this format carries
 * exactly: functions, symbols, bigints, class instances, accessors or hidden properties, frozen
 * or sealed objects, or an object reached twice (shared or cyclic: the copy would not share it).
 */
export function toExactJson(value: unknown): ExactJson | undefined {
  const patches: Patch[] = [];
  const seen = new Set<object>();
  const path: Step[] = [];
  const visit = (v: unknown): boolean => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return true;
      case 'number':
        if (!Number.isFinite(v) || Object.is(v, -0)) {
          patches.push(['n', [...path], Object.is(v, -0) ? '-0' : String(v)]);
        }
        return true;
      case 'undefined':
        patches.push(['u', [...path]]);
        return true;
      case 'object': {
        if (v === null) return true;
        if (seen.has(v) || !Object.isExtensible(v)) return false;
        seen.add(v);
        if (Array.isArray(v)) {
          if (Object.getPrototypeOf(v) !== Array.prototype) return false;
          if (Object.getOwnPropertyNames(v).length !== v.length + 1) return false;
          for (let i = 0; i < v.length; i++) {
            if (!(i in v)) return false;
            path.push(i);
            const ok = visit(v[i]);
            path.pop();
            if (!ok) return false;
          }
          return true;
        }
        const proto: unknown = Object.getPrototypeOf(v);
        if (proto === null) patches.push(['null', [...path]]);
        else if (proto === DICT_PROTOTYPE) patches.push(['dict', [...path]]);
        else if (proto !== Object.prototype) return false;
        if (Object.getOwnPropertySymbols(v).length > 0) return false;
        const names = Object.getOwnPropertyNames(v);
        for (const k of names) {
          const d = Object.getOwnPropertyDescriptor(v, k);
          if (d === undefined || d.get !== undefined || d.set !== undefined) return false;
          if (d.enumerable !== true) return false;
          path.push(k);
          const ok = visit(d.value);
          path.pop();
          if (!ok) return false;
        }
        return true;
      }
      default:
        return false;
    }
  };
  if (!visit(value)) return undefined;
  // undefined at the top has no JSON text of its own.
  return { json: value === undefined ? 'null' : JSON.stringify(value), patches };
}

/** Reads back what {@link toExactJson} wrote. */
export function fromExactJson(text: ExactJson): unknown {
  let root: unknown = JSON.parse(text.json);
  for (const patch of text.patches) {
    const path = patch[1];
    if (path.length === 0) {
      if (patch[0] === 'u') root = undefined;
      else if (patch[0] === 'n') root = Number(patch[2]);
      else Object.setPrototypeOf(root, patch[0] === 'null' ? null : DICT_PROTOTYPE);
      continue;
    }
    let parent = root as Record<Step, unknown>;
    for (let i = 0; i < path.length - 1; i++) parent = parent[path[i]] as Record<Step, unknown>;
    const last = path[path.length - 1];
    if (patch[0] === 'u') define(parent, last, undefined);
    else if (patch[0] === 'n') define(parent, last, Number(patch[2]));
    else Object.setPrototypeOf(parent[last], patch[0] === 'null' ? null : DICT_PROTOTYPE);
  }
  return root;
}

/** Sets an own value, `__proto__` included (JSON.parse made it an own property too). */
function define(target: Record<Step, unknown>, key: Step, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
