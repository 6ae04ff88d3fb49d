import { i18n } from '#i18n';
import type { PageSummary } from '../../messaging/protocol';
import { type Annotation, isPageNote } from '../../storage/annotation';
import { siteOf } from '../../storage/search/terms';
import { CopyQuote } from '../CopyQuote';
import { formatDay, highlightCount } from '../format';
import { PALETTE } from '../palette';
import { markMatches } from './marks';

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
  if (!story) return <div class="row-loading">{i18n.t('common.loading')}</div>;
  return (
    <div class="story">
      <p class="story-title">{story.title || story.url}</p>
      <p class="meta">
        <span>{siteOf(story.url)}</span>
        <span>{formatDay(story.updatedAt)}</span>
        <span>{highlightCount(story.count)}</span>
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
  if (!annotation) return <div class="row-loading">{i18n.t('common.loading')}</div>;
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
          aria-label={i18n.t('library.select', { text: label })}
          onChange={onToggle}
        />
      )}
      {pageNote ? (
        <p class="page-note-label">{i18n.t('common.pageNote')}</p>
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
          <span class="badge" title={i18n.t('library.nowReads', { quote: annotation.pageQuote })}>
            {i18n.t('library.edited')}
          </span>
        )}
        {commenter && <CommentBy author={commenter} terms={terms} />}
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

/** Marks a slot in a message, so a component (the marked name) can stand where the language puts it. */
const SLOT = '\u0000';

/** "comment by Ada", with the name's matches marked. */
function CommentBy({ author, terms }: { author: string; terms: readonly string[] }) {
  const [before, after] = i18n.t('library.commentBy', { author: SLOT }).split(SLOT);
  return (
    <span>
      {before}
      <Marked text={author} terms={terms} />
      {after}
    </span>
  );
}
