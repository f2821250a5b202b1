/**
 * flotilla's own rules over the objects it generates, checked on every conversion: valid names
 * and labels, selectors that match their pods, every referenced ConfigMap, Secret, claim,
 * Service and ServiceAccount present (or declared external), the restart policy each workload
 * kind allows, numeric user ids, and the pod-level invariants the API server enforces. A
 * violation is a bug in the converter, never the user's: the conversion fails rather than
 * write an object a cluster would refuse.
 */
import type { KubernetesObject } from '../../api/convert.js';
import { ComposeError } from '../../api/errors.js';
import {
  isConfigKey,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isEnvVarName,
  isLabelValue,
  isPortName,
  isQualifiedName,
} from './names.js';

/** Objects referred to that the manifests do not contain, by kind. */
export type ExternalRefs = Readonly<Record<string, ReadonlySet<string>>>;

type Obj = Record<string, unknown>;

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);
const PULL = new Set(['Always', 'IfNotPresent', 'Never']);

/** The violations of the rules, as `Kind/name: problem` lines; empty when all hold. */
export function ruleViolations(
  objects: readonly KubernetesObject[],
  external: ExternalRefs = {},
): string[] {
  const out: string[] = [];
  const names = new Map<string, Set<string>>();
  for (const o of objects) {
    const set = names.get(o.kind) ?? new Set<string>();
    const at = `${o.kind}/${o.metadata.name}`;
    if (set.has(o.metadata.name)) out.push(`${at}: two objects of that kind and name`);
    set.add(o.metadata.name);
    names.set(o.kind, set);
    const nameOk =
      o.kind === 'Service' ? isDns1035Label(o.metadata.name) : isDns1123Subdomain(o.metadata.name);
    if (!nameOk) out.push(`${at}: invalid name`);
    if (WORKLOADS.has(o.kind) && !isDns1123Label(o.metadata.name)) {
      out.push(`${at}: a workload name must be a DNS label (its pods are named after it)`);
    }
    checkMeta(o.metadata, at, out);
  }
  const exists = (kind: string, name: string): boolean =>
    (names.get(kind)?.has(name) ?? false) ||
    ((external[kind] as ReadonlySet<string> | undefined)?.has(name) ?? false);
  const podLabelSets: Record<string, string>[] = [];
  for (const o of objects) {
    const at = `${o.kind}/${o.metadata.name}`;
    const spec = o.spec as Obj | undefined;
    if (WORKLOADS.has(o.kind) && spec !== undefined) {
      const template = spec.template as Obj;
      const meta = template.metadata as Obj;
      const labels = (meta.labels ?? {}) as Record<string, string>;
      checkMeta(meta, `${at} template`, out);
      podLabelSets.push(labels);
      const selector = (spec.selector as Obj | undefined)?.matchLabels as
        Record<string, string> | undefined;
      if (o.kind !== 'Job' && (selector === undefined || !matches(selector, labels))) {
        out.push(`${at}: the selector does not match the pod template's labels`);
      }
      if (o.kind === 'StatefulSet' && !exists('Service', String(spec.serviceName))) {
        out.push(
          `${at}: serviceName ${String(spec.serviceName)} is not a Service of the manifests`,
        );
      }
      checkPod(template.spec as Obj, o.kind, at, exists, out);
    }
    if (o.kind === 'ConfigMap' || o.kind === 'Secret') {
      for (const field of ['data', 'binaryData', 'stringData']) {
        for (const k of Object.keys(o[field] ?? {})) {
          if (!isConfigKey(k)) out.push(`${at}: invalid key ${k}`);
        }
      }
    }
  }
  for (const o of objects) {
    const at = `${o.kind}/${o.metadata.name}`;
    const spec = (o.spec ?? {}) as Obj;
    if (o.kind === 'Service') checkService(spec, at, podLabelSets, out);
    if (o.kind === 'NetworkPolicy') {
      const sel = (spec.podSelector as Obj).matchLabels as Record<string, string>;
      if (!podLabelSets.some((l) => matches(sel, l))) out.push(`${at}: selects no pod`);
    }
    if (o.kind === 'Ingress') {
      for (const rule of (spec.rules ?? []) as Obj[]) {
        for (const p of ((rule.http as Obj).paths ?? []) as Obj[]) {
          const svc = ((p.backend as Obj).service as Obj).name as string;
          if (!exists('Service', svc)) out.push(`${at}: backend Service ${svc} is missing`);
        }
      }
    }
    if (o.kind === 'RoleBinding') {
      const role = (o.roleRef as Obj).name as string;
      if (!exists('Role', role)) out.push(`${at}: Role ${role} is missing`);
      for (const s of (o.subjects ?? []) as Obj[]) {
        if (s.kind === 'ServiceAccount' && (s.namespace === undefined || s.namespace === '')) {
          out.push(`${at}: a ServiceAccount subject needs a namespace`);
        }
      }
    }
  }
  return out;
}

