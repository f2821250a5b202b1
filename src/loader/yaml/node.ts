/**
 * The node graph the composer builds from the token stream: the equivalent of go-yaml's
 * `yaml.Node`, which compose-go's reset processing walks before values are built.
 */

export const SCALAR_NODE = 1;
export const SEQUENCE_NODE = 2;
export const MAPPING_NODE = 3;
export const ALIAS_NODE = 4;

/** The core schema's short tags. */
export const STR_TAG = '!!str';
export const NULL_TAG = '!!null';
export const BOOL_TAG = '!!bool';
export const INT_TAG = '!!int';
export const FLOAT_TAG = '!!float';
export const TIMESTAMP_TAG = '!!timestamp';
export const BINARY_TAG = '!!binary';
export const MERGE_TAG = '!!merge';
export const SEQ_TAG = '!!seq';
export const MAP_TAG = '!!map';

const LONG_PREFIX = 'tag:yaml.org,2002:';

/** go-yaml's short form of a tag: `tag:yaml.org,2002:str` becomes `!!str`. */
export function shortTag(tag: string): string {
  return tag.startsWith(LONG_PREFIX) ? `!!${tag.slice(LONG_PREFIX.length)}` : tag;
}

/** One node. Mappings keep keys and values alternating in `content`, as go-yaml does. */
export class YNode {
  /** Children (sequence items, or key, value, key, value, ...); null for scalars and aliases. */
  content: YNode[] | null = null;
  /** The anchored node an alias refers to. */
  alias: YNode | null = null;
  /** Reset processing of the document `resolvedIn` has visited this container... */
  resolvedIn = 0;
  /** ...and recorded these `!reset` / `!override` paths below it, relative to it. */
  relativeResets: readonly (string | number)[][] | null = null;

  constructor(
    /** SCALAR_NODE, SEQUENCE_NODE, MAPPING_NODE or ALIAS_NODE. */
    readonly kind: number,
    /** Explicit tag in short form, '' when none was written. */
    readonly tag: string,
    /** Scalar text; for an alias, the anchor name. */
    readonly value: string,
    /** Scalar style (token.ts), or for collections 1 when written in flow style. */
    readonly style: number,
    /** Offset of the node's first character (its anchor or tag when it has one). */
    readonly pos: number,
    /** Offset after the node's last scalar character (scalars only). */
    readonly end: number,
  ) {}
}
