// The names and labels `docker stack deploy` gives a stack's objects: the interoperability
// contract with the docker CLI (`docker stack ls/ps/services/rm` find a stack by these).

/** Label keys the docker CLI sets on stack objects. */
export const STACK_LABEL = {
  /** The stack name, on services, their containers, networks, secrets, configs and volumes. */
  namespace: 'com.docker.stack.namespace',
  /** The image as the compose file names it (before any digest), on services. */
  image: 'com.docker.stack.image',
} as const;

/**
 * The name of a stack object: `<stack>_<name>`, as the docker CLI scopes services, networks,
 * volumes, secrets and configs.
 * @example scopedName('shop', 'web') // 'shop_web'
 */
export function scopedName(stack: string, name: string): string {
  return `${stack}_${name}`;
}

/** `labels` with the stack's namespace label added (a new object; the input is kept). */
export function withStackLabel(
  stack: string,
  labels: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return { ...labels, [STACK_LABEL.namespace]: stack };
}

/** The filter that selects a stack's objects in engine lists. */
export function stackFilter(stack: string): { label: string[] } {
  return { label: [`${STACK_LABEL.namespace}=${stack}`] };
}

/**
 * The engine name of a top-level network, volume, secret or config: the `name:` written in the
 * file (or the name of an external one), else `<stack>_<key>`. The loader names every object
 * `<project>_<key>` by default; that default is replaced by the stack's scope, so that the
 * objects are named as the docker CLI names them whatever the project name.
 */
export function objectName(
  stack: string,
  projectName: string,
  key: string,
  object: { readonly name: string; readonly external?: boolean | undefined },
): string {
  if (object.external === true) return object.name;
  return object.name === `${projectName}_${key}` ? scopedName(stack, key) : object.name;
}

/**
 * Checks a stack name as the docker CLI does (not empty once quotes and blanks are trimmed),
 * plus what the engine requires of the object names built from it.
 * @returns an error message, or undefined when the name is valid
 */
export function stackNameProblem(name: string): string | undefined {
  if (name.replace(/^["'\s]+|["'\s]+$/g, '') === '')
    return `invalid stack name: ${JSON.stringify(name)}`;
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) {
    return `invalid stack name ${JSON.stringify(name)}: use letters, digits, '_', '.' and '-', starting with a letter or digit`;
  }
  return undefined;
}
