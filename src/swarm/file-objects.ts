// Top-level secrets and configs as Swarm secret and config specs, and a service's references to
// them. Swarm never changes an object's content, so each is named after its content
// (`<stack>_<name>_<hash>`): a new content is a new object the services are pointed at, and the
// old one is removed once no service uses it.
import type { ConfigReference, ConfigSpec, SecretReference, SecretSpec } from '../engine/index.js';
import type { FileObjectConfig, Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { createHash } from 'node:crypto';
import { SpecError } from './issues.js';
import { objectName, withStackLabel } from './stack-labels.js';

/** `secret` or `config`. */
export type FileObjectKind = 'secret' | 'config';

/** A secret or config of the stack as it is to be created. */
export interface FileObjectPlan {
  readonly key: string;
  /** Engine name: `<base>_<hash>`, or the external object's name. */
  readonly name: string;
  readonly external: boolean;
  /** The spec to create (undefined for external objects). */
  readonly spec: SecretSpec | ConfigSpec | undefined;
}

/** Longest secret or config name the engine accepts. */
const MAX_NAME = 64;
const HASH_LENGTH = 12;

/**
 * The spec of one top-level secret or config, named after its content. `data` is the content
 * (read by the caller from `file`, `environment` or `content`); a secret with a `driver` has
 * none. Everything that makes the object is hashed (content, labels, drivers), so that any
 * change makes a new object instead of an update the engine refuses.
 * @throws SpecError when the content is missing
 */
export function fileObjectPlan(
  kind: FileObjectKind,
  stack: string,
  project: Pick<Project, 'name'>,
  key: string,
  object: FileObjectConfig,
  data: Buffer | undefined,
): FileObjectPlan {
  const base = objectName(stack, project.name, key, object);
  if (object.external === true) return { key, name: base, external: true, spec: undefined };
  const driver =
    kind === 'secret' && object.driver !== undefined && object.driver !== ''
      ? {
          Name: object.driver,
          ...(object.driverOpts !== undefined ? { Options: { ...object.driverOpts } } : {}),
        }
      : undefined;
  if (data === undefined && driver === undefined) {
    throw new SpecError(
      [kind === 'secret' ? 'secrets' : 'configs', key],
      `${kind} ${key} has no content: give it a file, environment or content`,
    );
  }
  const labels = withStackLabel(stack, object.labels);
  const templating =
    object.templateDriver !== undefined && object.templateDriver !== ''
      ? { Name: object.templateDriver }
      : undefined;
  const encoded = data === undefined ? undefined : data.toString('base64');
  const hash = sha256(
    JSON.stringify([
      kind,
      encoded ?? null,
      sortedEntries(labels),
      driver ?? null,
      templating ?? null,
    ]),
  ).slice(0, HASH_LENGTH);
  const name = `${base.slice(0, MAX_NAME - HASH_LENGTH - 1)}_${hash}`;
  const spec: SecretSpec = { Name: name, Labels: labels };
  if (encoded !== undefined) spec.Data = encoded;
  if (driver !== undefined) spec.Driver = driver;
  if (templating !== undefined) spec.Templating = templating;
  return { key, name, external: false, spec };
}

function sortedEntries(labels: Record<string, string>): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The service's secret references, by engine name (IDs are filled in once the objects exist),
 * sorted by name so that the spec does not change with the order written. The target
 * defaults to the secret's key; `/run/secrets/<x>` is written `<x>`, as Swarm places relative
 * targets there. Mode defaults to 0444, owner to root.
 */
export function secretReferences(
  service: ServiceConfig,
  names: ReadonlyMap<string, string>,
): SecretReference[] {
  return (service.secrets ?? [])
    .map((ref) => {
      let target = ref.target ?? ref.source;
      const m = /^\/run\/secrets\/([^/]+)$/.exec(target);
      if (m !== null) target = m[1];
      return {
        File: { Name: target, UID: ref.uid ?? '0', GID: ref.gid ?? '0', Mode: ref.mode ?? 0o444 },
        SecretID: '',
        SecretName: nameOf('secret', service, ref.source, names),
      };
    })
    .sort((a, b) => (a.SecretName < b.SecretName ? -1 : a.SecretName > b.SecretName ? 1 : 0));
}

/** The service's config references, as {@link secretReferences} (target defaults to `/<key>`). */
export function configReferences(
  service: ServiceConfig,
  names: ReadonlyMap<string, string>,
): ConfigReference[] {
  return (service.configs ?? [])
    .map((ref) => ({
      File: {
        Name: ref.target ?? ref.source,
        UID: ref.uid ?? '0',
        GID: ref.gid ?? '0',
        Mode: ref.mode ?? 0o444,
      },
      ConfigID: '',
      ConfigName: nameOf('config', service, ref.source, names),
    }))
    .sort((a, b) => (a.ConfigName < b.ConfigName ? -1 : a.ConfigName > b.ConfigName ? 1 : 0));
}

function nameOf(
  kind: FileObjectKind,
  service: ServiceConfig,
  key: string,
  names: ReadonlyMap<string, string>,
): string {
  const name = names.get(key);
  if (name === undefined) {
    throw new SpecError(
      ['services', service.name, kind === 'secret' ? 'secrets' : 'configs'],
      `service ${service.name} uses undefined ${kind} ${key}`,
    );
  }
  return name;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
