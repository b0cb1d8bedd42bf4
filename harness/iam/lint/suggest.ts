/** "Did you mean …?" for names a learner mistyped: closest by edit distance, else by shared prefix. */

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * Up to `limit` candidates closest to `name`: those within a few edits (about a third of the
 * name's length, at least 2), nearest first; when none is that close, those that start with the
 * name or that the name starts with (shortest first).
 */
export function suggest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const all = [...candidates];
  const threshold = Math.max(2, Math.floor(name.length / 3));
  const close = all
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter((entry) => entry.distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  if (close.length > 0) {
    const best = close[0]!.distance;
    // Keep only the nearest ones: "DescribeImage" suggests "DescribeImages", not every near miss.
    return close.filter((entry) => entry.distance <= best + 1).slice(0, limit).map((entry) => entry.candidate);
  }
  const lower = name.toLowerCase();
  return all
    .filter((candidate) => {
      const other = candidate.toLowerCase();
      return other.length > 1 && lower.length > 1 && (other.startsWith(lower) || lower.startsWith(other));
    })
    .sort((a, b) => a.length - b.length || a.localeCompare(b))
    .slice(0, limit);
}
