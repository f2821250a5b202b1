/**
 * The conversion report as people read it: per service, the workload and why, then one line
 * per field with where it is written, its outcome and the reason; top-level resources; counts.
 */
import type { ConversionReport, ReportEntry } from '../api/convert.js';

function where(e: ReportEntry): string {
  return e.location ? `${e.location.file}:${e.location.line}:${e.location.column}` : '-';
}

function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths = rows[0].map((_c, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map(
    (r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '),
  );
}

function entryRows(entries: readonly ReportEntry[], prefix: string): string[][] {
  return entries.map((e) => [
    where(e),
    e.path === prefix.slice(0, -1)
      ? '(service)'
      : e.path.startsWith(prefix)
        ? e.path.slice(prefix.length)
        : e.path,
    e.outcome,
    e.target === undefined ? e.reason : `${e.reason} -> ${e.target}`,
  ]);
}

/**
 * The report as text.
 * @example
 * web: Deployment/web (a long-running service)
 *   compose.yaml:4:5  image  mapped  the container image -> Deployment/web ...
 */
export function formatReport(report: ConversionReport): string {
  const lines: string[] = [
    `Conversion of ${report.project} to ${report.target} (${report.format}):`,
  ];
  for (const s of report.services) {
    const w = s.workload;
    lines.push(
      w === undefined ? `${s.service}:` : `${s.service}: ${w.kind}/${w.name} (${w.reason})`,
    );
    if (s.entries.length > 0)
      lines.push(...table(entryRows(s.entries, `services.${s.service}.`), '  '));
  }
  if (report.resources.length > 0) {
    lines.push('project resources:');
    lines.push(...table(entryRows(report.resources, ''), '  '));
  }
  const { mapped, approximated, dropped } = report.summary;
  lines.push(`${mapped} mapped, ${approximated} approximated, ${dropped} dropped`);
  return `${lines.join('\n')}\n`;
}
