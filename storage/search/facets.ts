import type { AnnotationRow, GlossDb } from '../db';
import { termOfKey } from './postings';
import { commenterOf, type FacetKind, facetTerm } from './terms';

export interface FacetCount {
  /** As the index keeps it (lower case): what a filter or a tag edit takes. */
  value: string;
  /** As the reader wrote it, in the first annotation that carries it: what the library shows. */
  label: string;
  count: number;
}

/**
 * Values given their label from an annotation, most used first: enough for any list a reader reads; one row
 * read each. The rest (a library's long tail of commenters) show as the index keeps them.
 */
export const LABELLED_VALUES = 500;

/** The way `row` writes the facet value `value` (the index's lower-case form). */
function writtenAs(kind: FacetKind, value: string, row: AnnotationRow | undefined): string {
  if (!row) return value;
  const term = facetTerm(kind, value);
  const candidates = kind === 'tag' ? row.tags : kind === 'commenter' ? [commenterOf(row) ?? ''] : [];
  return candidates.find((c) => facetTerm(kind, c) === term)?.trim() ?? value;
}

/**
 * Every value a filter can take in the library (its tags, commenters or sites), with how many annotations
 * carry it, most used first: straight from the facet's postings, and labelled as the reader wrote them.
 */
export async function listFacet(db: GlossDb, kind: FacetKind): Promise<FacetCount[]> {
  const prefix = facetTerm(kind, '');
  return db.transaction('r', [db.postings, db.annotations], async () => {
    const rows = await db.postings.where(':id').startsWith(prefix).toArray();
    const counts = new Map<string, { count: number; doc: number | undefined }>();
    for (const row of rows) {
      const value = termOfKey(row.key).slice(prefix.length);
      const seen = counts.get(value);
      counts.set(value, { count: (seen?.count ?? 0) + row.docs.length, doc: seen?.doc ?? row.docs[0] });
    }
    const sorted = [...counts]
      .map(([value, { count, doc }]) => ({ value, count, doc }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    const labelled = sorted.slice(0, kind === 'site' ? 0 : LABELLED_VALUES);
    const found = await Promise.all(
      labelled.map(({ doc }) =>
        doc === undefined ? undefined : db.annotations.where('doc').equals(doc).first(),
      ),
    );
    return sorted.map(({ value, count }, i) => ({ value, label: writtenAs(kind, value, found[i]), count }));
  });
}
