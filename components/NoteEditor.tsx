import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { HighlightColor } from '../storage/annotation';
import { formatTagInput, parseTagInput } from '../storage/tags';
import { ColorPicker } from './ColorPicker';
import { ConflictChoice, type StoredVersion } from './ConflictChoice';
import { TagsField } from './Tags';

export interface NoteEditorProps {
  quote: string;
  initialNote: string;
  initialColor: HighlightColor;
  initialTags?: readonly string[];
  /** An existing highlight (offers delete) rather than a new one. */
  existing: boolean;
  /**
   * Saves; resolves with the stored version instead when it changed since the editor opened (another window
   * edited it): the editor then shows both and the reader chooses. `overwrite` is the stored version the
   * reader chose to replace.
   */
  onSave(
    note: string,
    color: HighlightColor,
    tags: string[],
    overwrite?: number,
  ): Promise<void | StoredVersion>;
  /** Every change as it is typed, so the host can keep it (a stopped worker or a navigation loses nothing). */
  onChange?(note: string, color: HighlightColor, tags: string[]): void;
  onDeleteHighlight?(): Promise<void>;
  /** Escape: the editor goes, and what was typed is kept for later. */
  onClose(): void;
  /** Cancel: the reader drops what they typed (defaults to onClose). */
  onCancel?(): void;
  /** The reader picked another colour (not saved yet): the page can show it on the passage. */
  onColorPreview?(color: HighlightColor): void;
}

/** The private note editor, shown in an extension-page frame so the page's scripts cannot read the note. */
export function NoteEditor(props: NoteEditorProps) {
  const [note, setNote] = useState(props.initialNote);
  const [color, setColor] = useState(props.initialColor);
  const [tags, setTags] = useState(formatTagInput(props.initialTags ?? []));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<StoredVersion | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  // A second Save (Ctrl+Enter again) while the first is in flight must not save twice; state updates come
  // a render late, a ref at once.
  const inFlight = useRef(false);
  const { onChange } = props;

  useEffect(() => textarea.current?.focus(), []);
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) onChange?.(note, color, parseTagInput(tags));
    mounted.current = true;
  }, [note, color, tags, onChange]);

  /** Runs a save or delete once at a time; after one that succeeded the editor stays disabled until it closes. */
  async function run(action: () => Promise<boolean>): Promise<void> {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    let finished = false;
    try {
      finished = await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (!finished) {
        inFlight.current = false;
        setBusy(false);
      }
    }
  }

  const save = (overwrite?: number) =>
    run(async () => {
      const stored = await props.onSave(note, color, parseTagInput(tags), overwrite);
      setConflict(stored ?? null);
      return !stored;
    });

  function useStored(stored: StoredVersion): void {
    setNote(stored.note);
    setColor(stored.color);
    setTags(formatTagInput(stored.tags));
    setConflict(null);
    props.onColorPreview?.(stored.color);
  }

  if (conflict) {
    return (
      <ConflictChoice
        mine={{ note, color, tags: parseTagInput(tags) }}
        stored={conflict}
        busy={busy}
        error={error}
        onKeepMine={() => void save(conflict.updatedAt)}
        onUseStored={() => useStored(conflict)}
      />
    );
  }

  function onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      props.onClose();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    }
  }

  return (
    <form
      class="note-editor"
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <blockquote class={`quote color-${color}`} title={props.quote}>
        {props.quote}
      </blockquote>
      <div class="row">
        <ColorPicker
          value={color}
          onChange={(c) => {
            setColor(c);
            props.onColorPreview?.(c);
          }}
        />
        {props.existing && props.initialNote && (
          <button type="button" class="link" disabled={busy} onClick={() => setNote('')}>
            {i18n.t('editor.clearNote')}
          </button>
        )}
      </div>
      <label class="visually-hidden" for="gloss-note">
        {i18n.t('common.note')}
      </label>
      <textarea
        id="gloss-note"
        ref={textarea}
        value={note}
        placeholder={i18n.t('editor.placeholder')}
        onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
        rows={4}
      />
      <TagsField id="gloss-tags" value={tags} disabled={busy} onInput={setTags} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        {props.existing && props.onDeleteHighlight && (
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() =>
              run(async () => {
                await props.onDeleteHighlight?.();
                return true;
              })
            }
          >
            {i18n.t('editor.deleteHighlight')}
          </button>
        )}
        <span class="spacer" />
        <button type="button" disabled={busy} onClick={props.onCancel ?? props.onClose}>
          {i18n.t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {i18n.t('common.save')}
        </button>
      </div>
    </form>
  );
}
