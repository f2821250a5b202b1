import type { Command } from 'commander';
import type { ContainerStatsSample } from '../../api/compose.js';
import { formatRows, goStruct, type ListFormat } from '../list-format.js';
import { runVerb } from '../project.js';
import { binarySize, decimalSize } from '../byte-size.js';
import { zeroSample } from '../../compose/stats-sample.js';
import { containerVerbProject } from './exec.js';

interface StatsFlags {
  all?: boolean;
  format?: string;
  noStream?: boolean;
  noTrunc?: boolean;
}

/** `flotilla stats [SERVICE]`: live resource usage of the project's containers. */
export function register(program: Command): void {
  program
    .command('stats')
    .description('Display a live stream of container(s) resource usage statistics')
    .argument('[service]')
    .option('-a, --all', 'Show all containers (default shows just running)')
    .option(
      '--format <format>',
      'Format output using a custom template: table, json or a Go-like template',
    )
    .option('--no-stream', 'Disable streaming stats and only pull the first result')
    .option('--no-trunc', 'Do not truncate output')
    .action(
      (
        service: string | undefined,
        flags: StatsFlags & { stream: boolean; trunc: boolean },
        cmd: Command,
      ) =>
        runVerb(cmd, async ({ g, compose }) => {
          const controller = new AbortController();
          const stop = (): void => {
            controller.abort();
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          const format = flags.format ?? 'table';
          // A template that fails does so before any reading is taken.
          formatStats([zeroSample()], format, !flags.trunc);
          const live = flags.stream && process.stdout.isTTY;
          let last = 0;
          try {
            await compose.stats(await containerVerbProject(g), {
              services: service === undefined ? undefined : [service],
              all: flags.all,
              noStream: !flags.stream,
              signal: controller.signal,
              onSample: (samples) => {
                const now = Date.now();
                if (flags.stream && now - last < 500) return;
                last = now;
                const text = formatStats(samples, format, !flags.trunc);
                process.stdout.write(live ? `\x1b[2J\x1b[H${text}` : text);
              },
            });
          } finally {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
          }
          // Interrupted, as docker compose ends any command: 130.
          return controller.signal.aborted ? 130 : 0;
        }),
    );
}

/** `stats --format`: the docker CLI's default columns and header titles. */
export const STATS_FORMAT: ListFormat = {
  table:
    'table {{.ID}}\\t{{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.MemPerc}}\\t{{.NetIO}}\\t{{.BlockIO}}\\t{{.PIDs}}',
  headers: {
    Container: 'CONTAINER',
    Name: 'NAME',
    ID: 'CONTAINER ID',
    CPUPerc: 'CPU %',
    MemUsage: 'MEM USAGE / LIMIT',
    MemPerc: 'MEM %',
    NetIO: 'NET I/O',
    BlockIO: 'BLOCK I/O',
    PIDs: 'PIDS',
  },
};

/**
 * One reading as `docker stats` templates see it (`{{.CPUPerc}}`), fields in the sorted order
 * `{{json .}}` prints: `Container` is the full ID, `ID` shortened unless `noTrunc`.
 */
export function statsRow(s: ContainerStatsSample, noTrunc = false): Record<string, string> {
  return goStruct('*container.statsContext', {
    BlockIO: `${decimalSize(s.blockRead)} / ${decimalSize(s.blockWrite)}`,
    CPUPerc: `${s.cpuPercent.toFixed(2)}%`,
    Container: s.id,
    ID: noTrunc ? s.id : s.id.slice(0, 12),
    MemPerc: `${s.memoryPercent.toFixed(2)}%`,
    MemUsage: `${binarySize(s.memoryUsage)} / ${binarySize(s.memoryLimit)}`,
    Name: s.name === '' ? '--' : s.name,
    NetIO: `${decimalSize(s.netRx)} / ${decimalSize(s.netTx)}`,
    PIDs: String(s.pids),
  });
}

/**
 * `table` (docker stats' columns), `json` (one object per line), `table TEMPLATE` or a Go
 * template, as `docker stats --format` prints them.
 * @throws {ComposeError} `USAGE` for a template that fails (`template parsing error: ...`)
 */
export function formatStats(
  samples: readonly ContainerStatsSample[],
  format: string,
  noTrunc = false,
): string {
  return formatRows(
    format,
    samples.map((s) => statsRow(s, noTrunc)),
    STATS_FORMAT,
  );
}