/**
 * Applies the rules.
 * @throws ComposeError('CONVERT') naming every violation (a converter bug)
 */
export function checkRules(
  objects: readonly KubernetesObject[],
  external: ExternalRefs = {},
): void {
  const violations = ruleViolations(objects, external);
  if (violations.length === 0) return;
  throw new ComposeError(
    'CONVERT',
    `internal error: the converted objects break Kubernetes rules (a flotilla bug, please report it):\n  ${violations.join('\n  ')}`,
  );
}

function matches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

function checkMeta(meta: Obj, at: string, out: string[]): void {
  for (const [k, v] of Object.entries((meta.labels ?? {}) as Record<string, string>)) {
    if (!isQualifiedName(k)) out.push(`${at}: invalid label key ${k}`);
    if (typeof v !== 'string' || !isLabelValue(v)) out.push(`${at}: invalid value of label ${k}`);
  }
  for (const [k, v] of Object.entries((meta.annotations ?? {}) as Record<string, string>)) {
    if (!isQualifiedName(k)) out.push(`${at}: invalid annotation key ${k}`);
    if (typeof v !== 'string') out.push(`${at}: annotation ${k} is not a string`);
  }
}

function checkService(
  spec: Obj,
  at: string,
  pods: readonly Record<string, string>[],
  out: string[],
): void {
  const selector = spec.selector as Record<string, string> | undefined;
  if (selector === undefined || !pods.some((l) => matches(selector, l))) {
    out.push(`${at}: the selector matches no pod of the manifests`);
  }
  const ports = (spec.ports ?? []) as Obj[];
  if (ports.length === 0 && spec.clusterIP !== 'None')
    out.push(`${at}: a ClusterIP Service needs ports`);
  const seen = new Set<string>();
  for (const p of ports) {
    const name = p.name as string | undefined;
    if (ports.length > 1 && (name === undefined || name === '')) out.push(`${at}: unnamed port`);
    if (name !== undefined) {
      if (!isPortName(name)) out.push(`${at}: invalid port name ${name}`);
      if (seen.has(name)) out.push(`${at}: duplicate port name ${name}`);
      seen.add(name);
    }
    const n = p.port as number;
    if (!Number.isInteger(n) || n < 1 || n > 65535) out.push(`${at}: invalid port ${String(n)}`);
    const np = p.nodePort as number | undefined;
    if (np !== undefined && (np < 30000 || np > 32767))
      out.push(`${at}: nodePort ${np} outside 30000-32767`);
  }
}

