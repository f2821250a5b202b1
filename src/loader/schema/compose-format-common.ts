import {
  amount,
  count,
  either,
  flag,
  list,
  nothing,
  record,
  scalar,
  struct,
  text,
  use,
  type Shape,
} from './dsl.js';

/**
 * Shapes shared by several parts of the Compose format, registered as named definitions.
 * Names are flotilla's own; `use('name')` refers to them.
 */

/** The key pattern of services, networks, volumes, secrets, configs and models. */
export const RESOURCE_NAME = '^[a-zA-Z0-9._-]+$';

/** Any non-empty key (environment variables, labels, driver options, ...). */
export const ANY_KEY = '.+';

/** Any non-empty key, written anchored as the format does for option mappings. */
export const ANY_KEY_ANCHORED = '^.+$';

/** A list of distinct strings. */
const stringSet = list(text(), { unique: true });

/** `KEY: value` mapping or `KEY=value` list (environment, labels, args, sysctls, ...). */
const keyValues = either(
  record(ANY_KEY, scalar(['string', 'number', 'boolean', 'null']), { closed: true }),
  list(text(), { unique: true }),
);

/** A command: absent (null), shell form (string) or exec form (list of strings). */
const commandLine = either(nothing(), text(), list(text()));

/** `host: ip` (one or several addresses) or `host:ip` / `host=ip` list. */
const extraHosts = either(
  record(ANY_KEY, either(text(), list(text())), { closed: true }),
  list(text(), { unique: true }),
);

/** A lifecycle hook (`post_start`, `pre_stop`, `develop.watch.exec`). */
const serviceHook = struct(
  {
    command: use('commandLine'),
    user: text(),
    privileged: flag(),
    working_dir: text(),
    environment: use('keyValues'),
  },
  { required: ['command'] },
);

/** An init container run before the service container (`pre_start`). */
const preStartHook = struct({
  command: use('commandLine'),
  image: text(),
  user: text(),
  privileged: flag(),
  working_dir: text(),
  environment: use('keyValues'),
  per_replica: flag(),
});

/** Service `configs` / `secrets` / `build.secrets`: names or long-syntax grants. */
const fileGrants = list(
  either(
    text(),
    struct({
      source: text(),
      target: text(),
      uid: text(),
      gid: text(),
      mode: amount(),
    }),
  ),
);

/** `ulimits`: one value for soft and hard, or both. */
const resourceLimits = record(
  '^[a-z]+$',
  either(count(), struct({ hard: count(), soft: count() }, { required: ['soft', 'hard'] })),
);

/** Device requests of `deploy.resources.reservations.devices`. */
const deviceRequests = list(
  struct(
    {
      capabilities: use('stringSet'),
      count: scalar(['string', 'integer']),
      device_ids: use('stringSet'),
      driver: text(),
      options: use('keyValues'),
    },
    { required: ['capabilities'] },
  ),
);

/** User-defined resources of `deploy.resources.reservations.generic_resources`. */
const genericResources = list(
  struct({
    discrete_resource_spec: struct({ kind: text(), value: amount() }),
  }),
);

/** Service `gpus`: `all`, or a list of device requests whose entries are not checked further. */
const gpuRequests = either(
  text({ oneOfValues: ['all'] }),
  list(
    struct(
      {
        capabilities: use('stringSet'),
        count: scalar(['string', 'integer']),
        device_ids: use('stringSet'),
        driver: text(),
        options: use('keyValues'),
      },
      { closed: false, extensible: false },
    ),
  ),
);

/** `env_file`: one path, or paths and long-syntax entries. */
const envFiles = either(
  text(),
  list(
    either(
      text(),
      struct(
        { path: text(), format: text(), required: flag() },
        { extensible: false, required: ['path'] },
      ),
    ),
  ),
);

/** `label_file`: one path or several. */
const labelFiles = either(text(), list(text()));

/** One string or a list of distinct strings. */
const stringOrList = either(text(), use('stringSet'));

/** One `blkio_config` device rate. */
const blkioLimit = struct({ path: text(), rate: count() }, { extensible: false });

/** One `blkio_config` device weight. */
const blkioWeight = struct({ path: text(), weight: count() }, { extensible: false });

/** The shared definitions, by name. */
export const commonDefinitions: Readonly<Record<string, Shape>> = {
  stringSet,
  stringOrList,
  keyValues,
  commandLine,
  extraHosts,
  serviceHook,
  preStartHook,
  fileGrants,
  resourceLimits,
  deviceRequests,
  genericResources,
  gpuRequests,
  envFiles,
  labelFiles,
  blkioLimit,
  blkioWeight,
};
