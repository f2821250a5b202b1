/**
 * A service's mounts: named volumes mount their claim; anonymous volumes, tmpfs and `shm_size`
 * become emptyDirs (tmpfs in memory); a bind-mounted file of the project is copied into the
 * ConfigMap `<service>-files`; other bind mounts are dropped (no machine's directory exists on
 * every node) unless `--host-path` asks for hostPath volumes.
 */
import { basename, relative, sep } from 'node:path';
import type { ServiceConfig } from '../../model/service.js';
import { claimName } from './claims.js';
import type { KubeContext } from './context.js';
import { serviceLabels } from './labels.js';
import { configKey, dnsName } from './names.js';
import { memoryQuantity } from './resources.js';

export interface PodVolume {
  name: string;
  [source: string]: unknown;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

/** A ConfigMap holds at most 1 MiB. */
const CONFIG_MAP_LIMIT = 1024 * 1024;

/** The pod volumes and container mounts of a service's `volumes`, `tmpfs` and `shm_size`. */
export function serviceVolumes(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  where: string,
): { volumes: PodVolume[]; mounts: VolumeMount[]; filesConfigMap?: string } {
  const volumes: PodVolume[] = [];
  const mounts: VolumeMount[] = [];
  const addVolume = (v: PodVolume): void => {
    if (!volumes.some((x) => x.name === v.name)) volumes.push(v);
  };
  const mountAt = `${where}.containers[0].volumeMounts`;
  const files: Record<string, string> = {};
  const binaryFiles: Record<string, string> = {};
  let filesSize = 0;
  const filesName = `${ctx.plan(key).name}-files`;

  (service.volumes ?? []).forEach((v, i) => {
    const path = `volumes[${i}]`;
    const readOnly = v.readOnly === true ? { readOnly: true } : {};
    if (v.type === 'volume' && v.source !== undefined) {
      const claim = claimName(ctx, v.source);
      const name = dnsName(`vol-${claim}`);
      addVolume({ name, persistentVolumeClaim: { claimName: claim } });
      const subPath = v.volume?.subpath;
      mounts.push({ name, mountPath: v.target, ...readOnly, ...(subPath ? { subPath } : {}) });
      ctx.note(
        key,
        path,
        'mapped',
        `claim ${claim} at ${v.target} (Kubernetes never copies the image's files into a new volume, docker does)`,
        mountAt,
      );
      if (v.volume?.noCopy === true) {
        ctx.note(key, `${path}.volume.nocopy`, 'mapped', 'Kubernetes never copies');
      }
    } else if (v.type === 'volume') {
      const name = `anonymous-${i}`;
      addVolume({ name, emptyDir: {} });
      mounts.push({ name, mountPath: v.target, ...readOnly });
      ctx.note(
        key,
        path,
        'approximated',
        'an anonymous volume becomes an emptyDir, which lives as long as the pod (docker keeps it with the container)',
        mountAt,
      );
    } else if (v.type === 'tmpfs') {
      const name = `tmpfs-${i}`;
      const size = v.tmpfs?.size;
      addVolume({
        name,
        emptyDir: { medium: 'Memory', ...(size ? { sizeLimit: memoryQuantity(size) } : {}) },
      });
      mounts.push({ name, mountPath: v.target, ...readOnly });
      ctx.note(key, path, 'mapped', 'an emptyDir in memory', mountAt);
      if (v.tmpfs?.mode !== undefined) {
        ctx.note(key, `${path}.tmpfs.mode`, 'dropped', 'an emptyDir is always mode 0777');
      }
    } else if (v.type === 'bind' && v.source !== undefined) {
      const inProject = isInside(ctx.project.workingDir, v.source);
      const content = inProject ? ctx.options.readFile(v.source) : undefined;
      if (content !== undefined && filesSize + content.length <= CONFIG_MAP_LIMIT) {
        filesSize += content.length;
        const fileKey = uniqueKey(
          configKey(relative(ctx.project.workingDir, v.source)),
          files,
          binaryFiles,
        );
        const text = utf8Text(content);
        if (text === undefined) binaryFiles[fileKey] = Buffer.from(content).toString('base64');
        else files[fileKey] = text;
        addVolume({ name: 'files', configMap: { name: filesName } });
        mounts.push({ name: 'files', mountPath: v.target, subPath: fileKey, readOnly: true });
        ctx.note(
          key,
          path,
          'approximated',
          `the file ${basename(v.source)} is copied into ConfigMap ${filesName} at conversion time: read-only in the pod, and edits need a new conversion`,
          mountAt,
        );
      } else if (ctx.options.hostPath) {
        const name = `host-${i}`;
        addVolume({ name, hostPath: { path: v.source } });
        mounts.push({ name, mountPath: v.target, ...readOnly });
        ctx.note(
          key,
          path,
          'approximated',
          'a hostPath volume (--host-path): the path on the node running the pod, not on this machine',
          mountAt,
        );
      } else {
        ctx.note(
          key,
          path,
          'dropped',
          content !== undefined
            ? 'the files bind-mounted into this service exceed the 1 MiB a ConfigMap holds'
            : 'a bind mount of a directory (or of a file outside the project) needs that path on every node: copy the files into the image, or convert with --host-path',
        );
      }
      if (v.bind?.propagation !== undefined) {
        ctx.note(key, `${path}.bind.propagation`, 'dropped', 'mount propagation is not converted');
      }
    } else {
      ctx.note(key, path, 'dropped', `a ${v.type} mount has no Kubernetes equivalent`);
    }
  });

  (service.tmpfs ?? []).forEach((entry, i) => {
    const [target, opts = ''] = entry.split(/:(.*)/s, 2);
    const sizeText = /(?:^|,)size=([^,]+)/.exec(opts)?.[1];
    const size = sizeText === undefined ? undefined : tmpfsBytes(sizeText);
    const name = `tmpfs-x${i}`;
    addVolume({
      name,
      emptyDir: { medium: 'Memory', ...(size ? { sizeLimit: memoryQuantity(size) } : {}) },
    });
    mounts.push({ name, mountPath: target });
    ctx.note(key, `tmpfs[${i}]`, 'mapped', 'an emptyDir in memory', mountAt);
  });

  if (service.shmSize !== undefined && service.shmSize > 0) {
    addVolume({
      name: 'shm',
      emptyDir: { medium: 'Memory', sizeLimit: memoryQuantity(service.shmSize) },
    });
    mounts.push({ name: 'shm', mountPath: '/dev/shm' });
    ctx.note(key, 'shm_size', 'approximated', 'an emptyDir in memory mounted at /dev/shm', mountAt);
  }
  (service.volumesFrom ?? []).forEach((_v, i) => {
    ctx.note(
      key,
      `volumes_from[${i}]`,
      'dropped',
      "a pod cannot mount another pod's volumes: mount the same named volumes instead",
    );
  });
  if (service.volumeDriver !== undefined) {
    ctx.note(key, 'volume_driver', 'dropped', 'the storage class decides how claims are provided');
  }

  let filesConfigMap: string | undefined;
  if (Object.keys(files).length + Object.keys(binaryFiles).length > 0) {
    ctx.claim('ConfigMap', filesName, `the files bind-mounted into service ${JSON.stringify(key)}`);
    ctx.add({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: filesName,
        labels: serviceLabels(ctx.projectLabel, ctx.plan(key).name, key),
      },
      ...(Object.keys(files).length > 0 ? { data: files } : {}),
      ...(Object.keys(binaryFiles).length > 0 ? { binaryData: binaryFiles } : {}),
    });
    filesConfigMap = filesName;
  }
  return filesConfigMap === undefined ? { volumes, mounts } : { volumes, mounts, filesConfigMap };
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep);
}

function uniqueKey(key: string, ...taken: Record<string, string>[]): string {
  let k = key;
  for (let n = 2; taken.some((t) => Object.hasOwn(t, k)); n++) k = `${key}.${n}`;
  return k;
}

/** The text of UTF-8 content without NUL bytes, else undefined (binaryData then). */
export function utf8Text(content: Uint8Array): string | undefined {
  if (content.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return undefined;
  }
}

/** A tmpfs `size=` option: bytes, or with a k/m/g suffix; a percentage has no byte count. */
function tmpfsBytes(text: string): number | undefined {
  const m = /^(\d+)([kmg]?)$/i.exec(text);
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()] ?? 1;
  return Number(m[1]) * unit;
}
