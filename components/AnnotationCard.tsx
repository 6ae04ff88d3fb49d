import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { type Annotation, type HighlightColor, isPageNote } from '../storage/annotation';
import { formatTagInput, parseTagInput } from '../storage/tags';
import { ConflictChoice, type StoredVersion } from './ConflictChoice';
import { CopyQuote } from './CopyQuote';
import { EditedPassage } from './EditedPassage';
import { formatTime } from './format';
import { NoteForm } from './NoteForm';
import { TagList } from './Tags';
import { forgetUnsaved, keepUnsaved, readUnsaved } from './unsaved';

export interface AnnotationActions {
  /**
   * Saves an edit made on version `expectedUpdatedAt`; resolves with the stored version instead when that is
   * no longer the one stored (edited elsewhere meanwhile), so the card can show both.
   */
  onSave(
    id: string,
    patch: { note: string; color: HighlightColor; tags: string[] },
    expectedUpdatedAt: number,
  ): Promise<void | StoredVersion>;
  onDelete(id: string): Promise<void>;
  /** Shows the passage: in the current tab, or by opening its page. */
  onJump?(id: string): Promise<void>;
  /** What the jump does, as a tooltip. */
  jumpHint?: string;
  /** Lists the highlights carrying a tag (a click on the tag). */
  onTag?(tag: string): void;
}

/** One highlight in the popup: quote, note, colour and time, with edit, delete and jump. */
export function AnnotationCard({
  annotation,
  actions,
}: {
  annotation: Annotation;
  actions: AnnotationActions;
}) {
  const unsavedKey = { annotation: annotation.id };
  /** An edit the reader left unsaved (the popup closed on them): the card opens on it. */
  const [kept] = useState(() => readUnsaved(unsavedKey));
  const [editing, setEditing] = useState(kept !== null);
  const [note, setNote] = useState(kept?.note ?? annotation.note);
  const [color, setColor] = useState(kept?.color ?? annotation.color);
  const [tags, setTags] = useState(kept?.tagText ?? formatTagInput(annotation.tags));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The version the reader is editing: the card follows live changes, the edit stays on its version. */
  const [base, setBase] = useState(kept?.base ?? annotation.updatedAt);
  const [conflict, setConflict] = useState<StoredVersion | null>(null);
  const pageNote = isPageNote(annotation);

  /**
   * Every change the reader makes is kept at once, in the handler (an effect would run after the next paint,
   * and could write back an edit that Save or Cancel has just cleared).
   */
  function edit(change: Partial<{ note: string; color: HighlightColor; tags: string }>): void {
    const next = { note, color, tags, ...change };
    setNote(next.note);
    setColor(next.color);
    setTags(next.tags);
    const changed =
      next.note !== annotation.note ||
      next.color !== annotation.color ||
      next.tags !== formatTagInput(annotation.tags);
    if (changed) keepUnsaved(unsavedKey, { note: next.note, color: next.color, tagText: next.tags, base });
    else forgetUnsaved(unsavedKey);
  }

  function stopEditing(): void {
    forgetUnsaved(unsavedKey);
    setEditing(false);
  }

  async function run(action: () => Promise<void>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  function startEditing(): void {
    setNote(annotation.note);
    setColor(annotation.color);
    setTags(formatTagInput(annotation.tags));
    setBase(annotation.updatedAt);
    setConflict(null);
    setEditing(true);
  }

  async function save(version = base): Promise<void> {
    if (busy) return;
    const patch = { note, color, tags: parseTagInput(tags) };
    let stored: StoredVersion | null = null;
    const saved = await run(async () => {
      stored = (await actions.onSave(annotation.id, patch, version)) ?? null;
    });
    if (!saved) return;
    if (stored) setConflict(stored);
    else {
      setConflict(null);
      stopEditing();
    }
  }

  function useStored(stored: StoredVersion): void {
    setNote(stored.note);
    setColor(stored.color);
    setTags(formatTagInput(stored.tags));
    setBase(stored.updatedAt);
    setConflict(null);
  }

  const jump = actions.onJump;
  return (
    <li
      class={`card${annotation.anchored ? '' : ' orphaned'}${pageNote ? ' page-note' : ''}`}
      data-annotation-id={annotation.id}
    >
      {pageNote ? (
        <h3 class="page-note-label">{i18n.t('common.pageNote')}</h3>
      ) : jump ? (
        <button
          type="button"
          class="quote-button"
          title={actions.jumpHint ?? i18n.t('card.showOnPage')}
          onClick={() => run(() => jump(annotation.id))}
        >
          <blockquote class={`quote color-${annotation.color}`}>{annotation.quote}</blockquote>
        </button>
      ) : (
        <blockquote class={`quote color-${annotation.color}`}>{annotation.quote}</blockquote>
      )}
      {editing && conflict ? (
        <ConflictChoice
          mine={{ note, color, tags: parseTagInput(tags) }}
          stored={conflict}
          busy={busy}
          error={null}
          onKeepMine={() => void save(conflict.updatedAt)}
          onUseStored={() => useStored(conflict)}
        />
      ) : editing ? (
        <NoteForm
          id={`note-${annotation.id}`}
          label={pageNote ? i18n.t('common.pageNote') : i18n.t('common.note')}
          placeholder={pageNote ? i18n.t('card.pageNotePlaceholder') : i18n.t('card.notePlaceholder')}
          note={note}
          tags={tags}
          {...(pageNote ? {} : { color, onColor: (value: HighlightColor) => edit({ color: value }) })}
          busy={busy}
          onNote={(value) => edit({ note: value })}
          onTags={(value) => edit({ tags: value })}
          onSave={() => void save()}
          onCancel={stopEditing}
        />
      ) : (
        <>
          <EditedPassage annotation={annotation} />
          {annotation.note && <p class="note">{annotation.note}</p>}
          <TagList tags={annotation.tags} onTag={actions.onTag} />
        </>
      )}
      <div class="meta">
        {!annotation.anchored && (
          <span class="badge" title={i18n.t('card.orphanedHint')}>
            {i18n.t('card.orphaned')}
          </span>
        )}
        <time dateTime={new Date(annotation.createdAt).toISOString()}>
          {formatTime(annotation.createdAt)}
        </time>
        <span class="spacer" />
        <CopyQuote annotation={annotation} />
        {!editing && (
          <button type="button" class="link" disabled={busy} onClick={startEditing}>
            {pageNote || annotation.note || annotation.tags.length > 0
              ? i18n.t('card.edit')
              : i18n.t('card.addNote')}
          </button>
        )}
        <button
          type="button"
          class="link danger"
          disabled={busy}
          aria-label={
            pageNote
              ? i18n.t('card.deletePageNote')
              : i18n.t('card.deleteHighlight', { quote: annotation.quote.slice(0, 40) })
          }
          onClick={() => run(() => actions.onDelete(annotation.id))}
        >
          {i18n.t('common.delete')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
