// Engine API versions: the engine ignores JSON fields it does not know, so a field newer than
// the negotiated version must be left out (and reported) rather than sent.

/**
 * True when the dotted `version` is at least `min`, compared part by part as numbers.
 * @example atLeast('1.41', '1.40') // true
 */
export function atLeast(version: string, min: string): boolean {
  const a = version.split('.');
  const b = min.split('.');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = Number(a[i] ?? 0) - Number(b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** The message of a field left out for the engine's API version. */
export function tooOld(field: string, min: string, version: string, effect: string): string {
  return `${field} needs Engine API ${min}; this engine speaks ${version}: ${effect}`;
}
