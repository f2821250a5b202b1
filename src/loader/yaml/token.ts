/**
 * Tokens of the YAML scanner. The token set and the way block structure is inferred from
 * indentation follow libyaml (as go.yaml.in/yaml/v4 uses it), so that the same inputs are
 * accepted and rejected, with the same messages.
 */

export const STREAM_START = 1;
export const STREAM_END = 2;
export const VERSION_DIRECTIVE = 3;
export const TAG_DIRECTIVE = 4;
export const DOCUMENT_START = 5;
export const DOCUMENT_END = 6;
export const BLOCK_SEQUENCE_START = 7;
export const BLOCK_MAPPING_START = 8;
export const BLOCK_END = 9;
export const FLOW_SEQUENCE_START = 10;
export const FLOW_SEQUENCE_END = 11;
export const FLOW_MAPPING_START = 12;
export const FLOW_MAPPING_END = 13;
export const BLOCK_ENTRY = 14;
export const FLOW_ENTRY = 15;
export const KEY = 16;
export const VALUE = 17;
export const ALIAS = 18;
export const ANCHOR = 19;
export const TAG = 20;
export const SCALAR = 21;

/** Scalar styles, shared by tokens and nodes. */
export const PLAIN = 0;
export const SINGLE_QUOTED = 1;
export const DOUBLE_QUOTED = 2;
export const LITERAL = 3;
export const FOLDED = 4;

/** One token: its kind, source range and decoded content. */
export class Token {
  constructor(
    /** One of the token kinds above. */
    readonly type: number,
    /** Offset of the first character. */
    readonly start: number,
    /** Offset after the last character. */
    readonly end: number,
    /**
     * Scalar: the decoded value; anchor/alias: the name; tag: the handle; tag directive: the
     * handle; version directive: `major.minor`.
     */
    readonly value = '',
    /** Scalar style, or for a tag / tag directive token unused. */
    readonly style = PLAIN,
    /** Tag: the suffix; tag directive: the prefix. */
    readonly suffix = '',
  ) {}
}
