/** `x-*` keys of a mapping, kept as written (values are plain YAML data). */
export type Extensions = Readonly<Record<string, unknown>>;

/**
 * A mapping whose entries may have no value: `environment` and `build.args` (`KEY` without
 * `=`). `null` marks an entry without value.
 */
export type MappingWithEquals = Readonly<Record<string, string | null>>;

/** A mapping of strings: labels, sysctls, driver options, ... */
export type Mapping = Readonly<Record<string, string>>;
