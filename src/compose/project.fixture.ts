// A typed project for the compose unit tests: `demo`, in /srv, with its default network and
// nothing else but the given services (`extra` replaces any other field). Not part of the library.
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';

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
