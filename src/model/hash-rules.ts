/**
 * How each docker compose version computed a service's `com.docker.compose.config-hash`: the
 * SHA-256 of the JSON of compose-go's `ServiceConfig`, whose content changed over time in two
 * ways — docker compose cleared more fields before hashing (pkg/compose/hash.go), and the
 * compose-go release it was built with marshalled some fields differently. The table below is
 * read from both histories (docker/compose go.mod per tag, compose-go's `types/` and loader
 * per tag); the rows for 2.26.1 and 2.40.3 are checked against the real binaries
 * (service-hash-compat.test.ts).
 *
 * Every container carries the `com.docker.compose.version` of the tool that created it, so a
 * container's hash can be recomputed the way its creator computed it (see hash-compat.ts).
 */

/** How a bind mount's `create_host_path` reached the JSON. */
export type CreateHostPathRule =
  /** compose-go >= 2.10.1 (current): omitted when true (the default), `false` written. */
  | 'omitted-when-true'
  /** compose-go < 2.10: a bool with omitempty — `true` written (short syntax sets it), false omitted. */
  | 'shown-when-true'
  /** compose-go 2.10.0: omitted when true, but a long-syntax `bind:` without it was `false`. */
  | 'false-when-unset';

/** One rule set: what a range of docker compose versions did differently from current compose. */
export interface HashRules {
  /** Short name, e.g. `compose 2.26.0-2.28.1`, or `current`. */
  readonly id: string;
  /** The compose-go releases those versions were built with. */
  readonly composeGo: string;
  /** `depends_on` was part of the hash (cleared from docker compose 2.29.3 on). */
  readonly hashesDependsOn: boolean;
  /** `profiles` was part of the hash (cleared from 2.30.2 on). */
  readonly hashesProfiles: boolean;
  /** Config and secret `mode` written as a decimal number (`288`), not octal text (`"0440"`). */
  readonly modeAsNumber: boolean;
  /** A service network's `priority` written first (compose-go < 2.6.2 field order). */
  readonly networkPriorityFirst: boolean;
  /**
   * `environment` entries without a value (`FOO`, unset) may be left out: compose-go before
   * 2.1.4 dropped them, later releases keep them as null (and Debian's 2.26.1 is built with
   * compose-go 2.4.8): both are tried.
   */
  readonly dropsUnsetEnvironment: boolean;
  readonly createHostPath: CreateHostPathRule;
  /**
   * `devices` written as the short text (`/dev/a:/dev/b:rwm`; compose-go < 2.2.0) — or as the
   * long form, when a distribution built that docker compose with a newer compose-go (Debian's
   * 2.26.1 uses compose-go 2.4.8): both are tried.
   */
  readonly devicesAsText: boolean;
  /** A long-syntax port may have no `protocol` (the `tcp` default came with compose-go 2.1.4). */
  readonly portProtocolOptional: boolean;
  /** `deploy.resources.*.cpus` written as text (`"0.5"`; compose-go < 2.0.1). */
  readonly cpusAsText: boolean;
}

/** The rules of current docker compose, which flotilla's own hash follows. */
export const CURRENT_HASH_RULES: HashRules = {
  id: 'current',
  composeGo: '>= 2.10.1',
  hashesDependsOn: false,
  hashesProfiles: false,
  modeAsNumber: false,
  networkPriorityFirst: false,
  dropsUnsetEnvironment: false,
  createHostPath: 'omitted-when-true',
  devicesAsText: false,
  portProtocolOptional: false,
  cpusAsText: false,
};

type Version = readonly [number, number, number];

interface Row {
  /** The first docker compose version of the range. */
  readonly from: Version;
  readonly rules: HashRules;
}

function older(
  base: HashRules,
  id: string,
  composeGo: string,
  diff: Partial<HashRules>,
): HashRules {
  return { ...base, ...diff, id, composeGo };
}

