/**
 * The security fields: `user` (numeric ids only: Kubernetes cannot look a name up in the
 * image), `read_only`, `cap_add`/`cap_drop`, `privileged`, `security_opt` and `group_add` on the
 * container or pod; `sysctls` on the pod, the only place Kubernetes takes them.
 */
import type { ServiceConfig } from '../../model/service.js';
import type { KubeContext } from './context.js';

/** Sysctls the kubelet allows without `--allowed-unsafe-sysctls` (Kubernetes 1.20). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
]);
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

/** Numeric ids of a compose `user` (`101`, `101:101`, `root`); undefined for names. */
export function numericUser(user: string): { uid: number; gid?: number } | undefined {
  const [u, g, ...rest] = user.split(':') as [string, string | undefined, ...string[]];
  if (rest.length > 0) return undefined;
  const id = (s: string): number | undefined =>
    s === 'root' ? 0 : /^\d+$/.test(s) ? Number(s) : undefined;
  const uid = id(u);
  if (uid === undefined) return undefined;
  if (g === undefined) return { uid };
  const gid = id(g);
  return gid === undefined ? undefined : { uid, gid };
}

export interface ContainerSecurity {
  runAsUser?: number;
  runAsGroup?: number;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type: string };
}

/** The container's securityContext, reporting each field. */
export function containerSecurity(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  where: string,
): ContainerSecurity | undefined {
  const sc: ContainerSecurity = {};
  const at = (field: string): string => `${where}.securityContext.${field}`;
  if (service.user !== undefined && service.user !== '') {
    const ids = numericUser(service.user);
    if (ids === undefined) {
      ctx.note(
        key,
        'user',
        'dropped',
        'Kubernetes takes numeric ids only (runAsUser/runAsGroup) and cannot look a user name up in the image: the image default user applies; write the uid (and gid) instead',
      );
    } else {
      sc.runAsUser = ids.uid;
      if (ids.gid !== undefined) sc.runAsGroup = ids.gid;
      ctx.note(
        key,
        'user',
        'mapped',
        ids.gid === undefined ? 'runAsUser' : 'runAsUser and runAsGroup',
        at('runAsUser'),
      );
    }
  }
  if (service.readOnly === true) {
    sc.readOnlyRootFilesystem = true;
    ctx.note(key, 'read_only', 'mapped', 'readOnlyRootFilesystem', at('readOnlyRootFilesystem'));
  } else if (service.readOnly === false) {
    ctx.note(key, 'read_only', 'mapped', 'the default: a writable root file system');
  }
  if (service.privileged === true) {
    sc.privileged = true;
    ctx.note(key, 'privileged', 'mapped', 'privileged', at('privileged'));
  } else if (service.privileged === false) {
    ctx.note(key, 'privileged', 'mapped', 'the default: not privileged');
  }
  const caps = (list: readonly string[] | undefined): string[] | undefined =>
    list === undefined || list.length === 0
      ? undefined
      : list.map((c) => c.toUpperCase().replace(/^CAP_/, ''));
  const add = caps(service.capAdd);
  const drop = caps(service.capDrop);
  if (add !== undefined || drop !== undefined) {
    sc.capabilities = {};
    if (add !== undefined) sc.capabilities.add = add;
    if (drop !== undefined) sc.capabilities.drop = drop;
  }
  if (add !== undefined) ctx.note(key, 'cap_add', 'mapped', 'capabilities.add', at('capabilities'));
  if (drop !== undefined) {
    ctx.note(key, 'cap_drop', 'mapped', 'capabilities.drop', at('capabilities'));
  }
  (service.securityOpt ?? []).forEach((opt, i) => {
    const path = `security_opt[${i}]`;
    const [name, value = ''] = opt.split(/[=:]/, 2);
    if (name === 'no-new-privileges' && (value === '' || value === 'true')) {
      sc.allowPrivilegeEscalation = false;
      ctx.note(
        key,
        path,
        'mapped',
        'allowPrivilegeEscalation: false',
        at('allowPrivilegeEscalation'),
      );
    } else if (name === 'seccomp' && value === 'unconfined') {
      sc.seccompProfile = { type: 'Unconfined' };
      ctx.note(key, path, 'mapped', 'seccompProfile Unconfined', at('seccompProfile'));
    } else {
      ctx.note(
        key,
        path,
        'dropped',
        'only no-new-privileges and seccomp=unconfined have a securityContext equivalent here (profiles must be installed on the nodes)',
      );
    }
  });
  return Object.keys(sc).length === 0 ? undefined : sc;
}

export interface PodSecurity {
  sysctls?: { name: string; value: string }[];
  supplementalGroups?: number[];
}

/** The pod's securityContext: sysctls and supplementary groups. */
export function podSecurity(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  where: string,
): PodSecurity | undefined {
  const out: PodSecurity = {};
  const sysctls: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(service.sysctls ?? {})) {
    const path = `sysctls.${name}`;
    if (!SYSCTL_NAME.test(name)) {
      ctx.note(key, path, 'dropped', 'not a sysctl name Kubernetes accepts');
      continue;
    }
    sysctls.push({ name, value });
    if (SAFE_SYSCTLS.has(name)) {
      ctx.note(key, path, 'mapped', 'a pod-level sysctl', `${where}.securityContext.sysctls`);
    } else {
      ctx.note(
        key,
        path,
        'approximated',
        'a pod-level sysctl the kubelet deems unsafe: the node must allow it (kubelet --allowed-unsafe-sysctls), else the pod is refused',
        `${where}.securityContext.sysctls`,
      );
    }
  }
  if (sysctls.length > 0) out.sysctls = sysctls;
  const groups: number[] = [];
  (service.groupAdd ?? []).forEach((g, i) => {
    if (/^\d+$/.test(g)) {
      groups.push(Number(g));
      ctx.note(
        key,
        `group_add[${i}]`,
        'mapped',
        'supplementalGroups',
        `${where}.securityContext.supplementalGroups`,
      );
    } else {
      ctx.note(key, `group_add[${i}]`, 'dropped', 'Kubernetes takes numeric group ids only');
    }
  });
  if (groups.length > 0) out.supplementalGroups = groups;
  return Object.keys(out).length === 0 ? undefined : out;
}
