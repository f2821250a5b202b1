/**
 * CloudFormation names: logical IDs are ASCII letters and digits only, unique in the template.
 */

/**
 * A logical ID from compose names: each part in PascalCase, other characters left out.
 * @example logicalId('web-server', 'TaskDefinition') // 'WebServerTaskDefinition'
 */
export function logicalId(...parts: readonly string[]): string {
  return parts
    .map((p) =>
      p
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w !== '')
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join(''),
    )
    .join('');
}

/** Hands out logical IDs, suffixing a number where two compose names give the same one. */
export class LogicalIds {
  private readonly taken = new Map<string, string>();

  /** The ID of `owner` (stable: asking again gives the same one). */
  take(owner: string, ...parts: readonly string[]): string {
    const key = `${owner}\u0000${parts.join('\u0000')}`;
    const known = this.taken.get(key);
    if (known !== undefined) return known;
    let base = logicalId(...parts);
    if (base === '' || /^[0-9]/.test(base)) base = `X${base}`;
    const used = new Set(this.taken.values());
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}${n}`;
    this.taken.set(key, id);
    return id;
  }
}
