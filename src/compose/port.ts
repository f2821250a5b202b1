// `port`: the host address a container port is published on.
import type { PortOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { targetContainer } from './exec.js';
import { containerNameOf } from './project-containers.js';

/** A published address: host IP and port. */
export interface PublishedPort {
  readonly ip: string;
  readonly port: number;
}

/**
 * Finds where `privatePort/protocol` of a service container is published (`port`). When the
 * engine lists several bindings (IPv4 and IPv6), the first one is returned, as docker compose does.
 * @throws {ComposeError} `NOT_FOUND` `no port 80/tcp for container p-web-1: not found`,
 *   `RUNTIME` when the service has no running container
 */
export async function port(
  ctx: ComposeContext,
  project: Project | string,
  options: PortOptions,
): Promise<PublishedPort> {
  const container = await targetContainer(ctx, project, options);
  const protocol = options.protocol ?? 'tcp';
  for (const p of container.Ports) {
    if (
      p.PrivatePort === options.privatePort &&
      p.Type === protocol &&
      p.PublicPort !== undefined
    ) {
      return { ip: p.IP ?? '', port: p.PublicPort };
    }
  }
  throw new ComposeError(
    'NOT_FOUND',
    `no port ${options.privatePort}/${protocol} for container ${containerNameOf(container)}: not found`,
  );
}
