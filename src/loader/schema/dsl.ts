/**
 * A small typed vocabulary for describing the Compose file format.
 *
 * flotilla describes the format in its own terms (scalars, structs, records, lists and
 * alternatives); `emit.ts` turns such a description into a JSON schema that the build compiles
 * into the run-time validator. The description is data only: building it does no validation.
 */

/** The scalar types of a YAML tree after JSON conversion. */
export type ScalarType = 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** A leaf value: one or more scalar types, optionally narrowed. */
export interface ScalarShape {
  readonly kind: 'scalar';
  readonly types: readonly ScalarType[];
  /** The only strings allowed. */
  readonly oneOfValues?: readonly string[];
  /** A regular expression a string must contain a match of (not anchored unless written so). */
  readonly matches?: string;
  /** Inclusive lower bound for numbers. */
  readonly atLeast?: number;
  /** Inclusive upper bound for numbers. */
  readonly atMost?: number;
}

/** A mapping whose keys are matched by a regular expression: `[pattern, value shape]`. */
export type KeyedEntry = readonly [pattern: string, value: Shape];

/**
 * A mapping: named fields, pattern-keyed entries, and whether other keys are refused.
 * `alsoAccepts` lists scalar types accepted instead of a mapping (`null`, or `boolean`/`string`
 * for `external`), in which case the mapping rules apply only to mappings.
 */
export interface MappingShape {
  readonly kind: 'mapping';
  readonly fields: Readonly<Record<string, Shape>>;
  readonly keyed: readonly KeyedEntry[];
  /** Keys that are neither fields nor matched by `keyed` (nor `x-*` when extensible) fail. */
  readonly closed: boolean;
  /** `x-*` keys are allowed with any value. */
  readonly extensible: boolean;
  readonly required: readonly string[];
  readonly alsoAccepts: readonly ScalarType[];
}

/** A sequence. */
export interface ListShape {
  readonly kind: 'list';
  /** The shape of every item; undefined: anything. */
  readonly items: Shape | undefined;
  /** Items must be pairwise different. */
  readonly unique: boolean;
}

/** Exactly one of several shapes. Order matters: it is the order errors are reported in. */
export interface AlternativesShape {
  readonly kind: 'alternatives';
  readonly options: readonly Shape[];
}

/** A use of a named, shared definition. */
export interface UseShape {
  readonly kind: 'use';
  readonly name: string;
}

/** Anything at all. */
export interface AnyShape {
  readonly kind: 'any';
}

/** One node of a format description. */
export type Shape =
  ScalarShape | MappingShape | ListShape | AlternativesShape | UseShape | AnyShape;

/** A complete format: the root shape and the named definitions that `use()` refers to. */
export interface FormatDescription {
  readonly root: Shape;
  readonly definitions: Readonly<Record<string, Shape>>;
}

/** Narrowing options for {@link text} and numbers. */
export interface ScalarOptions {
  readonly oneOfValues?: readonly string[];
  readonly matches?: string;
  readonly atLeast?: number;
  readonly atMost?: number;
}

/** Options of {@link struct} and {@link record}. */
export interface MappingOptions {
  /** `x-*` keys allowed. @default true for struct, false for record */
  readonly extensible?: boolean;
  /** Other keys refused. @default true for struct, false for record */
  readonly closed?: boolean;
  /** Keys that must be present. @default [] */
  readonly required?: readonly string[];
  /** Scalar types accepted instead of a mapping. @default [] */
  readonly alsoAccepts?: readonly ScalarType[];
  /** Pattern-keyed entries besides the named fields (struct only). @default [] */
  readonly keyed?: readonly KeyedEntry[];
}

/** A scalar of the given types. */
export function scalar(types: readonly ScalarType[], options: ScalarOptions = {}): ScalarShape {
  return { kind: 'scalar', types, ...options };
}

/** A string, optionally limited to values or a pattern. */
export function text(options: ScalarOptions = {}): ScalarShape {
  return scalar(['string'], options);
}

/** An integer, optionally bounded. */
export function integer(options: ScalarOptions = {}): ScalarShape {
  return scalar(['integer'], options);
}

/** Any number. */
export function number(): ScalarShape {
  return scalar(['number']);
}

/** A boolean that cannot be interpolated (the format gives no string form). */
export function strictBoolean(): ScalarShape {
  return scalar(['boolean']);
}

/** Only `null`. */
export function nothing(): ScalarShape {
  return scalar(['null']);
}

/** A boolean, or a string so that `${VAR}` can stand for it. */
export function flag(): ScalarShape {
  return scalar(['boolean', 'string']);
}

/** An integer, or a string (`${VAR}`, or a unit suffix the loader parses later). */
export function count(): ScalarShape {
  return scalar(['integer', 'string']);
}

/** Any number, or a string (`${VAR}`, `1.5`, `2g`, `1m30s`). */
export function amount(): ScalarShape {
  return scalar(['number', 'string']);
}

/** A mapping with named fields; closed and `x-*`-extensible unless told otherwise. */
export function struct(
  fields: Readonly<Record<string, Shape>>,
  options: MappingOptions = {},
): MappingShape {
  return {
    kind: 'mapping',
    fields,
    keyed: options.keyed ?? [],
    closed: options.closed ?? true,
    extensible: options.extensible ?? true,
    required: options.required ?? [],
    alsoAccepts: options.alsoAccepts ?? [],
  };
}

/** A mapping whose keys match `keyPattern`; open (other keys unchecked) unless told otherwise. */
export function record(
  keyPattern: string,
  value: Shape,
  options: MappingOptions = {},
): MappingShape {
  return {
    kind: 'mapping',
    fields: {},
    keyed: [[keyPattern, value], ...(options.keyed ?? [])],
    closed: options.closed ?? false,
    extensible: options.extensible ?? false,
    required: options.required ?? [],
    alsoAccepts: options.alsoAccepts ?? [],
  };
}

/** Any mapping. */
export function anyMapping(): MappingShape {
  return struct({}, { closed: false, extensible: false });
}

/** A sequence of `items`. */
export function list(items: Shape | undefined, options: { unique?: boolean } = {}): ListShape {
  return { kind: 'list', items, unique: options.unique ?? false };
}

/** Exactly one of `options`, tried in order. */
export function either(...options: Shape[]): AlternativesShape {
  return { kind: 'alternatives', options };
}

/** A reference to a shared definition. */
export function use(name: string): UseShape {
  return { kind: 'use', name };
}

/** Anything. */
export function anything(): AnyShape {
  return { kind: 'any' };
}
