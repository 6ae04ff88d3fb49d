import type { Annotation } from './annotation';
import type { AnnotationRow } from './db';

/**
 * Field by field, so rows come out with the same keys in the same order whatever wrote them (deep-equal
 * comparisons in import and tests rely on it) and what storage keeps beside the annotation (`words`, `doc`)
 * stays inside storage/.
 */
export function fromRow(row: AnnotationRow | Annotation): Annotation {
  return {
    id: row.id,
    pageUrl: row.pageUrl,
    pageTitle: row.pageTitle,
    region: row.region,
    selectors: row.selectors,
    quote: row.quote,
    note: row.note,
    color: row.color,
    tags: row.tags,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    anchored: row.anchored,
    ...(row.pageQuote === undefined ? {} : { pageQuote: row.pageQuote }),
  };
}