const V5_0_0 = older(CURRENT_HASH_RULES, 'compose 5.0.0-5.0.1', '2.10.0', {
  createHostPath: 'false-when-unset',
});
const V2_36 = older(V5_0_0, 'compose 2.36.0-2.40.3', '2.6.2-2.9.1', {
  createHostPath: 'shown-when-true',
});
const V2_34 = older(V2_36, 'compose 2.34.0-2.35.1', '2.4.9-2.6.0', { networkPriorityFirst: true });
const V2_30_2 = older(V2_34, 'compose 2.30.2-2.33.1', '2.4.3-2.4.8', { modeAsNumber: true });
const V2_29_3 = older(V2_30_2, 'compose 2.29.3-2.30.1', '2.2.0-2.4.2', { hashesProfiles: true });
const V2_29_0 = older(V2_29_3, 'compose 2.29.0-2.29.2', '2.1.4-2.1.6', {
  hashesDependsOn: true,
  devicesAsText: true,
});
const V2_26 = older(V2_29_0, 'compose 2.26.0-2.28.1', '2.0.2-2.1.3 (Debian 2.26.1: 2.4.8)', {
  portProtocolOptional: true,
  dropsUnsetEnvironment: true,
});
const V2_24 = older(V2_26, 'compose 2.24.0-2.25.0', '2.0.0 and its pre-releases', {
  cpusAsText: true,
});

/** Newest range first; a version takes the first row it is not older than. */
const TABLE: readonly Row[] = [
  { from: [5, 0, 2], rules: CURRENT_HASH_RULES },
  { from: [5, 0, 0], rules: V5_0_0 },
  // docker compose went from 2.40.3 to 5.0.0; no 3.x or 4.x was released.
  { from: [3, 0, 0], rules: CURRENT_HASH_RULES },
  { from: [2, 36, 0], rules: V2_36 },
  { from: [2, 34, 0], rules: V2_34 },
  { from: [2, 30, 2], rules: V2_30_2 },
  { from: [2, 29, 3], rules: V2_29_3 },
  { from: [2, 29, 0], rules: V2_29_0 },
  { from: [2, 26, 0], rules: V2_26 },
  { from: [2, 24, 0], rules: V2_24 },
];

/** Every rule set, newest first (for documentation and tests). */
export const HASH_RULE_SETS: readonly HashRules[] = [
  CURRENT_HASH_RULES,
  V5_0_0,
  V2_36,
  V2_34,
  V2_30_2,
  V2_29_3,
  V2_29_0,
  V2_26,
  V2_24,
];

function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (m === null) return undefined;
  const patch = m[3] as string | undefined;
  return [Number(m[1]), Number(m[2]), patch === undefined ? 0 : Number(patch)];
}

function notOlder(a: Version, b: Version): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/**
 * The rule set a `com.docker.compose.version` label stands for: the current rules for docker
 * compose 5.0.2 and later and for flotilla itself (a version with `+flotilla` build metadata,
 * `2.40.3+flotilla.0.1.0`, or one below 1.0, as flotilla labelled its containers before), the
 * table's row for docker compose 2.24.0 to 5.0.1, and
 * undefined where no rules are known — docker compose v1 (Python) and v2 before 2.24.0
 * (compose-go v1), whose containers are recreated, as docker compose itself recreates them.
 * @param version the label's value; a missing label gives undefined
 * @example hashRulesFor('2.26.1')?.id // 'compose 2.26.0-2.28.1'
 */
export function hashRulesFor(version: string | undefined): HashRules | undefined {
  if (version === undefined) return undefined;
  if (/\+flotilla(\.|$)/.test(version)) return CURRENT_HASH_RULES;
  const v = parseVersion(version);
  if (v === undefined) return undefined;
  if (v[0] === 0) return CURRENT_HASH_RULES;
  for (const row of TABLE) if (notOlder(v, row.from)) return row.rules;
  return undefined;
}

/** What a rule set does differently from current compose, one short phrase per rule. */
export function hashRuleDifferences(rules: HashRules): string[] {
  const out: string[] = [];
  if (rules.hashesDependsOn) out.push('depends_on is hashed');
  if (rules.hashesProfiles) out.push('profiles are hashed');
  if (rules.modeAsNumber) out.push('config/secret mode as a decimal number');
  if (rules.networkPriorityFirst) out.push('network priority written first');
  if (rules.dropsUnsetEnvironment) out.push('environment entries without a value may be left out');
  if (rules.createHostPath === 'shown-when-true') out.push('bind create_host_path: true written');
  if (rules.createHostPath === 'false-when-unset') {
    out.push('long-syntax bind without create_host_path written as false');
  }
  if (rules.devicesAsText) out.push('devices as short text (or long form)');
  if (rules.portProtocolOptional) out.push('long-syntax ports may lack protocol tcp');
  if (rules.cpusAsText) out.push('deploy resources cpus as text');
  return out;
}
