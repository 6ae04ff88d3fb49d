import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { type Annotation, DEFAULT_COLOR, isPageNote } from '../storage/annotation';
import { parseTagInput } from '../storage/tags';
import { type AnnotationActions, AnnotationCard } from './AnnotationCard';
import { ConflictChoice, type StoredVersion } from './ConflictChoice';
import { NoteForm } from './NoteForm';
import { forgetUnsaved, keepUnsaved, readUnsaved } from './unsaved';
import { useAction } from './use-action';

/** Writes a story's page note; resolves with the one it has instead when it had one already. */
export type CreatePageNote = (
  note: string,
  tags: string[],
) => Promise<(StoredVersion & { id: string }) | undefined>;

/**
 * A story's page note, above its highlights: the note as a card (edit, delete, copy), or a button that opens
 * an editor for one. What the reader types is kept through the popup closing (components/unsaved.ts).
 */
export function PageNoteSection({
  pageUrl,
  annotations,
  actions,
  onCreate,
}: {
  pageUrl: string;
  /** The story's annotations: its page notes are taken from them. */
  annotations: readonly Annotation[];
  actions: AnnotationActions;
  onCreate: CreatePageNote;
}) {
  const notes = annotations.filter(isPageNote);
  return (
    <section class="group group-story" aria-label={i18n.t('common.pageNote')}>
      <h2>{i18n.t('common.pageNote')}</h2>
      {notes.length > 0 && (
        <ul class="annotations">
          {notes.map((a) => (
            <AnnotationCard key={a.id} annotation={a} actions={actions} />
          ))}
        </ul>
      )}
      {/* Mounted even once a note exists: one written elsewhere meanwhile must not close the reader's. */}
      <NewPageNote
        key={pageUrl}
        pageUrl={pageUrl}
        offered={notes.length === 0}
        actions={actions}
        onCreate={onCreate}
      />
    </section>
  );
}

function NewPageNote({
  pageUrl,
  offered,
  actions,
  onCreate,
}: {
  pageUrl: string;
  /** Whether to offer to start one: not when the story has one. */
  offered: boolean;
  actions: AnnotationActions;
  onCreate: CreatePageNote;
}) {
  const unsavedKey = { newPageNote: pageUrl };
  const [kept] = useState(() => readUnsaved(unsavedKey));
  const [open, setOpen] = useState(kept !== null);
  const [note, setNote] = useState(kept?.note ?? '');
  const [tags, setTags] = useState(kept?.tagText ?? '');
  const { busy, error, run } = useAction();
  /** The story got a page note elsewhere while the reader wrote this one: both are shown. */
  const [conflict, setConflict] = useState<(StoredVersion & { id: string }) | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  /** Set by the reader's click on "Add": the editor they asked for takes the keyboard. */
  const [focusOnOpen, setFocusOnOpen] = useState(false);
  // Before the browser handles another event: a key typed right after the click lands in the field.
  useLayoutEffect(() => {
    if (open && focusOnOpen) field.current?.focus();
  }, [open, focusOnOpen]);

  /** Kept at once, in the handler, as on a card (AnnotationCard's `edit`). */
  function edit(change: Partial<{ note: string; tags: string }>): void {
    const next = { note, tags, ...change };
    setNote(next.note);
    setTags(next.tags);
    if (next.note !== '' || next.tags !== '')
      keepUnsaved(unsavedKey, { note: next.note, color: DEFAULT_COLOR, tagText: next.tags, base: null });
    else forgetUnsaved(unsavedKey);
  }

  function close(): void {
    forgetUnsaved(unsavedKey);
    setConflict(null);
    setOpen(false);
    setNote('');
    setTags('');
  }

  const save = () =>
    run(async () => {
      if (note.trim() === '') throw new Error(i18n.t('pageNote.empty'));
      const stored = await onCreate(note, parseTagInput(tags));
      if (stored) setConflict(stored);
      else close();
    });

  const keepMine = (stored: StoredVersion & { id: string }) =>
    run(async () => {
      const newer = await actions.onSave(
        stored.id,
        { note, color: stored.color, tags: parseTagInput(tags) },
        stored.updatedAt,
      );
      if (newer) setConflict({ ...newer, id: stored.id });
      else close();
    });

  if (!open && !offered) return null;
  if (!open)
    return (
      <button
        type="button"
        class="link add-page-note"
        onClick={() => {
          setFocusOnOpen(true);
          setOpen(true);
        }}
      >
        {i18n.t('pageNote.add')}
      </button>
    );
  if (conflict)
    return (
      <ConflictChoice
        mine={{ note, color: conflict.color, tags: parseTagInput(tags) }}
        stored={conflict}
        busy={busy}
        error={error}
        onKeepMine={() => void keepMine(conflict)}
        onUseStored={close}
      />
    );
  return (
    <NoteForm
      id={`page-note-${pageUrl}`}
      class="page-note-editor"
      label={i18n.t('common.pageNote')}
      placeholder={i18n.t('card.pageNotePlaceholder')}
      note={note}
      tags={tags}
      busy={busy}
      fieldRef={field}
      onNote={(value) => edit({ note: value })}
      onTags={(value) => edit({ tags: value })}
      onSave={() => void save()}
      onCancel={close}
    >
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </NoteForm>
  );
}
