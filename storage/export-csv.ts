import { type Annotation, isPageNote } from './annotation';
import type { PageRow } from './db';
import { siteOf } from './search/terms';
import { passageLink } from './text-fragment';

/**
 * CSV in the shape Readwise imports (https://readwise.io/import_bulk): one row per highlight, columns
 * Highlight, Title, Author, URL, Note, Location, Date. Readwise makes one "book" of each Title and Author,
 * so Author is the story's site, the same for the article's quotes and the comments'; a comment's author
 * goes into its Note, and tags become Readwise's inline tags (`.tag`) there too.
 */

export const CSV_COLUMNS = ['Highlight', 'Title', 'Author', 'URL', 'Note', 'Location', 'Date'] as const;

/** Readwise's own date layout; UTC, so a file means the same wherever it is read. */
function csvDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A spreadsheet runs a cell that starts with one of these as a formula, and a hostile page could make a
 * reader highlight `=HYPERLINK(...)`: such a cell is written with a leading apostrophe, which spreadsheets
 * read as "text".
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function csvHeader(): string {
  return csvLine(CSV_COLUMNS);
}

/** A Readwise inline tag: a dot, then the tag with its spaces as hyphens (Readwise tags are one word). */
function readwiseTag(tag: string): string {
  return `.${tag.trim().replace(/\s+/g, '-')}`;
}

function csvNote(a: Annotation): string {
  const lines: string[] = [];
  if (a.tags.length) lines.push(a.tags.map(readwiseTag).join(' '));
  // A page note's note is its Highlight: Readwise has no row without one.
  if (isPageNote(a)) lines.push('(a note on the whole story)');
  else if (a.note.trim()) lines.push(a.note);
  if (a.region.kind === 'comment') {
    lines.push(a.region.author ? `(from a comment by ${a.region.author})` : '(from a reader comment)');
  }
  return lines.join('\n');
}

/**
 * One story's rows, in reading order (Location counts from 1 within the story: where on the page, when the
 * passage's position is known, else the order saved).
 */
export function csvRows(list: readonly Annotation[], page?: PageRow): string {
  const position = (a: Annotation) => {
    const s = a.selectors.find((x) => x.type === 'TextPositionSelector');
    if (isPageNote(a)) return Number.NEGATIVE_INFINITY; // The story as a whole comes first.
    return s?.type === 'TextPositionSelector' ? s.start : Number.POSITIVE_INFINITY;
  };
  const sorted = [...list].sort((a, b) => position(a) - position(b) || a.createdAt - b.createdAt);
  const title = page?.title || sorted.findLast((a) => a.pageTitle)?.pageTitle || sorted[0]?.pageUrl || '';
  return sorted
    .map((a, i) =>
      csvLine([
        isPageNote(a) ? a.note : a.quote,
        title,
        siteOf(a.pageUrl),
        passageLink(a.pageUrl, a.quote, a.selectors),
        csvNote(a),
        String(i + 1),
        csvDate(a.createdAt),
      ]),
    )
    .join('');
}
