// Test fixtures for the stop slots: one running container per service of project `demo`, and
// fake engine stop/remove calls that count how many containers are between the two at once.
import type { ContainerSummary } from '../engine/index.js';

/** The services `s01`...`sNN`. */
export function serviceNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
}

/** One running container (number 1) of project `demo` per service, with IDs `${prefix}${i}`. */
export function runningContainers(names: readonly string[], prefix: string): ContainerSummary[] {
  return names.map(
    (service, i) =>
      ({
        Id: `${prefix}${i}`,
        Names: [`/demo-${service}-1`],
        Image: 'busybox',
        State: 'running',
        Labels: {
          'com.docker.compose.project': 'demo',
          'com.docker.compose.service': service,
          'com.docker.compose.container-number': '1',
          'com.docker.compose.oneoff': 'False',
        },
        NetworkSettings: { Networks: {} },
        Mounts: [],
      }) as unknown as ContainerSummary,
  );
}

/**
 * Fake `containers.stop` and `containers.remove`: `most()` is the largest number of containers
 * that were stopped but not yet removed at the same time; `removed` lists the removals.
 */
export function releaseCounter(): {
  stop: () => Promise<void>;
  remove: (id: string) => Promise<void>;
  most: () => number;
  removed: string[];
} {
  let releasing = 0;
  let most = 0;
  const removed: string[] = [];
  const tick = (): Promise<void> =>
    new Promise((done) => {
      setTimeout(done, 1);
    });
  return {
    stop: async () => {
      releasing++;
      most = Math.max(most, releasing);
      await tick();
    },
    remove: async (id) => {
      await tick();
      removed.push(id);
      releasing--;
    },
    most: () => most,
    removed,
  };
}
