// `ps` output as docker compose prints it: its container fields, columns and formats.
import type { ContainerSummary, PortPublisher } from '../api/compose.js';
import { goQuote } from '../internal/go-quote.js';
import { formatRows, goStruct, type ListFormat } from './list-format.js';

/**
 * Go's `units.HumanDuration` (what `docker ps` shows as CREATED / RunningFor, before ` ago`).
 * @example humanDuration(90_000) // 'About a minute'
 */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** Ports as `docker ps` shows them: `0.0.0.0:8080->80/tcp, :::8080->80/tcp, 443/tcp`. */
export function formatPorts(publishers: readonly PortPublisher[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of publishers) {
    const text =
      p.publishedPort > 0
        ? `${p.url}:${p.publishedPort}->${p.targetPort}/${p.protocol}`
        : `${p.targetPort}/${p.protocol}`;
    if (!seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
  }
  return out.join(', ');
}

/** The command column: Go-quoted, cut to 20 characters with `…` unless `noTrunc`. */
export function formatCommand(command: string, noTrunc = false): string {
  return goQuote(noTrunc ? command : ellipsis(command, 20));
}

/** Go's `time.Time.String()` of a Unix time in local time: `2024-01-02 03:04:05 +0100 CET`. */
export function goTimeString(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  const name = offset === 0 ? 'UTC' : zone;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone} ${name}`;
}

/** `ps --format`: docker compose's default columns and its header titles. */
export const PS_FORMAT: ListFormat = {
  table:
    'table {{.Name}}\\t{{.Image}}\\t{{.Command}}\\t{{.Service}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}',
  headers: {
    ID: 'CONTAINER ID',
    Name: 'NAME',
    Project: 'PROJECT',
    Service: 'SERVICE',
    Image: 'IMAGE',
    Command: 'COMMAND',
    CreatedAt: 'CREATED AT',
    RunningFor: 'CREATED',
    Ports: 'PORTS',
    State: 'STATE',
    Status: 'STATUS',
    Size: 'SIZE',
    Labels: 'LABELS',
  },
};

/**
 * One container as `ps` templates see it (docker compose's `ContainerContext`): its fields, in
 * the sorted order `{{json .}}` prints them, and the `.Label "key"` method. Unless `noTrunc`,
 * the ID is shortened to 12 characters and the command to 20, as docker compose does for every
 * format, `json` included.
 */
export function psRow(c: ContainerSummary, now: number, noTrunc = false): object {
  return goStruct('*formatter.ContainerContext', {
    Command: formatCommand(c.command, noTrunc),
    CreatedAt: goTimeString(c.created),
    ExitCode: c.exitCode,
    Health: c.health,
    ID: noTrunc ? c.id : c.id.slice(0, 12),
    Image: c.image,
    Label: (name: unknown) => c.labels[String(name)] ?? '',
    Labels: Object.entries(c.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    LocalVolumes: String(c.localVolumes),
    Mounts: c.mounts.map((m) => (noTrunc ? m : ellipsis(m, 15))).join(','),
    Name: c.name,
    Names: c.name,
    Networks: c.networks.join(','),
    Ports: formatPorts(c.publishers),
    Project: c.project,
    Publishers: c.publishers.map((p) => ({
      URL: p.url,
      TargetPort: p.targetPort,
      PublishedPort: p.publishedPort,
      Protocol: p.protocol,
    })),
    RunningFor: `${humanDuration(now - c.created * 1000)} ago`,
    Service: c.service,
    Size: '0B',
    State: c.state,
    Status: c.status,
  });
}

/** The docker CLI's `Ellipsis`: at most `max` characters, the last one `…` when cut. */
function ellipsis(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * `ps` output in a `--format`: `table` (the default), `json`, `table TEMPLATE` or a Go template,
 * one row per container in the order given (docker compose sorts them by name first).
 * @throws {ComposeError} `USAGE` for a template that fails (`template parsing error: ...`)
 */
export function formatPs(
  containers: readonly ContainerSummary[],
  format: string,
  now: number,
  noTrunc = false,
): string {
  return formatRows(
    format,
    containers.map((c) => psRow(c, now, noTrunc)),
    PS_FORMAT,
  );
}
