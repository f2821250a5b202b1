/**
 * "Did you mean": the allowed key closest to a misspelt one, or undefined when none is close.
 *
 * Keys are compared case-insensitively with `-` and `_` treated alike; otherwise the optimal
 * string alignment distance (insertions, deletions, substitutions, adjacent transpositions)
 * must be at most 1 for keys up to 4 characters, 2 up to 8, and 3 beyond. On a tie the
 * alphabetically first key wins, so the answer does not depend on declaration order.
 */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const wanted = normalize(key);
  const limit = wanted.length <= 4 ? 1 : wanted.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = distance(wanted, normalize(candidate), limit);
    if (d > limit) continue;
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function normalize(key: string): string {
  return key.toLowerCase().replaceAll('-', '_');
}

/** Optimal string alignment distance, giving up (returning limit + 1) once it must exceed limit. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prev2[j - 2] + 1);
      }
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}