function checkPod(
  pod: Obj,
  kind: string,
  at: string,
  exists: (kind: string, name: string) => boolean,
  out: string[],
): void {
  const policy = (pod.restartPolicy as string | undefined) ?? 'Always';
  if (kind === 'Job' ? policy === 'Always' : policy !== 'Always') {
    out.push(`${at}: restartPolicy ${policy} is not allowed in a ${kind}`);
  }
  const sa = pod.serviceAccountName as string | undefined;
  if (sa !== undefined && !exists('ServiceAccount', sa))
    out.push(`${at}: ServiceAccount ${sa} is missing`);
  const volumes = (pod.volumes ?? []) as Obj[];
  const volumeNames = new Set<string>();
  for (const v of volumes) {
    const name = v.name as string;
    if (!isDns1123Label(name)) out.push(`${at}: invalid volume name ${name}`);
    if (volumeNames.has(name)) out.push(`${at}: duplicate volume ${name}`);
    volumeNames.add(name);
    const claim = (v.persistentVolumeClaim as Obj | undefined)?.claimName as string | undefined;
    if (claim !== undefined && !exists('PersistentVolumeClaim', claim)) {
      out.push(`${at}: PersistentVolumeClaim ${claim} is missing`);
    }
    const secret = (v.secret as Obj | undefined)?.secretName as string | undefined;
    if (secret !== undefined && !exists('Secret', secret))
      out.push(`${at}: Secret ${secret} is missing`);
    const cm = (v.configMap as Obj | undefined)?.name as string | undefined;
    if (cm !== undefined && !exists('ConfigMap', cm)) out.push(`${at}: ConfigMap ${cm} is missing`);
  }
  const sysctls = ((pod.securityContext as Obj | undefined)?.sysctls ?? []) as Obj[];
  for (const s of sysctls)
    if (typeof s.value !== 'string')
      out.push(`${at}: sysctl ${String(s.name)} value is not a string`);
  const containers = [
    ...((pod.initContainers ?? []) as Obj[]),
    ...((pod.containers ?? []) as Obj[]),
  ];
  const containerNames = new Set<string>();
  for (const c of containers) {
    const name = c.name as string;
    const cat = `${at} container ${name}`;
    if (!isDns1123Label(name)) out.push(`${cat}: invalid name`);
    if (containerNames.has(name)) out.push(`${cat}: duplicate container name`);
    containerNames.add(name);
    if (typeof c.image !== 'string' || c.image === '') out.push(`${cat}: no image`);
    if (c.imagePullPolicy !== undefined && !PULL.has(c.imagePullPolicy as string)) {
      out.push(`${cat}: imagePullPolicy ${JSON.stringify(c.imagePullPolicy)}`);
    }
    const sc = (c.securityContext ?? {}) as Obj;
    for (const f of ['runAsUser', 'runAsGroup']) {
      const id = sc[f];
      if (id !== undefined && (typeof id !== 'number' || !Number.isInteger(id) || id < 0)) {
        out.push(`${cat}: ${f} must be a non-negative integer`);
      }
    }
    if (sc.sysctls !== undefined) out.push(`${cat}: sysctls belong to the pod's securityContext`);
    for (const e of (c.envFrom ?? []) as Obj[]) {
      const cmRef = (e.configMapRef as Obj | undefined)?.name as string | undefined;
      const sRef = (e.secretRef as Obj | undefined)?.name as string | undefined;
      if (cmRef !== undefined && !exists('ConfigMap', cmRef))
        out.push(`${cat}: ConfigMap ${cmRef} is missing`);
      if (sRef !== undefined && !exists('Secret', sRef))
        out.push(`${cat}: Secret ${sRef} is missing`);
    }
    for (const e of (c.env ?? []) as Obj[]) {
      if (!isEnvVarName(e.name as string))
        out.push(`${cat}: invalid variable name ${String(e.name)}`);
    }
    const paths = new Set<string>();
    for (const m of (c.volumeMounts ?? []) as Obj[]) {
      if (!volumeNames.has(m.name as string))
        out.push(`${cat}: mounts unknown volume ${String(m.name)}`);
      const p = m.mountPath as string;
      if (paths.has(p)) out.push(`${cat}: two mounts at ${p}`);
      paths.add(p);
    }
    for (const p of (c.ports ?? []) as Obj[]) {
      const n = p.containerPort as number;
      if (!Number.isInteger(n) || n < 1 || n > 65535) out.push(`${cat}: invalid containerPort`);
      if (p.name !== undefined && !isPortName(p.name as string))
        out.push(`${cat}: invalid port name`);
    }
  }
}
