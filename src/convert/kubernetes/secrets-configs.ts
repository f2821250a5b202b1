/**
 * Top-level `secrets` become Secrets and `configs` ConfigMaps, from a file, an environment
 * variable or inline content, each under one key; services mount that key as a file where
 * compose mounts it (`/run/secrets/<name>`, `/<name>`, or the target). External ones are
 * referred to by name, never created, and never a crash: the report says which key the pods
 * read. A Secret holds the content only when the options include secrets (`k8s deploy`, which
 * sends it to the API server, or `convert --include-secrets`); otherwise it is left out, the
 * pods still mount it, and the report says how to create it from the same source.
 */
import { relative } from 'node:path';
import { ComposeError } from '../../api/errors.js';
import type { FileObjectConfig } from '../../model/project.js';
import type { FileReference } from '../../model/service-parts.js';
import type { ServiceConfig } from '../../model/service.js';
import type { KubeContext } from './context.js';
import { projectLabels, splitLabels } from './labels.js';
import { configKey, dnsName } from './names.js';
import type { PodVolume, VolumeMount } from './volumes.js';
import { utf8Text } from './volumes.js';

type Family = 'secrets' | 'configs';

const KIND: Readonly<Record<Family, 'Secret' | 'ConfigMap'>> = {
  secrets: 'Secret',
  configs: 'ConfigMap',
};

/** The object name of a top-level secret or config. */
function objectName(config: FileObjectConfig, key: string): string {
  return dnsName(config.external === true ? config.name : key);
}

/** Makes the Secrets and ConfigMaps of the top-level secrets and configs, reporting them. */
export function secretAndConfigObjects(ctx: KubeContext): void {
  for (const family of ['secrets', 'configs'] as const) {
    const kind = KIND[family];
    for (const [key, config] of Object.entries(ctx.project[family])) {
      const path = `${family}.${key}`;
      const name = objectName(config, key);
      const dataKey = configKey(key);
      if (config.external === true) {
        ctx.external[kind].add(name);
        ctx.report.resource({
          path,
          outcome: 'approximated',
          target: `${kind}/${name}`,
          reason: `external: the pods mount key ${dataKey} of the existing ${kind} ${name}, which must be created beforehand (kubectl create ${kind === 'Secret' ? 'secret generic' : 'configmap'} ${name} --from-file=${dataKey}=FILE)`,
        });
        continue;
      }
      // Read even when not written: a missing file or unset variable fails here as at deploy.
      const content = readContent(ctx, family, key, config);
      ctx.claim(kind, name, `${family.slice(0, -1)} ${JSON.stringify(key)}`);
      if (kind === 'Secret' && !ctx.options.includeSecrets) {
        ctx.external.Secret.add(name);
        ctx.report.resource({
          path,
          outcome: 'approximated',
          target: `Secret/${name}`,
          reason: `not written, so that its content stays out of the output: create it before the pods start (${createSecretCommand(ctx, name, dataKey, config)}), convert with --include-secrets, or deploy with flotilla k8s deploy, which sends it to the cluster only`,
        });
        continue;
      }
      const split = splitLabels(config.labels);
      const text = kind === 'ConfigMap' ? utf8Text(content) : undefined;
      const payload =
        kind === 'Secret'
          ? { type: 'Opaque', data: { [dataKey]: Buffer.from(content).toString('base64') } }
          : text !== undefined
            ? { data: { [dataKey]: text } }
            : { binaryData: { [dataKey]: Buffer.from(content).toString('base64') } };
      ctx.add({
        apiVersion: 'v1',
        kind,
        metadata: {
          name,
          labels: { ...split.labels, ...projectLabels(ctx.projectLabel) },
          ...(Object.keys(split.annotations).length > 0 ? { annotations: split.annotations } : {}),
        },
        ...payload,
      });
      const source =
        config.file !== undefined
          ? 'the file'
          : config.environment !== undefined
            ? `the variable ${config.environment}`
            : 'the inline content';
      ctx.report.resource({
        path,
        outcome: 'mapped',
        target: `${kind}/${name}`,
        reason: `key ${dataKey}, from ${source} at conversion time`,
      });
      if (config.driver !== undefined || config.templateDriver !== undefined) {
        ctx.report.resource({
          path: `${path}.${config.driver !== undefined ? 'driver' : 'template_driver'}`,
          outcome: 'dropped',
          reason: 'secret and template drivers are swarm features',
        });
      }
    }
  }
}

