import { type Annotation, isPageNote } from './annotation';
import { siteOf } from './search/terms';
import { passageLink } from './text-fragment';

/** A quote as the reader pastes it elsewhere: plain text, and HTML for editors that take it. */
export interface Citation {
  text: string;
  html: string;
  /** The link that opens the story at the passage. */
  link: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** The quote (a page note's note), where it is from (story, site, commenter) and a link to the passage. */
export function citation(a: Annotation): Citation {
  const link = passageLink(a.pageUrl, a.quote, a.selectors);
  const title = a.pageTitle.trim() || a.pageUrl;
  const site = siteOf(a.pageUrl);
  const commenter =
    a.region.kind === 'comment'
      ? a.region.author
        ? `comment by ${a.region.author}`
        : 'a reader comment'
      : '';
  const siteNote = site && site !== title ? ` (${site})` : '';
  const commenterNote = commenter ? `, ${commenter}` : '';
  // A page note quotes nothing: its note is what the reader passes on.
  const said = isPageNote(a) ? a.note : `“${a.quote}”`;
  const text = `${said}\n— ${title}${siteNote}${commenterNote}\n${link}`;
  const lines = escapeHtml(isPageNote(a) ? a.note : a.quote).replace(/\r\n|\r|\n/g, '<br>');
  const html =
    (isPageNote(a) ? `<p>${lines}</p>` : `<blockquote>${lines}</blockquote>`) +
    `<p>— <a href="${escapeHtml(link)}">${escapeHtml(title)}</a>${escapeHtml(siteNote + commenterNote)}</p>`;
  return { text, html, link };
}
