import type { Selector } from '../annotator/selectors';
import { type Annotation, type AnnotationRegion, type HighlightColor, isPageNote } from './annotation';
import type { PageRow } from './db';
import { passageLink } from './text-fragment';

/**
 * Export in two forms: W3C Web Annotation JSON (https://www.w3.org/TR/annotation-model/), which other tools
 * read and Gloss re-imports without loss, and Markdown, for people.
 */

export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/**
 * Namespace of Gloss's own terms. A URN rather than a web address: there is no document to fetch, and a
 * made-up domain could one day belong to someone else.
 */
export const GLOSS_NAMESPACE = 'urn:gloss:terms:';

export interface W3CTextualBody {
  type: 'TextualBody';
  value: string;
  format?: 'text/plain';
  purpose: 'commenting' | 'tagging';
}

export interface W3CAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'commenting' | 'highlighting';
  created: string;
  modified: string;
  body?: W3CTextualBody[];
  /** Without a selector for a page note: the page itself is the target. */
  target: { source: string; selector?: Selector[] };
  'gloss:pageTitle': string;
  /** Absent for a page note, which quotes nothing. */
  'gloss:quote'?: string;
  'gloss:color': HighlightColor;
  'gloss:region': AnnotationRegion;
  'gloss:anchored': boolean;
  /** How the page showed the passage when last found, where the story was edited since it was saved. */
  'gloss:pageQuote'?: string;
}

export interface W3CAnnotationCollection {
  '@context': [typeof W3C_CONTEXT, { gloss: typeof GLOSS_NAMESPACE }];
  type: 'AnnotationCollection';
  label: string;
  total: number;
  generator: { type: 'Software'; name: 'Gloss' };
  generated: string;
  first: { type: 'AnnotationPage'; startIndex: 0; items: W3CAnnotation[] };
}

export interface ExportOptions {
  /** Export time written into the file; defaults to now (fixed in tests). */
  generated?: Date;
}

/**
 * A W3C AnnotationCollection with all items in its `first` AnnotationPage (the model's shape for a
 * collection; one page is fine at Gloss's scale). Fields with no W3C term (colour, region, quote, page
 * title, anchoring status) are `gloss:`-prefixed terms declared in the context, so the file stays valid
 * JSON-LD and parseImport restores them exactly. `pages` is accepted for symmetry with exportMarkdown and
 * unused: each annotation already carries its page's URL and title, and item order must stay the caller's.
 */
export function exportW3C(
  annotations: readonly Annotation[],
  _pages?: readonly PageRow[],
  options: ExportOptions = {},
): W3CAnnotationCollection {
  return {
    '@context': [W3C_CONTEXT, { gloss: GLOSS_NAMESPACE }],
    type: 'AnnotationCollection',
    label: 'Gloss annotations',
    total: annotations.length,
    generator: { type: 'Software', name: 'Gloss' },
    generated: (options.generated ?? new Date()).toISOString(),
    first: { type: 'AnnotationPage', startIndex: 0, items: annotations.map(toW3C) },
  };
}

export function toW3C(a: Annotation): W3CAnnotation {
  const body: W3CTextualBody[] = [];
  // An empty note has no body at all: a plain highlight in W3C terms.
  if (a.note !== '')
    body.push({ type: 'TextualBody', value: a.note, format: 'text/plain', purpose: 'commenting' });
  for (const tag of a.tags) body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  return {
    id: `urn:uuid:${a.id}`,
    type: 'Annotation',
    motivation: a.note !== '' ? 'commenting' : 'highlighting',
    created: new Date(a.createdAt).toISOString(),
    modified: new Date(a.updatedAt).toISOString(),
    ...(body.length ? { body } : {}),
    // A page note is about the page itself: W3C's target without a selector.
    target: isPageNote(a) ? { source: a.pageUrl } : { source: a.pageUrl, selector: a.selectors },
    'gloss:pageTitle': a.pageTitle,
    ...(isPageNote(a) ? {} : { 'gloss:quote': a.quote }),
    'gloss:color': a.color,
    'gloss:region': a.region,
    'gloss:anchored': a.anchored,
    ...(a.pageQuote === undefined ? {} : { 'gloss:pageQuote': a.pageQuote }),
  };
}

export interface MarkdownOptions {
  /** Export time in the heading; defaults to now. */
  generated?: Date;
}

/**
 * A readable digest: pages (most recently updated first), then the article's highlights and the comments'
 * highlights (with their authors), each quote as a blockquote with its note, colour, tags and date below.
 * Page text is escaped so a quote cannot inject headings, links or HTML into the reader's Markdown viewer.
 */
