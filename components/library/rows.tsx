import type { PageSummary } from '../../messaging/protocol';
import { type Annotation, isPageNote } from '../../storage/annotation';
import { siteOf } from '../../storage/search/terms';
import { CopyQuote } from '../CopyQuote';
import { PALETTE } from '../palette';
import { markMatches } from './marks';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const countFormat = new Intl.NumberFormat();

export function formatDay(ms: number): string {
  return dateFormat.format(new Date(ms));
}

export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** Text with the search's matches in <mark>. */
export function Marked({ text, terms }: { text: string; terms: readonly string[] }) {
  return (
    <>
      {markMatches(text, terms).map((s, i) =>
        s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
      )}
    </>
  );
}

/** One story in the library: title, site, last activity and how many highlights. */
export function StoryRow({ story }: { story: PageSummary | undefined }) {
  if (!story) return <div class="row-loading">Loading…</div>;
  return (
    <div class="story">
      <p class="story-title">{story.title || story.url}</p>
      <p class="meta">
        <span>{siteOf(story.url)}</span>
        <span>{formatDay(story.updatedAt)}</span>
        <span>
          {formatCount(story.count)} {story.count === 1 ? 'highlight' : 'highlights'}
        </span>
      </p>
    </div>
  );
}

/**
 * One highlight (or page note) in the library's results: its quote and note with matches marked, and where
 * it is from.
 */
export function AnnotationRow({
  annotation,
  terms,
  selected = false,
  onToggle,
}: {
  annotation: Annotation | undefined;
  terms: readonly string[];
  selected?: boolean;
  /** Given in a list with a selection: the row shows a checkbox. */
  onToggle?: () => void;
}) {
  if (!annotation) return <div class="row-loading">Loading…</div>;
  const commenter = annotation.region.kind === 'comment' ? annotation.region.author : null;
  const pageNote = isPageNote(annotation);
  const label = (pageNote ? annotation.note : annotation.quote).slice(0, 40);
  return (
    <div class={`hit${onToggle ? ' selectable' : ''}${selected ? ' selected' : ''}`}>
      {onToggle && (
        <input
          type="checkbox"
          class="select"
          tabIndex={-1}
          checked={selected}
          aria-label={`Select “${label}”`}
          onChange={onToggle}
        />
      )}
      {pageNote ? (
        <p class="page-note-label">Page note</p>
      ) : (
        <p class={`quote color-${annotation.color}`}>
          <Marked text={annotation.quote} terms={terms} />
        </p>
      )}
      {annotation.note && (
        <p class="note">
          <Marked text={annotation.note} terms={terms} />
        </p>
      )}
      <p class="meta">
        {!pageNote && <span class="dot" style={{ background: PALETTE[annotation.color].background }} />}
        <span class="story-name">
          <Marked text={annotation.pageTitle || annotation.pageUrl} terms={terms} />
        </span>
        <span>{siteOf(annotation.pageUrl)}</span>
        <span>{formatDay(annotation.createdAt)}</span>
        {annotation.pageQuote !== undefined && (
          <span class="badge" title={`The story now reads: ${annotation.pageQuote}`}>
            edited since saved
          </span>
        )}
        {commenter && (
          <span>
            comment by <Marked text={commenter} terms={terms} />
          </span>
        )}
        {annotation.tags.map((tag) => (
          <span key={tag} class="tag">
            #<Marked text={tag} terms={terms} />
          </span>
        ))}
        <span class="spacer" />
        <CopyQuote annotation={annotation} />
      </p>
    </div>
  );
}
