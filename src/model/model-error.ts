/**
 * The failure {@link decodeProject} reports when a canonical tree cannot become the typed model.
 * The model layer may not import `ComposeError`; the loader converts this error, adding the
 * file position it finds at {@link ModelError.path}.
 */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  /** Where in the tree the offending value is: `['services', 'web', 'mem_limit']`. */
  readonly path: readonly (string | number)[];
  /** The reason alone, without the location: `invalid size: 'abc'`. */
  readonly detail: string;

  /**
   * The message reads as compose-go's decoder (mapstructure) words it: the position with struct
   * fields joined by dots and map keys and list indexes in brackets, then the reason
   * (`'services[web].mem_limit' invalid size: 'abc'`).
   * @param path position of the offending value in the tree
   * @param detail what is wrong with it, in compose-go's words
   * @param mapKeys for each segment of `path`, true when it is a map key rather than a field
   * @default mapKeys every string segment is taken for a field name
   */
  constructor(
    path: readonly (string | number)[],
    detail: string,
    mapKeys: readonly boolean[] = [],
  ) {
    super(`'${mapstructureName(path, mapKeys)}' ${detail}`);
    this.path = path;
    this.detail = detail;
  }
}

function mapstructureName(path: readonly (string | number)[], mapKeys: readonly boolean[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg === 'number' || (mapKeys[i] && i > 0)) out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
