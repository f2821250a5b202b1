import { commonDefinitions, RESOURCE_NAME } from './compose-format-common.js';
import { deployment, development } from './compose-format-deploy.js';
import {
  config,
  includeEntry,
  model,
  network,
  secret,
  volume,
} from './compose-format-resources.js';
import { healthcheck, service } from './compose-format-service.js';
import { list, record, struct, text, use, type FormatDescription } from './dsl.js';

/**
 * flotilla's description of the Compose file format: what a compose model may contain after
 * interpolation, includes, extends and merging, and before canonicalisation. It accepts and
 * refuses exactly what compose-go's embedded Compose Specification schema does (a differential
 * test proves it); the build compiles it into `generated/validate.ts`.
 *
 * Numbers and booleans that users write through `${VAR}` also accept strings; the loader
 * converts those later.
 */
export const composeFormat: FormatDescription = {
  root: struct({
    version: text(),
    name: text(),
    include: list(use('include')),
    services: record(RESOURCE_NAME, use('service'), { closed: true }),
    models: record(RESOURCE_NAME, use('model')),
    networks: record(RESOURCE_NAME, use('network')),
    volumes: record(RESOURCE_NAME, use('volume'), { closed: true }),
    secrets: record(RESOURCE_NAME, use('secret'), { closed: true }),
    configs: record(RESOURCE_NAME, use('config'), { closed: true }),
  }),
  definitions: {
    service,
    healthcheck,
    development,
    deployment,
    include: includeEntry,
    network,
    volume,
    secret,
    config,
    model,
    ...commonDefinitions,
  },
};
