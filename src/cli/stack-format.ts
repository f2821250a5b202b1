// The output of `stack ls`, `stack ps` and `stack services` as the docker CLI prints it: its
// tables, `--format json`, Go templates and `-q`.
import type { StackService, StackSummary, StackTask } from '../api/stack.js';
import { formatRows, goStruct } from './list-format.js';
import { humanDuration } from './ps-format.js';

/** One row of a listing: the field values a template can name, as the docker CLI has them. */
type Row = Readonly<Record<string, string>>;

/** Headers the docker CLI prints for the fields it knows. */
const HEADERS: Readonly<Record<string, string>> = {
  ID: 'ID',
  Name: 'NAME',
  Services: 'SERVICES',
  Mode: 'MODE',
  Replicas: 'REPLICAS',
  Image: 'IMAGE',
  Ports: 'PORTS',
  Node: 'NODE',
  DesiredState: 'DESIRED STATE',
  CurrentState: 'CURRENT STATE',
  Error: 'ERROR',
};

/**
 * Renders rows with a format, through the one Go template engine of every `--format`
 * (list-format.ts): `table` (or empty) is `defaultTable`, `json` prints each row as a JSON
 * object, anything else is a Go template; a `table` prefix adds the header row and aligns
 * columns.
 * @throws {ComposeError} `USAGE` for a template that does not parse or names an unknown field
 */
export function renderRows(rows: readonly Row[], format: string, defaultTable: string): string {
  return formatRows(
    format,
    rows.map((r) => goStruct('formatter.Context', { ...r })),
    { table: defaultTable, headers: HEADERS },
  );
}

/** `stack ls`. */
export function formatStackList(stacks: readonly StackSummary[], format: string): string {
  const rows = stacks.map((s) => ({ Name: s.name, Services: String(s.services) }));
  return renderRows(rows, format, 'table {{.Name}}\t{{.Services}}');
}

/** `stack services`; `quiet` prints the IDs alone. */
export function formatStackServices(
  services: readonly StackService[],
  options: { format: string; quiet?: boolean | undefined },
): string {
  if (options.quiet === true) return services.map((s) => `${s.id}\n`).join('');
  const rows = services.map((s) => ({
    ID: s.id.slice(0, 12),
    Name: s.name,
    Mode: s.mode,
    Replicas: replicas(s),
    Image: displayImage(s.image),
    Ports: s.ports.join(', '),
  }));
  return renderRows(
    rows,
    options.format,
    'table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}',
  );
}

function replicas(s: StackService): string {
  if (s.mode === 'replicated job' || s.mode === 'global job') {
    const completed = s.completed ?? 0;
    return `${s.running}/${s.desired} (${completed}/${s.mode === 'global job' ? s.desired + completed : s.desired} completed)`;
  }
  return `${s.running}/${s.desired}`;
}

/** `stack ps`; history entries of a slot are indented under the current one in tables. */
export function formatStackTasks(
  tasks: readonly StackTask[],
  options: {
    format: string;
    quiet?: boolean | undefined;
    noTrunc?: boolean | undefined;
    now: number;
  },
): string {
  const trunc = options.noTrunc !== true;
  if (options.quiet === true)
    return tasks.map((t) => `${trunc ? t.id.slice(0, 12) : t.id}\n`).join('');
  const isTable = options.format === '' || options.format.startsWith('table');
  let previous = '';
  const rows = tasks.map((t) => {
    const name = isTable && t.name === previous ? ` \\_ ${t.name}` : t.name;
    previous = t.name;
    const error =
      trunc && Array.from(t.error).length > 30
        ? `${Array.from(t.error).slice(0, 29).join('')}…`
        : t.error;
    return {
      ID: trunc ? t.id.slice(0, 12) : t.id,
      Name: name,
      Image: trunc ? displayImage(t.image) : t.image,
      Node: t.node,
      DesiredState: capitalise(t.desiredState),
      CurrentState: `${capitalise(t.state)} ${humanDuration(options.now - Date.parse(t.stateSince)).toLowerCase()} ago`,
      Error: error === '' ? '' : `"${error}"`,
      Ports: t.ports.join(','),
    };
  });
  return renderRows(
    rows,
    options.format,
    'table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}\t{{.Ports}}',
  );
}

/** An image as the docker CLI shows it in listings: the digest left out when there is a tag. */
export function displayImage(image: string): string {
  const at = image.indexOf('@');
  if (at === -1) return image;
  const name = image.slice(0, at);
  return name.lastIndexOf(':') > name.lastIndexOf('/') ? name : image;
}

function capitalise(s: string): string {
  return s === '' ? s : s[0].toUpperCase() + s.slice(1);
}
