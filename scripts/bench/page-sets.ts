import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type PageSetName =
  | 'tune'
  | 'holdout'
  | 'fresh'
  | 'unseen'
  | 'final'
  | 'spare'
  | 'reserve'
  | 'remainder';

/**
 * The anchoring benchmarks' disjoint page sets, `n` pages each ("final", "spare" and "reserve": 2n; "remainder":
 * every page after those), in one hash order of the corpus
 * ids, so jsdom and Chromium runs with the same n see the same pages. See scripts/bench-anchoring.ts for what
 * each set has been used for.
 */
export function pageSets(dir: string, n: number): Record<PageSetName, string[]> {
  const ids = readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'page.html')))
    .map((id) => ({ id, h: createHash('sha256').update(`anchoring:${id}`).digest('hex') }))
    .sort((a, b) => (a.h < b.h ? -1 : 1))
    .map((x) => x.id);
  return {
    tune: ids.slice(0, n),
    holdout: ids.slice(n, 2 * n),
    fresh: ids.slice(2 * n, 3 * n),
    unseen: ids.slice(3 * n, 4 * n),
    final: ids.slice(4 * n, 6 * n),
    spare: ids.slice(6 * n, 8 * n),
    reserve: ids.slice(8 * n, 10 * n),
    remainder: ids.slice(10 * n),
  };
}
