/**
 * The compact form of the CloudFormation resource specification that scripts/codegen/cfn-spec.mjs
 * writes and spec-check.ts reads.
 */

/** A property's type: `t` is the kind; `e` an element type; `r` a property type's name. */
export type SpecType =
  | {
      readonly t:
        'string' | 'number' | 'integer' | 'boolean' | 'json' | 'tag' | 'date-time' | 'null';
      /** Allowed values, when the specification lists them. */
      readonly v?: readonly (string | number)[];
    }
  | { readonly t: 'array' | 'map'; readonly e: SpecType }
  | { readonly t: 'ref'; readonly r: string }
  | { readonly t: 'union'; readonly u: readonly SpecType[] };

/** A property: its type, and `q: 1` when required. */
export type SpecProperty = SpecType & { readonly q?: 1 };

/** The specification of some resource types. */
export interface CfnSpec {
  /** The package and version it was generated from. */
  readonly source: string;
  readonly resources: Readonly<
    Record<
      string,
      {
        readonly p: Readonly<Record<string, SpecProperty>>;
        /** Attribute names (GetAtt). */
        readonly a: readonly string[];
      }
    >
  >;
  readonly types: Readonly<Record<string, { readonly p: Readonly<Record<string, SpecProperty>> }>>;
}
