// Is a service already what a deploy would make it? The engine stores the spec it was sent,
// filling in a few defaults; comparing the spec to send with the one the engine returns, field
// by field in both directions, with those defaults and empty values counted as unset, tells an
// unchanged service (no update, no task restarted) from one that changed, including a field
// removed from the file or changed by someone else since.

/** Values the engine fills in where the spec it was sent has none, by path. */
const ENGINE_DEFAULTS: Readonly<Record<string, unknown>> = {
  'TaskTemplate.Runtime': 'container',
  'TaskTemplate.ContainerSpec.Isolation': 'default',
  'EndpointSpec.Mode': 'vip',
  // Enumerations whose first value is what an unset field reads back as.
  'UpdateConfig.FailureAction': 'pause',
  'UpdateConfig.Order': 'stop-first',
  'RollbackConfig.FailureAction': 'pause',
  'RollbackConfig.Order': 'stop-first',
};

/** Unset, false, 0, '', an empty list, or an object of such values. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') {
    return true;
  }
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') {
    return Object.values(value as Record<string, unknown>).every(isEmpty);
  }
  return false;
}

/**
 * The first path where `desired` and `current` differ, or undefined when they are the same spec
 * (empty values and the engine's defaults counting as unset).
 * @example specDifference({ Env: ['A=1'] }, { Env: ['A=2'] }) // 'Env[0]'
 */
export function specDifference(desired: unknown, current: unknown): string | undefined {
  return specDifferences(desired, current, 1)[0];
}

/**
 * Every path where `desired` and `current` differ (at most `limit`), in field order: a changed
 * value by its own path, a list of another length or an object set on one side only by the
 * path of the list or object.
 */
export function specDifferences(desired: unknown, current: unknown, limit = Infinity): string[] {
  const out: string[] = [];
  collect(desired, current, '', out, limit);
  return out;
}

function collect(
  desired: unknown,
  current: unknown,
  path: string,
  out: string[],
  limit: number,
): void {
  if (out.length >= limit) return;
  const desiredEmpty = isEmpty(desired);
  const currentEmpty = isEmpty(current);
  if (desiredEmpty && currentEmpty) return;
  if (Object.hasOwn(ENGINE_DEFAULTS, path)) {
    const def = ENGINE_DEFAULTS[path];
    if ((desiredEmpty || desired === def) && (currentEmpty || current === def)) return;
  }
  if (isRecord(desired) || isRecord(current)) {
    // An object on one side and an empty value on the other: the first field set tells where.
    if ((!isRecord(desired) && !desiredEmpty) || (!isRecord(current) && !currentEmpty)) {
      out.push(path);
      return;
    }
    const a = isRecord(desired) ? desired : {};
    const b = isRecord(current) ? current : {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      collect(a[key], b[key], path === '' ? key : `${path}.${key}`, out, limit);
    }
    return;
  }
  if (desiredEmpty !== currentEmpty) {
    out.push(path);
    return;
  }
  if (Array.isArray(desired) && Array.isArray(current)) {
    if (desired.length !== current.length) {
      out.push(path);
      return;
    }
    for (let i = 0; i < desired.length; i++) {
      collect(desired[i], current[i], `${path}[${i}]`, out, limit);
    }
    return;
  }
  if (desired !== current) out.push(path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
