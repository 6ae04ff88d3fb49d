import { useCallback, useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { type Annotation, isPageNote } from '../../storage/annotation';
import type { Headline } from '../../storage/db';
import { siteOf } from '../../storage/search/terms';
import { type AnnotationActions, AnnotationCard } from '../AnnotationCard';
import { formatDay } from '../format';
import { PageNoteSection } from '../PageNote';
import type { LibraryApi } from './api';

/**
 * One story: its page note, then its highlights in the order they were made, each to edit, delete, copy or
 * open the story at.
 */
export function StoryView({
  api,
  url,
  generation,
  onBack,
  onTag,
}: {
  api: LibraryApi;
  url: string;
  generation: number;
  onBack(): void;
  /** Lists the highlights carrying a tag. */
  onTag(tag: string): void;
}) {
  const [annotations, setAnnotations] = useState<Annotation[] | null>(null);
  const [headlines, setHeadlines] = useState<Headline[]>([]);
  const [error, setError] = useState<string | null>(null);
  /** The last one deleted here, which the reader can still put back. */
  const [deleted, setDeleted] = useState<{ id: string; label: string } | null>(null);

  const reload = useCallback(
    () =>
      api
        .storyAnnotations(url)
        .then(setAnnotations, (e: unknown) => setError(e instanceof Error ? e.message : String(e))),
    [api, url],
  );
  useEffect(() => {
    let current = true;
    api
      .storyAnnotations(url)
      .then((list) => current && setAnnotations(list))
      .catch((e: unknown) => current && setError(e instanceof Error ? e.message : String(e)));
    // The history is a detail: without it the story still shows.
    api.headlines(url).then(
      (list) => current && setHeadlines(list),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [api, url, generation]);

  const actions: AnnotationActions = {
    async onSave(id, patch, expectedUpdatedAt) {
      const stored = await api.update(id, patch, expectedUpdatedAt);
      if (stored) return stored;
      await reload();
    },
    async onDelete(id) {
      const gone = annotations?.find((a) => a.id === id);
      await api.remove(id);
      setDeleted({ id, label: gone ? (isPageNote(gone) ? gone.note : gone.quote) : '' });
      await reload();
    },
    onJump: (id) => api.openAt(url, id),
    jumpHint: i18n.t('story.openAtPassage'),
    onTag,
  };

  async function undoDelete(): Promise<void> {
    if (!deleted) return;
    setDeleted(null);
    try {
      await api.undoDelete(deleted.id);
      await reload();
    } catch (e) {
      setError(i18n.t('story.undoFailed', { reason: e instanceof Error ? e.message : String(e) }));
    }
  }

  // The headline the story shows now, when a tab has seen it since; else the one it had when last annotated.
  const title = headlines.at(-1)?.title || annotations?.findLast((a) => a.pageTitle)?.pageTitle || url;
  const highlights = (annotations ?? []).filter((a) => !isPageNote(a));
  return (
    <section class="story-view" aria-label={i18n.t('story.label', { title })}>
      <div class="actions">
        <button type="button" onClick={onBack}>
          {i18n.t('story.back')}
        </button>
        <h2>{title}</h2>
        <span class="meta">{siteOf(url)}</span>
      </div>
      <HeadlineHistory headlines={headlines} />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {deleted && (
        <p role="status" class="status undo">
          <span>
            {i18n.t('common.deleted', {
              text: deleted.label.length > 60 ? `${deleted.label.slice(0, 60)}…` : deleted.label,
            })}
          </span>
          <button type="button" class="link" onClick={undoDelete}>
            {i18n.t('common.undo')}
          </button>
        </p>
      )}
      {annotations && (
        <PageNoteSection
          pageUrl={url}
          annotations={annotations}
          actions={actions}
          onCreate={async (note, tags) => {
            const stored = await api.createPageNote(url, title === url ? '' : title, note, tags);
            await reload();
            return stored;
          }}
        />
      )}
      <section class="group" aria-label={i18n.t('library.highlights')}>
        <h2>{i18n.t('library.highlights')}</h2>
        <ul class="annotations">
          {highlights.map((a) => (
            <AnnotationCard key={a.id} annotation={a} actions={actions} />
          ))}
        </ul>
      </section>
    </section>
  );
}

/** The story's earlier headlines, when it had any: news sites rewrite them after publication. */
function HeadlineHistory({ headlines }: { headlines: readonly Headline[] }) {
  if (headlines.length < 2) return null;
  const changes = headlines.length - 1;
  return (
    <details class="headlines">
      <summary>{i18n.t('story.headlineChanged', changes, { count: changes })}</summary>
      <ol>
        {headlines.map((h) => (
          <li key={`${h.seenAt}:${h.title}`}>
            <time dateTime={new Date(h.seenAt).toISOString()}>{formatDay(h.seenAt)}</time> {h.title}
          </li>
        ))}
      </ol>
    </details>
  );
}
