import { isDict } from './tree.js';

/**
 * How compose-go's messages print values from the YAML tree. Matching its wording keeps
 * error texts identical to docker compose's, which users and scripts search for.
 */

/** Byte-order string comparison, as Go's sort.Strings does. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Go's `%v` of a tree value. */
export function goString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`;
  if (isDict(v)) {
    const keys = Object.keys(v).sort(compareStrings);
    return `map[${keys.map((k) => `${k}:${goString(v[k])}`).join(' ')}]`;
  }
  return typeof v === 'bigint' ? v.toString() : Object.prototype.toString.call(v);
}

/** Go's `%T` of a tree value as yaml decoding into `any` produces it. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (isDict(v)) return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}
