// `ps` output: the table, JSON lines and Go-template-like formats of docker compose.
import type { ContainerSummary, PortPublisher } from '../api/compose.js';
import { goQuote } from '../loader/yaml/go-quote.js';

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

/**
 * The command column: truncated to 20 characters with `…` unless `noTrunc`, then quoted as Go's
 * strconv.Quote does (`"` and `\` escaped), as docker compose prints it.
 */
export function formatCommand(command: string, noTrunc = false): string {
  const chars = Array.from(command);
  const text = !noTrunc && chars.length > 19 ? `${chars.slice(0, 19).join('')}…` : command;
  return goQuote(text);
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

/** The fields `--format json` and templates see, with docker compose's names. */
export function psFields(
  c: ContainerSummary,
  now: number,
  noTrunc = false,
): Record<string, unknown> {
  return {
    Command: formatCommand(c.command, noTrunc),
    CreatedAt: goTimeString(c.created),
    ExitCode: c.exitCode,
    Health: c.health,
    ID: noTrunc ? c.id : c.id.slice(0, 12),
    Image: c.image,
    Labels: Object.entries(c.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    LocalVolumes: String(c.localVolumes),
    Mounts: c.mounts.join(','),
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
  };
}

/** One JSON object per container, per line. */
export function formatPsJson(containers: readonly ContainerSummary[], now: number): string {
  return containers.map((c) => `${JSON.stringify(psFields(c, now, true))}\n`).join('');
}

/**
 * Columns of `ps` as a table, separated by three spaces as `docker` aligns them. `minWidth` is
 * the narrowest a column may be, separator included (the docker CLI's own listings, such as
 * `volume ls`, use 10: `DRIVER    VOLUME NAME`).
 */
export function formatTable(rows: readonly (readonly string[])[], minWidth = 0): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, Array.from(cell).length, minWidth - 3);
    });
  }
  return rows
    .map(
      (row) =>
        row
          .map((cell, i) =>
            i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - Array.from(cell).length),
          )
          .join('   ')
          .trimEnd() + '\n',
    )
    .join('');
}

/** The default table: NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS, sorted by name. */
export function formatPsTable(
  containers: readonly ContainerSummary[],
  now: number,
  noTrunc = false,
): string {
  const sorted = [...containers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = [['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS']];
  for (const c of sorted) {
    rows.push([
      c.name,
      c.image,
      formatCommand(c.command, noTrunc),
      c.service,
      `${humanDuration(now - c.created * 1000)} ago`,
      c.status,
      formatPorts(c.publishers),
    ]);
  }
  return formatTable(rows);
}

/**
 * A Go-template subset: `{{.Field}}`, `{{json .Field}}`, `{{json .}}`, with `\t` and `\n`
 * escapes; a leading `table ` prints a header row of the upper-cased field names and aligns
 * the columns.
 * @throws Error for an unknown field, naming it
 */
export function formatPsTemplate(
  containers: readonly ContainerSummary[],
  template: string,
  now: number,
  noTrunc = false,
): string {
  let body = template.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const table = body.startsWith('table ');
  if (table) body = body.slice('table '.length);
  const expr = /\{\{\s*(json\s+)?\.([A-Za-z]*)\s*\}\}/g;
  const render = (fields: Record<string, unknown> | undefined): string =>
    body.replace(expr, (_m, json: string | undefined, field: string) => {
      if (fields === undefined) return field === '' ? '' : upperSnake(field);
      const value = field === '' ? fields : fields[field];
      if (value === undefined) throw new Error(`template: can't evaluate field ${field}`);
      if (json !== undefined) return JSON.stringify(value);
      return typeof value === 'string'
        ? value
        : typeof value === 'number'
          ? String(value)
          : JSON.stringify(value);
    });
  const lines = containers.map((c) => render(psFields(c, now, noTrunc)));
  if (!table) return lines.map((l) => `${l}\n`).join('');
  const rows = [render(undefined), ...lines].map((l) => l.split('\t'));
  return formatTable(rows);
}

function upperSnake(field: string): string {
  if (field === 'ID') return 'CONTAINER ID';
  if (field === 'RunningFor') return 'CREATED';
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}
