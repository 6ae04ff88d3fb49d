/** Small statistics for the page benchmark: medians of runs, and of pages. */

/** The median (the lower middle one for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = (s.length - 1) / 2;
  return ((s[Math.floor(mid)] as number) + (s[Math.ceil(mid)] as number)) / 2;
}

export function max(xs: readonly number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x));
  return s.length ? Math.max(...s) : Number.NaN;
}

/** Rotates `list` by `by` places: the order the three browsers load in changes from page to page and run to run. */
export function rotated<T>(list: readonly T[], by: number): T[] {
  const k = ((by % list.length) + list.length) % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}