export function exportMarkdown(
  annotations: readonly Annotation[],
  pages: readonly PageRow[] = [],
  options: MarkdownOptions = {},
): string {
  const byPage = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const list = byPage.get(a.pageUrl);
    if (list) list.push(a);
    else byPage.set(a.pageUrl, [a]);
  }
  const pageInfo = new Map(pages.map((p) => [p.url, p]));
  const lastUpdate = (url: string, list: Annotation[]) =>
    pageInfo.get(url)?.updatedAt ?? Math.max(...list.map((a) => a.updatedAt));
  const order = [...byPage.entries()].sort(([ua, la], [ub, lb]) => lastUpdate(ub, lb) - lastUpdate(ua, la));
  const out = [markdownHeading(annotations.length, byPage.size, options.generated ?? new Date())];
  for (const [url, list] of order) out.push(markdownPage(url, list, pageInfo.get(url)));
  return `${out.join('\n').trimEnd()}\n`;
}

/** The digest's heading; a streamed export (storage/export-stream.ts) writes it first, then page by page. */
export function markdownHeading(annotationCount: number, pageCount: number, generated: Date): string {
  return [
    '# Gloss annotations',
    '',
    `Exported ${formatDate(generated.getTime())} · ${annotationCount} ${plural(annotationCount, 'annotation')} on ${pageCount} ${plural(pageCount, 'page')}`,
    '',
  ].join('\n');
}

/** One page's section: its title and address, the article's highlights, then the comments'. */
export function markdownPage(url: string, list: readonly Annotation[], page?: PageRow): string {
  const out: string[] = [];
  const sorted = [...list].sort((a, b) => a.createdAt - b.createdAt);
  const title = page?.title || sorted.findLast((a) => a.pageTitle)?.pageTitle || url;
  out.push(`## ${escapeInline(title)}`, '', `<${url}>`, '');
  for (const a of sorted.filter(isPageNote)) out.push('### Page note', '', ...renderNote(a));
  const article = sorted.filter((a) => a.region.kind !== 'comment' && !isPageNote(a));
  const comments = sorted.filter((a) => a.region.kind === 'comment');
  if (article.length) {
    out.push('### Article', '');
    for (const a of article) out.push(...renderAnnotation(a));
  }
  if (comments.length) {
    out.push('### Comments', '');
    for (const a of comments) {
      const author = a.region.kind === 'comment' ? a.region.author : null;
      out.push(`#### ${author ? `Comment by ${escapeInline(author)}` : 'Comment'}`, '');
      out.push(...renderAnnotation(a));
    }
  }
  return out.join('\n');
}

/**
 * The quote as a block quote ending in a link back to the passage, the note below it, then tags as
 * Obsidian reads them (`#tag`) and the colour and dates, the shape Obsidian and Readwise users keep.
 */
function renderAnnotation(a: Annotation): string[] {
  const lines = a.quote.split(/\r\n|\r|\n/).map((line) => (line.trim() ? `> ${escapeLine(line)}` : '>'));
  // An angle-bracket destination: a text directive's commas and parentheses cannot end the link early.
  lines.push(`> — [Open at this passage](<${passageLink(a.pageUrl, a.quote, a.selectors)}>)`, '');
  if (a.pageQuote !== undefined) lines.push(`*The story now reads:* ${escapeInline(a.pageQuote)}`, '');
  return [...lines, ...renderNote(a, [`Colour: ${a.color}`])];
}

/** The note, its tags, and the dates (after `facts`): all a page note has, and what follows a quote. */
function renderNote(a: Annotation, facts: readonly string[] = []): string[] {
  const lines: string[] = [];
  if (a.note.trim()) lines.push(...a.note.split(/\r\n|\r|\n/).map(escapeLine), '');
  if (a.tags.length) lines.push(a.tags.map(markdownTag).join(' '), '');
  const meta = [...facts, formatDate(a.createdAt)];
  if (a.updatedAt !== a.createdAt) meta.push(`edited ${formatDate(a.updatedAt)}`);
  if (!a.anchored) meta.push('not found on the page at last visit');
  lines.push(`*${meta.join(' · ')}*`, '');
  return lines;
}

/**
 * An Obsidian tag: `#` and one word of letters, digits, `_`, `-` and `/` (spaces become hyphens). A tag with
 * nothing of that left, or only digits, which Obsidian would not read as a tag, is written as plain text.
 */
export function markdownTag(tag: string): string {
  const word = tag
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}_\-/]/gu, '');
  return word && !/^\d+$/.test(word) ? `#${word}` : escapeInline(tag);
}

/** UTC, minutes: unambiguous for a file read anywhere, and stable for tests. */
function formatDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** Backslash-escapes CommonMark punctuation that could change structure or start HTML. */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~!]/g, '\\$&');
}

/** Also neutralises line starts that would become lists, headings or rules. */
function escapeLine(line: string): string {
  const escaped = escapeInline(line);
  // Digits are not escapable in CommonMark; the list marker's `.` or `)` is.
  return escaped.replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}
