/**
 * `--format kustomize`: a base made from the first compose file, and an overlay per override
 * file, each on top of the one before: objects the override adds, a JSON patch per object it
 * changes, a delete patch per object it removes. `kubectl kustomize overlays/<last>` renders
 * the same objects as `--format manifests` of the whole project.
 */
import { basename } from 'node:path';
import type { KubernetesObject, OutputFile } from '../../../api/convert.js';
import { toYaml } from '../../yaml-emit.js';
import { jsonDiff } from './json-patch.js';
import { fileHeader, manifestFiles } from './manifests.js';

/** The objects of one compose file's stage. */
export interface KustomizeLayer {
  readonly file: string;
  readonly objects: readonly KubernetesObject[];
}

const KUSTOMIZATION = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };

function objectKey(o: KubernetesObject): string {
  return `${o.apiVersion}|${o.kind}|${o.metadata.name}`;
}

function fileStem(o: KubernetesObject): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}`;
}

/** An overlay's directory name from its compose file: `compose.prod.yaml` -> `compose.prod`. */
function overlayName(file: string, taken: Set<string>): string {
  const base =
    basename(file)
      .replace(/\.ya?ml$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-') || 'override';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/** The files of the Kustomize tree. */
export function kustomizeFiles(project: string, layers: readonly KustomizeLayer[]): OutputFile[] {
  const [base, ...overlays] = layers;
  const files: OutputFile[] = manifestFiles(base.objects, project, false).map((f) => ({
    path: `base/${f.path}`,
    content: f.content,
  }));
  files.push({
    path: 'base/kustomization.yaml',
    content:
      fileHeader(project, []) +
      toYaml({ ...KUSTOMIZATION, resources: files.map((f) => f.path.slice('base/'.length)) }),
  });
  const taken = new Set<string>();
  let previous = '../../base';
  let before = base.objects;
  for (const layer of overlays) {
    const dir = `overlays/${overlayName(layer.file, taken)}`;
    const resources = [previous];
    const patches: Record<string, unknown>[] = [];
    const old = new Map(before.map((o) => [objectKey(o), o]));
    const now = new Map(layer.objects.map((o) => [objectKey(o), o]));
    for (const [k, o] of now) {
      const prior = old.get(k);
      if (prior === undefined) {
        const path = `${fileStem(o)}.yaml`;
        files.push({ path: `${dir}/${path}`, content: fileHeader(project, [o]) + toYaml(o) });
        resources.push(path);
        continue;
      }
      const ops = jsonDiff(prior, o);
      if (ops.length === 0) continue;
      const path = `patch-${fileStem(o)}.yaml`;
      files.push({ path: `${dir}/${path}`, content: fileHeader(project, [o]) + toYaml(ops) });
      const [group, version] = o.apiVersion.includes('/')
        ? o.apiVersion.split('/')
        : ['', o.apiVersion];
      patches.push({
        path,
        target: {
          ...(group !== '' ? { group } : {}),
          version,
          kind: o.kind,
          name: o.metadata.name,
        },
      });
    }
    for (const [k, o] of old) {
      if (now.has(k)) continue;
      const path = `delete-${fileStem(o)}.yaml`;
      const metadata = {
        name: o.metadata.name,
        ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}),
      };
      files.push({
        path: `${dir}/${path}`,
        content:
          fileHeader(project, []) +
          toYaml({ $patch: 'delete', apiVersion: o.apiVersion, kind: o.kind, metadata }),
      });
      patches.push({ path });
    }
    files.push({
      path: `${dir}/kustomization.yaml`,
      content:
        `${fileHeader(project, []).trimEnd()}\n# The changes of ${basename(layer.file)}.\n` +
        toYaml({ ...KUSTOMIZATION, resources, ...(patches.length > 0 ? { patches } : {}) }),
    });
    previous = `../${dir.slice('overlays/'.length)}`;
    before = layer.objects;
  }
  return files;
}
