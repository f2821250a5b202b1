// `volumes` output, as docker compose prints it with the docker CLI's volume formatter: the
// `DRIVER  VOLUME NAME` table, one JSON object per line, or a Go template.
import type { ProjectVolume } from '../api/compose.js';
import { formatTable } from './ps-format.js';

/** Column titles of the docker CLI's volume formatter, by field. */
const HEADERS: Readonly<Record<string, string>> = {
  Availability: 'AVAILABILITY',
  Driver: 'DRIVER',
  Group: 'GROUP',
  Labels: 'LABELS',
  Links: 'LINKS',
  Mountpoint: 'MOUNTPOINT',
  Name: 'VOLUME NAME',
  Scope: 'SCOPE',
  Size: 'SIZE',
  Status: 'STATUS',
};

/**
 * The fields `--format json` and templates see, with the docker CLI's names and values: labels
 * joined as `k=v,k=v` (sorted here, where Go's map order is random); size, links and the
 * cluster fields are `N/A` because the engine's volume list carries no usage data.
 */
export function volumeFields(v: ProjectVolume): Record<string, string> {
  return {
    Availability: 'N/A',
    Driver: v.driver,
    Group: 'N/A',
    Labels: Object.keys(v.labels)
      .sort()
      .map((k) => `${k}=${v.labels[k]}`)
      .join(','),
    Links: 'N/A',
    Mountpoint: v.mountpoint,
    Name: v.name,
    Scope: v.scope,
    Size: 'N/A',
    Status: 'N/A',
  };
}

/**
 * Renders the volumes for `--format`: `table` (the default), `json`, `table TEMPLATE` or
 * `TEMPLATE`. Templates are a Go-template subset: `{{.Field}}`, `{{json .Field}}`, `{{json .}}`
 * and `{{.Label "key"}}`, with `\t` and `\n` escapes.
 * @throws Error for an unknown field or a template construct outside the subset, naming it
 * @example formatVolumes([data], 'table') // 'DRIVER    VOLUME NAME\nlocal     shop_data\n'
 */
export function formatVolumes(list: readonly ProjectVolume[], format: string): string {
  if (format === 'json') {
    return list.map((v) => `${JSON.stringify(volumeFields(v))}\n`).join('');
  }
  let template = format === 'table' ? 'table {{.Driver}}\t{{.Name}}' : format;
  template = template.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const table = template.startsWith('table ');
  if (table) template = template.slice('table '.length);
  const lines = list.map((v) => renderTemplate(template, v.labels, volumeFields(v)));
  if (!table) return lines.map((l) => `${l}\n`).join('');
  const header = renderTemplate(template, undefined, HEADERS);
  return formatTable(
    [header, ...lines].map((l) => l.split('\t')),
    10,
  );
}

const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/g;

/**
 * Executes one line of the template on `fields`. Without `labels` it renders the header: field
 * names become column titles and `.Label "a.b-c"` the title `b c`, as the docker CLI does.
 */
function renderTemplate(
  template: string,
  labels: Readonly<Record<string, string>> | undefined,
  fields: Readonly<Record<string, string>>,
): string {
  return template.replace(ACTION, (_m, action: string) => {
    const label = /^\.Label\s+"((?:[^"\\]|\\.)*)"$/.exec(action);
    if (label !== null) {
      const key = JSON.parse(`"${label[1]}"`) as string;
      if (labels === undefined) return (key.split('.').pop() ?? '').replace(/[-_]/g, ' ');
      return labels[key] ?? '';
    }
    const field = /^(json\s+)?\.(\w*)$/.exec(action);
    if (field === null) throw new Error(`template: unsupported action {{${action}}}`);
    const json = action.startsWith('json');
    const name = field[2];
    if (name === '') {
      if (!json) throw new Error(`template: unsupported action {{${action}}}`);
      return JSON.stringify(fields);
    }
    if (!Object.hasOwn(fields, name)) {
      throw new Error(`template: can't evaluate field ${name} in type volume`);
    }
    return json ? JSON.stringify(fields[name]) : fields[name];
  });
}
