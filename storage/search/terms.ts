import type { Annotation } from '../annotation';
import { searchWords } from '../words';

/**
 * The terms one annotation is indexed under: the words of its quote, note, page title, tags and commenter
 * (searched by prefix), and facet terms for the library's filters (matched exactly).
 *
 * Facet terms start with FACET_MARK, a character `tokenize` never produces, so a word prefix never reaches
 * a facet and a filter never matches a word.
 */
export const FACET_MARK = '\u0001';

export type FacetKind = 'color' | 'tag' | 'region' | 'commenter' | 'site';

const FACET_CODES: Record<FacetKind, string> = {
  color: 'c',
  tag: 't',
  region: 'r',
  commenter: 'a',
  site: 's',
};

/**
 * Control characters would break the postings key (term, separator, shard: see postings.ts); a facet value
 * never needs them. Values compare without regard to case, as tag search always has.
 */
const FIRST_PRINTABLE = 0x20;

function withoutControls(value: string): string {
  let out = '';
  for (const c of value) if (c.charCodeAt(0) >= FIRST_PRINTABLE) out += c;
  return out;
}

export function facetTerm(kind: FacetKind, value: string): string {
  return `${FACET_MARK}${FACET_CODES[kind]}:${withoutControls(value).trim().toLowerCase()}`;
}

/** The site a page belongs to, as the library shows and filters it: the host without `www.`. */
export function siteOf(pageUrl: string): string {
  try {
    return new URL(pageUrl).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

export function commenterOf(annotation: Pick<Annotation, 'region'>): string | null {
  return annotation.region.kind === 'comment' ? annotation.region.author : null;
}

/** Distinct terms, sorted, so a stored row's list is stable and cheap to compare with a new one. */
export function indexTerms(annotation: Annotation): string[] {
  const commenter = commenterOf(annotation);
  const words = searchWords(
    annotation.quote,
    annotation.note,
    annotation.pageTitle,
    ...annotation.tags,
    commenter ?? '',
  );
  const facets = new Set<string>([
    facetTerm('color', annotation.color),
    facetTerm('region', annotation.region.kind),
    facetTerm('site', siteOf(annotation.pageUrl)),
  ]);
  for (const tag of annotation.tags) facets.add(facetTerm('tag', tag));
  if (commenter) facets.add(facetTerm('commenter', commenter));
  return [...words, ...[...facets].sort()];
}
