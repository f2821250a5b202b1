// `stats`: live resource usage of the project's containers, computed as the docker CLI does.
import type { ContainerStatsSample, StatsOptions } from '../api/compose.js';
import type { ContainerStats, ContainerSummary as EngineContainer } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';
import { checkServices, containerNameOf, listProjectContainers } from './project-containers.js';
import { zeroSample } from './stats-sample.js';

/**
 * Reports the resource usage of the project's containers (`stats`): running ones, or every one
 * with `all` (stopped ones read as zero). With `noStream`, one reading per container is taken
 * (the engine waits a second to measure CPU) and handed to `onSample`; otherwise `onSample`
 * receives the whole set again at every new reading until `signal` aborts.
 */
export async function stats(
  ctx: ComposeContext,
  project: Project | string,
  options: StatsOptions,
): Promise<void> {
  const name = typeof project === 'string' ? project : project.name;
  if (typeof project !== 'string') checkServices(project, options.services);
  const signal = options.signal;
  try {
    const containers = await listProjectContainers(ctx.engine, name, {
      all: options.all ?? false,
      oneoff: 'include',
      services: options.services,
      signal,
    });
    const latest = new Map<string, ContainerStatsSample>(
      containers.map((c) => [c.Id, emptySample(c)]),
    );
    const publish = (): void => {
      options.onSample(containers.map((c) => latest.get(c.Id) ?? emptySample(c)));
    };
    if (options.noStream === true) {
      await Promise.all(
        containers
          .filter((c) => c.State === 'running')
          .map(async (c) => {
            latest.set(c.Id, sampleOf(c, await ctx.engine.containers.stats(c.Id, { signal })));
          }),
      );
      publish();
      return;
    }
    await Promise.all(
      containers
        .filter((c) => c.State === 'running')
        .map(async (c) => {
          const stream = await ctx.engine.containers.statsStream(c.Id, { signal });
          for await (const s of stream) {
            latest.set(c.Id, sampleOf(c, s));
            publish();
          }
        }),
    );
  } catch (err) {
    // Cancelling ends the streams in more ways than an AbortError (the responses are cut off).
    if (signal?.aborted === true) return;
    throw engineFailure(err);
  }
}

function emptySample(c: EngineContainer): ContainerStatsSample {
  return zeroSample(c.Id, containerNameOf(c));
}

/**
 * One reading, as the docker CLI computes it: CPU % from the deltas against the previous
 * sample scaled by the online CPUs; memory without the page cache (inactive files).
 */
export function sampleOf(c: EngineContainer, s: ContainerStats): ContainerStatsSample {
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const systemDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats.online_cpus ?? s.cpu_stats.cpu_usage.percpu_usage?.length ?? 1;
  const cpuPercent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
  const mem = s.memory_stats;
  const cache = mem.stats?.total_inactive_file ?? mem.stats?.inactive_file ?? 0;
  const usage = Math.max(0, (mem.usage ?? 0) - (cache < (mem.usage ?? 0) ? cache : 0));
  const limit = mem.limit ?? 0;
  let netRx = 0;
  let netTx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    netRx += n.rx_bytes;
    netTx += n.tx_bytes;
  }
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of s.blkio_stats.io_service_bytes_recursive ?? []) {
    const op = e.op.toLowerCase();
    if (op === 'read') blockRead += e.value;
    else if (op === 'write') blockWrite += e.value;
  }
  return {
    id: c.Id,
    name: containerNameOf(c),
    cpuPercent,
    memoryUsage: usage,
    memoryLimit: limit,
    memoryPercent: limit > 0 ? (usage / limit) * 100 : 0,
    netRx,
    netTx,
    blockRead,
    blockWrite,
    pids: s.pids_stats.current ?? 0,
  };
}