/**
 * A kubectl command line that makes the Secret from the same source, naming no value; a file
 * inside the project directory is named relative to it.
 */
function createSecretCommand(
  ctx: KubeContext,
  name: string,
  dataKey: string,
  config: FileObjectConfig,
): string {
  const file =
    config.file === undefined
      ? undefined
      : relative(ctx.project.workingDir, config.file).startsWith('..')
        ? config.file
        : relative(ctx.project.workingDir, config.file);
  const from =
    file !== undefined
      ? `--from-file=${dataKey}=${file}`
      : config.environment !== undefined
        ? `--from-literal=${dataKey}="$${config.environment}"`
        : `--from-file=${dataKey}=FILE`;
  return `kubectl create secret generic ${name} ${from}`;
}

function readContent(
  ctx: KubeContext,
  family: Family,
  key: string,
  config: FileObjectConfig,
): Uint8Array {
  if (config.content !== undefined) return Buffer.from(config.content, 'utf8');
  if (config.file !== undefined) {
    const content = ctx.options.readFile(config.file);
    if (content !== undefined) return content;
    throw new ComposeError('CONVERT', `cannot read the file ${config.file} of ${family}.${key}`, {
      path: `${family}.${key}.file`,
    });
  }
  const what =
    config.environment !== undefined
      ? `the variable ${config.environment} is not set`
      : 'no source';
  throw new ComposeError('CONVERT', `${family}.${key} has no content: ${what}`, {
    path: `${family}.${key}`,
  });
}

/** The pod volumes and mounts of a service's `secrets` and `configs`. */
export function secretAndConfigMounts(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  where: string,
): { volumes: PodVolume[]; mounts: VolumeMount[] } {
  const volumes: PodVolume[] = [];
  const mounts: VolumeMount[] = [];
  for (const family of ['secrets', 'configs'] as const) {
    (service[family] ?? []).forEach((r, i) => {
      mountOne(ctx, key, family, r, i, where, volumes, mounts);
    });
  }
  return { volumes, mounts };
}

function mountOne(
  ctx: KubeContext,
  key: string,
  family: Family,
  r: FileReference,
  i: number,
  where: string,
  volumes: PodVolume[],
  mounts: VolumeMount[],
): void {
  const path = `${family}[${i}]`;
  const config = ctx.project[family][r.source] as FileObjectConfig | undefined;
  if (config === undefined) {
    ctx.note(key, path, 'dropped', `${family}.${r.source} is not defined`);
    return;
  }
  const kind = KIND[family];
  const name = objectName(config, r.source);
  const dataKey = configKey(r.source);
  const target = mountTarget(family, r);
  const volumeName = `${family === 'secrets' ? 'secret' : 'config'}-${i}`;
  const item = { key: dataKey, path: dataKey, ...(r.mode !== undefined ? { mode: r.mode } : {}) };
  volumes.push(
    kind === 'Secret'
      ? { name: volumeName, secret: { secretName: name, items: [item] } }
      : { name: volumeName, configMap: { name, items: [item] } },
  );
  mounts.push({ name: volumeName, mountPath: target, subPath: dataKey, readOnly: true });
  ctx.note(
    key,
    path,
    'mapped',
    `key ${dataKey} of ${kind} ${name} at ${target}`,
    `${where}.containers[0].volumeMounts`,
  );
  if (r.mode !== undefined) {
    ctx.note(key, `${path}.mode`, 'mapped', 'the item mode', `${where}.volumes`);
  }
  if (r.uid !== undefined || r.gid !== undefined) {
    ctx.note(
      key,
      `${path}.${r.uid !== undefined ? 'uid' : 'gid'}`,
      'dropped',
      'mounted files belong to root (fsGroup would change the group of every volume of the pod)',
    );
  }
}

/** Where compose mounts a secret or config. */
export function mountTarget(family: Family, r: FileReference): string {
  const t = r.target ?? r.source;
  if (t.startsWith('/')) return t;
  return family === 'secrets' ? `/run/secrets/${t}` : `/${t}`;
}
