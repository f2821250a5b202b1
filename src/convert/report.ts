/**
 * Builds the conversion report every target shares: entries per service and for the top-level
 * resources, located in the compose files, counted by outcome; and the `--strict` check.
 */
import type {
  ConversionReport,
  ReportEntry,
  ReportOutcome,
  ServiceReport,
  SourceLocator,
} from '../api/convert.js';
import { ComposeError, type SourceLocation } from '../api/errors.js';

/** An entry as a converter adds it; the builder locates it. */
export interface NewEntry {
  readonly path: string;
  readonly outcome: ReportOutcome;
  readonly target?: string | undefined;
  readonly reason: string;
}

interface ServiceState {
  workload?: { kind: string; name: string; reason: string };
  entries: ReportEntry[];
}

/**
 * Collects report entries. Locations come from the locator: the field's own path, else the
 * nearest enclosing path the files spell out (a default the loader filled in has no place of
 * its own; neither has an `environment` key written in the list form).
 */
export class ReportBuilder {
  private readonly services = new Map<string, ServiceState>();
  private readonly resources: ReportEntry[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly head: { target: string; format: string; project: string },
    private readonly locate: SourceLocator | undefined,
    serviceNames: readonly string[],
  ) {
    for (const s of serviceNames) this.services.set(s, { entries: [] });
  }

  /** Records which object runs a service and why that kind. */
  workload(service: string, kind: string, name: string, reason: string): void {
    this.state(service).workload = { kind, name, reason };
  }

  /** Adds an entry about a service's field (`path` starts with `services.<name>`). */
  service(service: string, entry: NewEntry): void {
    const key = `${service}\u0000${entry.path}\u0000${entry.outcome}\u0000${entry.reason}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.state(service).entries.push(this.located(entry));
  }

  /** Adds an entry about a top-level resource or key. */
  resource(entry: NewEntry): void {
    const key = `\u0000${entry.path}\u0000${entry.outcome}\u0000${entry.reason}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.resources.push(this.located(entry));
  }

  /** Whether some entry of the service is at `path` or below it. */
  covers(service: string, path: string): boolean {
    return this.state(service).entries.some(
      (e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`),
    );
  }

  build(): ConversionReport {
    const services: ServiceReport[] = [];
    const summary: Record<ReportOutcome, number> = { mapped: 0, approximated: 0, dropped: 0 };
    const count = (entries: readonly ReportEntry[]): void => {
      for (const e of entries) summary[e.outcome]++;
    };
    for (const [service, state] of this.services) {
      services.push({ service, workload: state.workload, entries: state.entries });
      count(state.entries);
    }
    count(this.resources);
    return { ...this.head, services, resources: this.resources, summary };
  }

  private state(service: string): ServiceState {
    let state = this.services.get(service);
    if (state === undefined) {
      state = { entries: [] };
      this.services.set(service, state);
    }
    return state;
  }

  private located(entry: NewEntry): ReportEntry {
    const location = this.find(entry.path);
    return {
      path: entry.path,
      outcome: entry.outcome,
      ...(entry.target === undefined ? {} : { target: entry.target }),
      reason: entry.reason,
      ...(location === undefined ? {} : { location }),
    };
  }

  private find(path: string): SourceLocation | undefined {
    if (this.locate === undefined) return undefined;
    let p = path;
    for (;;) {
      const found = this.locate(p);
      if (found !== undefined) return found;
      const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) return undefined;
      p = p.slice(0, cut);
    }
  }
}

/** Every dropped entry of a report. */
export function droppedEntries(report: ConversionReport): ReportEntry[] {
  return [
    ...report.services.flatMap((s) => s.entries.filter((e) => e.outcome === 'dropped')),
    ...report.resources.filter((e) => e.outcome === 'dropped'),
  ];
}

/**
 * `--strict`: fails when something would be dropped, naming each field and where it is.
 * @throws ComposeError('CONVERT') listing the dropped fields
 */
export function checkStrict(report: ConversionReport): void {
  const dropped = droppedEntries(report);
  if (dropped.length === 0) return;
  const lines = dropped.map((e) => {
    const where = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : '';
    return `  ${where}${e.path}: ${e.reason}`;
  });
  throw new ComposeError(
    'CONVERT',
    `--strict: ${dropped.length} field${dropped.length === 1 ? '' : 's'} would be dropped by the conversion to ${report.target}; nothing was written:\n${lines.join('\n')}`,
  );
}
