import type { Command } from 'commander';
import type { ContainerStatsSample } from '../../api/compose.js';
import { formatTable } from '../ps-format.js';
import { runVerb } from '../project.js';
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
                const text = formatStats(samples, flags.format ?? 'table', !flags.trunc);
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

/** The fields of one reading as docker stats names them (`{{.CPUPerc}}`). */
export function statsFields(s: ContainerStatsSample, noTrunc = false): Record<string, string> {
  return {
    Container: noTrunc ? s.id : s.id.slice(0, 12),
    ID: noTrunc ? s.id : s.id.slice(0, 12),
    Name: s.name,
    CPUPerc: `${s.cpuPercent.toFixed(2)}%`,
    MemUsage: `${binarySize(s.memoryUsage)} / ${binarySize(s.memoryLimit)}`,
    MemPerc: `${s.memoryPercent.toFixed(2)}%`,
    NetIO: `${decimalSize(s.netRx)} / ${decimalSize(s.netTx)}`,
    BlockIO: `${decimalSize(s.blockRead)} / ${decimalSize(s.blockWrite)}`,
    PIDs: String(s.pids),
  };
}

const HEADERS: Record<string, string> = {
  Container: 'CONTAINER',
  ID: 'CONTAINER ID',
  Name: 'NAME',
  CPUPerc: 'CPU %',
  MemUsage: 'MEM USAGE / LIMIT',
  MemPerc: 'MEM %',
  NetIO: 'NET I/O',
  BlockIO: 'BLOCK I/O',
  PIDs: 'PIDS',
};

/** `table` (docker stats' columns), `json` (one object per line) or a `{{.Field}}` template. */
export function formatStats(
  samples: readonly ContainerStatsSample[],
  format: string,
  noTrunc = false,
): string {
  if (format === 'json') {
    return samples.map((s) => `${JSON.stringify(statsFields(s, noTrunc))}\n`).join('');
  }
  let template =
    format === 'table' || format === ''
      ? 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}'
      : format;
  const table = template.startsWith('table ');
  if (table) template = template.slice('table '.length);
  template = template.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const fill = (fields: Record<string, string>): string =>
    template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, k: string) => fields[k] ?? '');
  if (!table) return samples.map((s) => `${fill(statsFields(s, noTrunc))}\n`).join('');
  const rows = [
    fill(HEADERS).split('\t'),
    ...samples.map((s) => fill(statsFields(s, noTrunc)).split('\t')),
  ];
  return formatTable(rows);
}

/** Binary sizes with four significant digits, as docker prints memory: `1.496MiB`. */
export function binarySize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let u = 0;
  while (value >= 1024 && u < units.length - 1) {
    value /= 1024;
    u++;
  }
  return `${Number(value.toPrecision(4))}${units[u]}`;
}

/** Decimal sizes with three significant digits, as docker prints I/O: `1.2kB`. */
export function decimalSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let u = 0;
  while (value >= 1000 && u < units.length - 1) {
    value /= 1000;
    u++;
  }
  return `${Number(value.toPrecision(3))}${units[u]}`;
}
