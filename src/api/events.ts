/**
 * Progress is data: the library reports what it does as typed events to an injected sink, and
 * renderers (src/progress) turn them into text. Nothing in the library writes to a terminal.
 */

/** Where an operation on a resource stands. */
export type ProgressStatus = 'working' | 'done' | 'warning' | 'error';

/** What kind of resource an event is about; it prefixes the event's id (`Container p-web-1`). */
export type ResourceKind =
  'container' | 'network' | 'volume' | 'image' | 'service' | 'secret' | 'config' | 'compose';

/**
 * One step of an operation on one resource, as docker compose reports it: id
 * `Container p-web-1`, text `Started`, status `done`.
 */
export interface ProgressEvent {
  /** Display id: `Container <name>`, `Network <name>`, `Volume <name>`, `Image <ref>`, or `Compose`. */
  readonly id: string;
  readonly kind: ResourceKind;
  /** The resource's own name (container name, network name, image reference). */
  readonly name: string;
  /** Id of the event this one belongs to (a pull layer under its image). */
  readonly parentId?: string | undefined;
  readonly status: ProgressStatus;
  /** `Creating`, `Created`, `Starting`, `Started`, `Stopping`, `Stopped`, `Removing`, `Removed`, `Recreate`, `Recreated`, `Running`, `Waiting`, `Healthy`, `Exited`, ... */
  readonly text: string;
  /** Extra information: an error message, a reason, a size. */
  readonly details?: string | undefined;
  /** Progress of a transfer, when known. */
  readonly current?: number | undefined;
  readonly total?: number | undefined;
}

/** Receives progress events. Must not throw. */
export type EventSink = (event: ProgressEvent) => void;

/** A sink that drops everything. */
export const discardEvents: EventSink = () => undefined;

/** Builds the display id docker compose uses for a resource. */
export function resourceId(kind: ResourceKind, name: string): string {
  switch (kind) {
    case 'container':
      return `Container ${name}`;
    case 'network':
      return `Network ${name}`;
    case 'volume':
      return `Volume ${name}`;
    case 'image':
      return `Image ${name}`;
    case 'service':
      return `Service ${name}`;
    case 'secret':
      return `Secret ${name}`;
    case 'config':
      return `Config ${name}`;
    case 'compose':
      return 'Compose';
  }
}

/** A line of container output, for attached `up` and `logs`. */
export interface LogLine {
  /** Container display name: the container name without the `<project>-` prefix. */
  readonly container: string;
  readonly service: string;
  readonly stream: 'stdout' | 'stderr';
  /** The line without its trailing newline. */
  readonly text: string;
}

/** A status line about a container in attached mode (`web-1 exited with code 0`). */
export interface ContainerStatusLine {
  readonly container: string;
  readonly service: string;
  readonly text: string;
}

/** Receives container output and status lines. */
export interface LogConsumer {
  log(line: LogLine): void;
  status(line: ContainerStatusLine): void;
}
