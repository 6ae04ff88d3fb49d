import type { GlossDb } from '../db';
import { termOfKey } from './postings';
import { type FacetKind, facetTerm } from './terms';

export interface FacetCount {
  value: string;
  count: number;
}

/**
 * Every value a filter can take in the library (its tags, commenters or sites, lowercased as the index
 * keeps them), with how many annotations carry it, most used first: straight from the facet's postings.
 */
export async function listFacet(db: GlossDb, kind: FacetKind): Promise<FacetCount[]> {
  const prefix = facetTerm(kind, '');
  const rows = await db.postings.where(':id').startsWith(prefix).toArray();
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = termOfKey(row.key).slice(prefix.length);
    counts.set(value, (counts.get(value) ?? 0) + row.docs.length);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
