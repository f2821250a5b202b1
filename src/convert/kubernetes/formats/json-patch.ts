/**
 * The JSON Patch (RFC 6902) that turns one object into another, as Kustomize overlays apply
 * it: `replace` where a value changed, `add` and `remove` for keys, arrays of another length
 * replaced whole (element-wise otherwise).
 */

export interface PatchOperation {
  readonly op: 'add' | 'remove' | 'replace';
  readonly path: string;
  readonly value?: unknown;
}

/** A JSON Pointer segment: `~` and `/` escaped. */
export function pointerSegment(key: string | number): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The operations that make `from` equal to `to`. */
export function jsonDiff(from: unknown, to: unknown, path = ''): PatchOperation[] {
  if (isObject(from) && isObject(to)) {
    const ops: PatchOperation[] = [];
    for (const key of Object.keys(from)) {
      if (!Object.hasOwn(to, key) || to[key] === undefined) {
        if (from[key] !== undefined)
          ops.push({ op: 'remove', path: `${path}/${pointerSegment(key)}` });
      }
    }
    for (const [key, value] of Object.entries(to)) {
      if (value === undefined) continue;
      const p = `${path}/${pointerSegment(key)}`;
      if (!Object.hasOwn(from, key) || from[key] === undefined)
        ops.push({ op: 'add', path: p, value });
      else ops.push(...jsonDiff(from[key], value, p));
    }
    return ops;
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    return from.flatMap((item, i) => jsonDiff(item, to[i], `${path}/${i}`));
  }
  if (JSON.stringify(from) === JSON.stringify(to)) return [];
  return [{ op: 'replace', path, value: to }];
}

/** Applies operations made by {@link jsonDiff} (for tests and checks). */
export function applyPatch(doc: unknown, ops: readonly PatchOperation[]): unknown {
  let root = structuredClone(doc);
  for (const op of ops) {
    const parts = op.path
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    if (parts.length === 0) {
      root = structuredClone(op.value);
      continue;
    }
    let node = root as Record<string, unknown>;
    for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
    const last = parts[parts.length - 1];
    if (op.op === 'remove') {
      if (Array.isArray(node)) node.splice(Number(last), 1);
      else Reflect.deleteProperty(node, last);
    } else {
      node[last] = structuredClone(op.value);
    }
  }
  return root;
}
