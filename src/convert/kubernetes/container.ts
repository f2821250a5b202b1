/**
 * The service's container: image and pull policy, entrypoint and command, working directory,
 * terminal flags and lifecycle hooks. Environment, security, resources and probes come from
 * their own files; the pod assembles them.
 */
import type { Project } from '../../model/project.js';
import type { ServiceHook } from '../../model/service-parts.js';
import type { ServiceConfig } from '../../model/service.js';
import type { KubeContext } from './context.js';

/**
 * A string as Kubernetes must receive it in `command`/`args` to pass it through unchanged: it
 * expands `$(VAR)` and reads `$$` as `$` there, so every `$` is doubled when the string holds
 * either sequence.
 */
export function escapeVarRefs(s: string): string {
  return /\$[($]/.test(s) ? s.replaceAll('$', '$$$$') : s;
}

/** The image a service runs: `image`, else the name compose gives a built image. */
export function serviceImage(project: Project, key: string, service: ServiceConfig): string {
  return service.image ?? `${project.name}-${key}`;
}

const PULL_POLICIES: Readonly<Record<string, string>> = {
  always: 'Always',
  never: 'Never',
  missing: 'IfNotPresent',
  if_not_present: 'IfNotPresent',
};

/** The container's image, pull policy, command, args, working directory and terminal flags. */
export function containerBasics(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  where: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const given = Object.hasOwn(ctx.options.images, key) ? ctx.options.images[key] : undefined;
  const image = given ?? serviceImage(ctx.project, key, service);
  out.image = image;
  if (service.image !== undefined) {
    ctx.note(
      key,
      'image',
      'mapped',
      given === undefined ? 'the container image' : `the container image, as built: ${image}`,
      `${where}.image`,
    );
  }
  if (given !== undefined && service.build !== undefined) {
    ctx.note(key, 'build', 'mapped', `built before deploying: ${image}`, `${where}.image`);
  } else if (service.build !== undefined) {
    ctx.note(
      key,
      'build',
      'approximated',
      `Kubernetes cannot build: the image ${image} must be built and pushed where the cluster pulls from (flotilla build, flotilla push), or be present on the nodes`,
      `${where}.image`,
    );
  }
  const policy = service.pullPolicy;
  let pull = 'IfNotPresent';
  if (policy !== undefined) {
    const exact = PULL_POLICIES[policy] as string | undefined;
    if (exact !== undefined) {
      pull = exact;
      ctx.note(key, 'pull_policy', 'mapped', `imagePullPolicy ${pull}`, `${where}.imagePullPolicy`);
    } else if (policy === 'build') {
      ctx.note(
        key,
        'pull_policy',
        'approximated',
        'imagePullPolicy IfNotPresent: the image is built before deploying, never on the cluster',
        `${where}.imagePullPolicy`,
      );
    } else {
      pull = 'Always';
      ctx.note(
        key,
        'pull_policy',
        'approximated',
        `imagePullPolicy Always: Kubernetes has no refresh schedule (${policy}), so it checks at every start`,
        `${where}.imagePullPolicy`,
      );
    }
  }
  out.imagePullPolicy = pull;
  if (service.entrypoint !== null) {
    if (service.entrypoint.length === 0) {
      ctx.note(
        key,
        'entrypoint',
        'dropped',
        "an empty command keeps the image's ENTRYPOINT on Kubernetes; compose clears it",
      );
    } else {
      out.command = service.entrypoint.map(escapeVarRefs);
      ctx.note(key, 'entrypoint', 'mapped', 'command', `${where}.command`);
    }
  }
  if (service.command !== null) {
    if (service.command.length > 0) out.args = service.command.map(escapeVarRefs);
    ctx.note(key, 'command', 'mapped', 'args', `${where}.args`);
  }
  if (service.workingDir !== undefined) {
    out.workingDir = service.workingDir;
    ctx.note(key, 'working_dir', 'mapped', 'workingDir', `${where}.workingDir`);
  }
  if (service.tty !== undefined) {
    if (service.tty) out.tty = true;
    ctx.note(key, 'tty', 'mapped', 'tty', `${where}.tty`);
  }
  if (service.stdinOpen !== undefined) {
    if (service.stdinOpen) out.stdin = true;
    ctx.note(key, 'stdin_open', 'mapped', 'stdin', `${where}.stdin`);
  }
  const lifecycle: Record<string, unknown> = {};
  for (const [field, hookName] of [
    ['postStart', 'post_start'],
    ['preStop', 'pre_stop'],
  ] as const) {
    const hooks = service[field];
    if (hooks === undefined || hooks.length === 0) continue;
    const handler = hookHandler(ctx, key, hookName, hooks);
    if (handler !== undefined) {
      lifecycle[field] = handler;
    }
  }
  if (Object.keys(lifecycle).length > 0) out.lifecycle = lifecycle;
  (service.preStart ?? []).forEach((_h, i) => {
    ctx.note(
      key,
      `pre_start[${i}]`,
      'dropped',
      'no Kubernetes hook runs in the container before it starts',
    );
  });
  return out;
}

function hookHandler(
  ctx: KubeContext,
  key: string,
  field: string,
  hooks: readonly ServiceHook[],
): { exec: { command: string[] } } | undefined {
  const [first, ...rest] = hooks;
  rest.forEach((_h, i) => {
    ctx.note(key, `${field}[${i + 1}]`, 'dropped', 'Kubernetes runs one handler per hook');
  });
  if (first.command === null || first.command.length === 0) {
    ctx.note(key, `${field}[0]`, 'dropped', 'a hook without a command');
    return undefined;
  }
  const extra =
    first.user !== undefined ||
    first.privileged !== undefined ||
    first.workingDir !== undefined ||
    first.environment !== undefined;
  ctx.note(
    key,
    `${field}[0]`,
    extra ? 'approximated' : 'mapped',
    extra
      ? "an exec handler, run as the container's user and in its directory with its environment (the hook's own user, privileges, directory and environment are not converted)"
      : 'an exec handler',
  );
  return { exec: { command: [...first.command] } };
}
