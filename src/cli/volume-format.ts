// `volumes` output, as docker compose prints it with the docker CLI's volume formatter: the
// `DRIVER  VOLUME NAME` table, one JSON object per line, or a Go template.
import type { ProjectVolume } from '../api/compose.js';
import { formatRows, goStruct, type ListFormat } from './list-format.js';

/** `volumes --format`: the docker CLI's volume columns and header titles. */
export const VOLUME_FORMAT: ListFormat = {
  table: 'table {{.Driver}}\\t{{.Name}}',
  headers: {
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
  },
};

/**
 * One volume as templates see it, with the docker CLI's names and values, in the sorted order
 * `{{json .}}` prints: labels joined as `k=v,k=v` (sorted here, where Go's map order is random);
 * size, links and the cluster fields are `N/A` because the engine's volume list carries no usage
 * data; and the `.Label "key"` method.
 */
export function volumeFields(v: ProjectVolume): Record<string, unknown> {
  return goStruct('*formatter.volumeContext', {
    Availability: 'N/A',
    Driver: v.driver,
    Group: 'N/A',
    Label: (name: unknown) => v.labels[String(name)] ?? '',
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
  });
}

/**
 * Renders the volumes for `--format`: `table` (the default), `json`, `table TEMPLATE` or a Go
 * template.
 * @throws {ComposeError} `USAGE` for a template that fails (`template parsing error: ...`)
 * @example formatVolumes([data], 'table') // 'DRIVER    VOLUME NAME\nlocal     shop_data\n'
 */
export function formatVolumes(list: readonly ProjectVolume[], format: string): string {
  return formatRows(format, list.map(volumeFields), VOLUME_FORMAT);
}
