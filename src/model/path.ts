// A place in the model, as messages name it.

/** A path into the model: keys and list indexes. */
export type ModelPath = readonly (string | number)[];

/**
 * The dotted form of a path, as flotilla's messages show it; keys that contain dots are kept as
 * they are.
 * @example formatPath(['services', 'web', 'ports', 0]) // 'services.web.ports[0]'
 */
export function formatPath(path: ModelPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
