// Typed inputs for the swarm unit tests: a project `demo` deployed as stack `shop`. Not part
// of the library.
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { Issues } from './issues.js';
import type { ServiceSpecContext } from './service-spec.js';

/** A service with nothing but a name, an image and what the loader always sets. */
export function testService(name: string, extra: Partial<ServiceConfig> = {}): ServiceConfig {
  return { name, image: 'busybox:latest', command: null, entrypoint: null, ...extra };
}

export function testProject(
  services: readonly ServiceConfig[],
  extra: Partial<Project> = {},
): Project {
  return {
    name: 'demo',
    workingDir: '/srv',
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    disabledServices: {},
    networks: { default: { name: 'demo_default', ipam: {} } },
    volumes: {},
    secrets: {},
    configs: {},
    models: {},
    extensions: {},
    composeFiles: [],
    environment: {},
    profiles: [],
    ...extra,
  };
}

/** The context of a conversion into stack `shop` on an API 1.41 engine. */
export function testContext(
  project: Project,
  extra: Partial<ServiceSpecContext> = {},
): ServiceSpecContext {
  return {
    stack: 'shop',
    project,
    apiVersion: '1.41',
    secretNames: new Map(),
    configNames: new Map(),
    issues: new Issues(),
    ...extra,
  };
}
