/**
 * One PersistentVolumeClaim per named volume, whoever mounts it: a volume two services share
 * stays one claim (ReadWriteMany), never one claim per service. Its size comes from
 * `--volume-size NAME=SIZE`, else the volume's label `flotilla.kubernetes.size`, else
 * `--volume-size SIZE` (1Gi).
 */
import { ComposeError } from '../../api/errors.js';
import type { KubeContext } from './context.js';
import { projectLabels, splitLabels } from './labels.js';
import { dnsName } from './names.js';
import { namedVolumeUsers } from './plan.js';

/** The volume label that sets a claim's size. */
export const SIZE_LABEL = 'flotilla.kubernetes.size';
/** The volume label that sets a claim's storage class. */
export const STORAGE_CLASS_LABEL = 'flotilla.kubernetes.storage-class';

const QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

/** The claim name of a named volume (top-level key). */
export function claimName(ctx: KubeContext, volume: string): string {
  const config = ctx.project.volumes[volume];
  return dnsName(config.external === true ? config.name : volume);
}

/** Makes the claims of every named volume a service mounts, reporting the top-level volumes. */
export function claimObjects(ctx: KubeContext): void {
  const users = namedVolumeUsers(ctx.project);
  for (const [key, config] of Object.entries(ctx.project.volumes)) {
    const path = `volumes.${key}`;
    const mounters = users.get(key) ?? [];
    if (mounters.length === 0) {
      ctx.report.resource({ path, outcome: 'mapped', reason: 'no service mounts it: no claim' });
      continue;
    }
    const name = claimName(ctx, key);
    if (config.external === true) {
      ctx.external.PersistentVolumeClaim.add(name);
      ctx.report.resource({
        path,
        outcome: 'approximated',
        target: `PersistentVolumeClaim/${name}`,
        reason: `external: the pods mount the existing claim ${name}, which must be created in the namespace beforehand`,
      });
      continue;
    }
    ctx.claim('PersistentVolumeClaim', name, `volume ${JSON.stringify(key)}`);
    const shared =
      mounters.length > 1 ||
      mounters.some((s) => ctx.plan(s).replicas > 1 || ctx.plan(s).kind === 'DaemonSet');
    const size = claimSize(ctx, key);
    const storageClass = ctx.options.storageClass ?? config.labels?.[STORAGE_CLASS_LABEL];
    const split = splitLabels(withoutOwnLabels(config.labels));
    const spec: Record<string, unknown> = {
      accessModes: [shared ? 'ReadWriteMany' : 'ReadWriteOnce'],
      resources: { requests: { storage: size } },
    };
    if (storageClass !== undefined) spec.storageClassName = storageClass;
    ctx.add({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        labels: { ...split.labels, ...projectLabels(ctx.projectLabel) },
        ...(Object.keys(split.annotations).length > 0 ? { annotations: split.annotations } : {}),
      },
      spec,
    });
    const target = `PersistentVolumeClaim/${name}`;
    if (shared) {
      const who =
        mounters.length > 1
          ? `shared by ${mounters.join(', ')}`
          : `mounted by ${mounters[0]}, which runs several pods`;
      ctx.report.resource({
        path,
        outcome: 'approximated',
        target,
        reason: `one claim ${who}: ReadWriteMany, which needs a storage class that supports it (${size})`,
      });
    } else {
      ctx.report.resource({ path, outcome: 'mapped', target, reason: `ReadWriteOnce, ${size}` });
    }
    if (config.driver !== undefined && config.driver !== 'local') {
      ctx.report.resource({
        path: `${path}.driver`,
        outcome: 'dropped',
        reason: 'volume drivers do not exist on Kubernetes: the storage class decides',
      });
    }
    if (config.driverOpts !== undefined) {
      ctx.report.resource({
        path: `${path}.driver_opts`,
        outcome: 'dropped',
        reason:
          'driver options have no claim equivalent (a local bind through driver_opts is not portable)',
      });
    }
    if (config.labels !== undefined) {
      ctx.report.resource({
        path: `${path}.labels`,
        outcome: split.refused.length > 0 ? 'approximated' : 'mapped',
        target,
        reason:
          split.refused.length > 0
            ? `claim labels; not valid as labels or annotations: ${split.refused.join(', ')}`
            : 'claim labels (annotations where the value is not a valid label value)',
      });
    }
  }
}

function withoutOwnLabels(
  labels: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (labels === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (k !== SIZE_LABEL && k !== STORAGE_CLASS_LABEL) out[k] = v;
  }
  return out;
}

function claimSize(ctx: KubeContext, key: string): string {
  const fromFlag = ctx.options.volumeSizes[key] as string | undefined;
  const fromLabel = ctx.project.volumes[key].labels?.[SIZE_LABEL];
  const size = fromFlag ?? fromLabel ?? ctx.options.volumeSize;
  if (!QUANTITY.test(size)) {
    const where =
      fromFlag !== undefined
        ? `--volume-size ${key}=`
        : fromLabel !== undefined
          ? `label ${SIZE_LABEL} of volume ${key}: `
          : '--volume-size ';
    throw new ComposeError(
      'CONVERT',
      `${where}${JSON.stringify(size)} is not a storage size (write 10Gi, 500Mi, ...)`,
      fromLabel !== undefined && fromFlag === undefined
        ? { path: `volumes.${key}.labels.${SIZE_LABEL}` }
        : {},
    );
  }
  return size;
}
