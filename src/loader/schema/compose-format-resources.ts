import { ANY_KEY_ANCHORED } from './compose-format-common.js';
import { either, flag, integer, list, record, scalar, struct, text, use } from './dsl.js';

/** `driver_opts` of networks, volumes and secrets: option values are strings or numbers. */
const driverOptions = record(ANY_KEY_ANCHORED, scalar(['string', 'number']));

/**
 * `external` of networks and volumes: a flag, or the legacy `{name}` form (closed, extensible).
 */
const externalClosed = struct({ name: text() }, { alsoAccepts: ['boolean', 'string'] });

/** `external` of secrets and configs: as above, but other keys are not checked. */
const externalOpen = struct(
  { name: text() },
  { alsoAccepts: ['boolean', 'string'], closed: false, extensible: false },
);

/** A top-level network (null allowed: `networks: {front: }`). */
export const network = struct(
  {
    name: text(),
    driver: text(),
    driver_opts: driverOptions,
    ipam: struct({
      driver: text(),
      config: list(
        struct({
          subnet: text(),
          ip_range: text(),
          gateway: text(),
          aux_addresses: record(ANY_KEY_ANCHORED, text(), { closed: true }),
        }),
      ),
      options: record(ANY_KEY_ANCHORED, text(), { closed: true }),
    }),
    external: externalClosed,
    internal: flag(),
    enable_ipv4: flag(),
    enable_ipv6: flag(),
    attachable: flag(),
    labels: use('keyValues'),
  },
  { alsoAccepts: ['null'] },
);

/** A top-level volume (null allowed). */
export const volume = struct(
  {
    name: text(),
    driver: text(),
    driver_opts: driverOptions,
    external: externalClosed,
    labels: use('keyValues'),
  },
  { alsoAccepts: ['null'] },
);

/** A top-level secret. */
export const secret = struct({
  name: text(),
  environment: text(),
  file: text(),
  external: externalOpen,
  labels: use('keyValues'),
  driver: text(),
  driver_opts: driverOptions,
  template_driver: text(),
});

/** A top-level config. */
export const config = struct({
  name: text(),
  content: text(),
  environment: text(),
  file: text(),
  external: externalOpen,
  labels: use('keyValues'),
  template_driver: text(),
});

/** A top-level AI model. */
export const model = struct(
  {
    name: text(),
    model: text(),
    context_size: integer(),
    runtime_flags: list(text()),
  },
  { required: ['model'] },
);

/** One `include` entry: a path, or the long syntax. */
export const includeEntry = either(
  text(),
  struct(
    {
      path: use('stringOrList'),
      env_file: use('stringOrList'),
      project_directory: text(),
    },
    { extensible: false },
  ),
);
