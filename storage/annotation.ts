import type { Selector } from '../annotator/selectors';

/** Highlight colours offered by the toolbar; names, not CSS values, so a theme can change the paint. */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];
export const DEFAULT_COLOR: HighlightColor = 'yellow';

/** What part of the news page an annotation is about. */
export type AnnotationRegion =
  | { kind: 'article' }
  | { kind: 'comment'; author: string | null; commentKey: string | null }
  /** Detection was unsure: the reader highlighted somewhere else in the page's body. */
  | { kind: 'page' }
  /**
   * The story as a whole: a page note. It has no passage (no selectors, an empty quote), so nothing is
   * painted or anchored for it; W3C calls it an annotation whose target is the page itself.
   */
  | { kind: 'story' };

export interface Annotation {
  id: string;
  /** Normalised page URL (see storage/url.ts): one story, one key, whatever link led to it. */
  pageUrl: string;
  pageTitle: string;
  region: AnnotationRegion;
  selectors: Selector[];
  /** The exact highlighted text, kept for listing and search without re-anchoring. */
  quote: string;
  /** Private note; empty string for a plain highlight. Never written into the page's DOM. */
  note: string;
  color: HighlightColor;
  tags: string[];
  createdAt: number;
  updatedAt: number;
  /** Whether the last attempt to find the passage on the page succeeded (false = orphaned). */
  anchored: boolean;
  /**
   * The passage as the page showed it when last found, where that differs from `quote`: the story was edited
   * since the reader saved it. Absent when the page shows what was saved (or Gloss has not looked yet).
   */
  pageQuote?: string;
}

export const REGION_KINDS = [
  'article',
  'comment',
  'page',
  'story',
] as const satisfies readonly AnnotationRegion['kind'][];

/** A note on the whole story rather than on a passage of it. */
export function isPageNote(a: Pick<Annotation, 'region'>): boolean {
  return a.region.kind === 'story';
}

/** The fields a content script supplies when it creates an annotation; the background fills the rest. */
export type NewAnnotation = Pick<
  Annotation,
  'pageUrl' | 'pageTitle' | 'region' | 'selectors' | 'quote' | 'note' | 'color'
> &
  Partial<Pick<Annotation, 'tags'>>;

/** The fields a reader can change after creation. */
export type AnnotationPatch = Partial<Pick<Annotation, 'note' | 'color' | 'tags' | 'anchored'>>;
