// `up` and `create` flags: parsing and the combination rules docker compose enforces before any
// engine call.
import type { CreateOptions, PullPolicy, UpOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';

/** The flags of `create` (a subset of `up`'s). */
export interface CreateFlags {
  build?: boolean;
  noBuild?: boolean;
  pull?: string;
  quietPull?: boolean;
  /** `up --quiet-build` (create has no such flag). */
  quietBuild?: boolean;
  forceRecreate?: boolean;
  recreate: boolean;
  alwaysRecreateDeps?: boolean;
  renewAnonVolumes?: boolean;
  removeOrphans?: boolean;
  scale?: string[];
  yes?: boolean;
}

/** The flags of `up`. */
export interface UpFlags extends CreateFlags {
  detach?: boolean;
  /** `--report FILE`: the JSON run report. */
  report?: string;
  deps: boolean;
  timeout?: string;
  start: boolean;
  wait?: boolean;
  waitTimeout?: string;
  abortOnContainerExit?: boolean;
  abortOnContainerFailure?: boolean;
  exitCodeFrom?: string;
  attach?: string[];
  noAttach?: string[];
  attachDependencies?: boolean;
  color: boolean;
  logPrefix: boolean;
  timestamps?: boolean;
  watch?: boolean;
  menu?: boolean;
}

const fail = (message: string): never => {
  throw new ComposeError('USAGE', message);
};

const PULL = ['always', 'missing', 'never', 'build', 'if_not_present', 'policy'];

/**
 * Options of `create` from its flags.
 * @throws {ComposeError} `USAGE` with docker compose's messages for bad combinations
 */
export function createOptionsFrom(
  flags: CreateFlags,
  services: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CreateOptions {
  if (flags.build === true && flags.noBuild === true)
    fail('--build and --no-build are incompatible');
  if (flags.forceRecreate === true && !flags.recreate)
    fail('--force-recreate and --no-recreate are incompatible');
  if (!flags.recreate && flags.renewAnonVolumes === true)
    fail('--no-recreate and --renew-anon-volumes are incompatible');
  if (flags.alwaysRecreateDeps === true && !flags.recreate)
    fail('--always-recreate-deps and --no-recreate are incompatible');
  if (flags.pull !== undefined && !PULL.includes(flags.pull)) {
    fail(
      `invalid --pull option ${JSON.stringify(flags.pull)}. Accepted values: always, never, build, missing, if_not_present.`,
    );
  }
  const scale: Record<string, number> = {};
  for (const s of flags.scale ?? []) {
    const m = /^([^=]+)=(\d+)$/.exec(s);
    if (m === null)
      return fail(`invalid --scale option ${JSON.stringify(s)}. Should be SERVICE=NUM`);
    scale[m[1]] = Number(m[2]);
  }
  const ignoreOrphans = isTrue(env.COMPOSE_IGNORE_ORPHANS);
  const removeOrphans = flags.removeOrphans ?? isTrue(env.COMPOSE_REMOVE_ORPHANS);
  if (ignoreOrphans && flags.removeOrphans === true)
    fail('cannot combine COMPOSE_IGNORE_ORPHANS and --remove-orphans');
  const force = flags.forceRecreate === true || flags.renewAnonVolumes === true;
  return {
    services,
    build: flags.build,
    noBuild: flags.noBuild,
    pull: flags.pull as PullPolicy | undefined,
    quietPull: flags.quietPull,
    quietBuild: flags.quietBuild,
    recreate: force ? 'force' : flags.recreate ? 'diverged' : 'never',
    recreateDependencies:
      flags.alwaysRecreateDeps === true ? 'force' : flags.recreate ? 'diverged' : 'never',
    renewAnonVolumes: flags.renewAnonVolumes,
    removeOrphans,
    ignoreOrphans,
    scale: Object.keys(scale).length > 0 ? scale : undefined,
    assumeYes: flags.yes,
  };
}

/**
 * Options of `up` from its flags, validated in docker compose's order.
 * @throws {ComposeError} `USAGE` with docker compose's messages for bad combinations
 */
export function upOptionsFrom(
  flags: UpFlags,
  services: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): UpOptions {
  if (flags.exitCodeFrom !== undefined && flags.abortOnContainerFailure !== true) {
    flags.abortOnContainerExit = true;
  }
  if (flags.abortOnContainerExit === true && flags.abortOnContainerFailure === true)
    fail('--abort-on-container-failure cannot be combined with --abort-on-container-exit');
  if (
    flags.wait === true &&
    (flags.abortOnContainerExit === true ||
      (flags.attach ?? []).length > 0 ||
      flags.attachDependencies === true)
  )
    fail(
      '--wait cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies',
    );
  if (
    flags.detach === true &&
    (flags.abortOnContainerExit === true ||
      flags.abortOnContainerFailure === true ||
      (flags.attach ?? []).length > 0 ||
      flags.attachDependencies === true ||
      flags.watch === true)
  )
    fail(
      '--detach cannot be combined with --abort-on-container-exit, --abort-on-container-failure, --attach, --attach-dependencies or --watch',
    );
  let waitTimeout: number | undefined;
  if (flags.waitTimeout !== undefined) {
    const n = Number(flags.waitTimeout);
    if (!Number.isInteger(n) || n < 0) fail('--wait-timeout must be a non-negative integer');
    waitTimeout = n;
  }
  if (flags.noBuild === true && flags.watch === true)
    fail('--no-build and --watch are incompatible');
  if ((flags.attach ?? []).length > 0 && flags.attachDependencies === true)
    fail('cannot combine --attach and --attach-dependencies');
  let timeout: number | undefined;
  if (flags.timeout !== undefined) {
    const n = Number(flags.timeout);
    if (!Number.isInteger(n))
      fail(`invalid argument "${flags.timeout}" for "-t, --timeout" flag: must be an integer`);
    timeout = n;
  }
  const create = createOptionsFrom(flags, services, env);
  return {
    ...create,
    noDeps: !flags.deps,
    timeout,
    detach: flags.detach === true || flags.wait === true,
    noStart: !flags.start,
    wait: flags.wait,
    waitTimeout,
    abortOnContainerExit: flags.abortOnContainerExit,
    abortOnContainerFailure: flags.abortOnContainerFailure,
    exitCodeFrom: flags.exitCodeFrom,
    attach: flags.attach,
    noAttach: flags.noAttach,
    attachDependencies: flags.attachDependencies,
    timestamps: flags.timestamps,
  };
}

/**
 * Checks the service names `up` refers to against the project, before any engine call.
 * @throws {ComposeError} `USAGE`
 */
export function checkUpServices(
  options: UpOptions,
  known: (name: string) => boolean,
  enabled: readonly string[],
): void {
  for (const s of options.services ?? []) if (!known(s)) fail(`no such service: ${s}`);
  for (const s of Object.keys(options.scale ?? {})) if (!known(s)) fail(`no such service: ${s}`);
  if (options.exitCodeFrom !== undefined && !known(options.exitCodeFrom))
    fail(`no such service: ${options.exitCodeFrom}`);
  const included = new Set(
    options.services !== undefined && options.services.length > 0 ? options.services : enabled,
  );
  const notIncluded = (options.attach ?? []).filter(
    (s) => !included.has(s) && !enabled.includes(s),
  );
  if (notIncluded.length > 0)
    fail(`cannot attach to services not included in up: ${notIncluded.join(', ')}`);
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['y', '1', 't', 'true', 'TRUE', 'True'].includes(value);
}
