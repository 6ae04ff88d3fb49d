import { useEffect, useRef, useState } from 'preact/hooks';
import type { HighlightColor } from '../storage/annotation';
import { formatTagInput, parseTagInput } from '../storage/tags';
import { ColorPicker } from './ColorPicker';
import { TagsField } from './Tags';

export interface NoteEditorProps {
  quote: string;
  initialNote: string;
  initialColor: HighlightColor;
  initialTags?: readonly string[];
  /** An existing highlight (offers delete) rather than a new one. */
  existing: boolean;
  onSave(note: string, color: HighlightColor, tags: string[]): Promise<void>;
  onDeleteHighlight?(): Promise<void>;
  onClose(): void;
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
  const textarea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => textarea.current?.focus(), []);

  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  const save = () => run(() => props.onSave(note, color, parseTagInput(tags)));

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
            Clear note
          </button>
        )}
      </div>
      <label class="visually-hidden" for="gloss-note">
        Note
      </label>
      <textarea
        id="gloss-note"
        ref={textarea}
        value={note}
        placeholder="A private note: only you can read it"
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
            onClick={() => props.onDeleteHighlight && run(props.onDeleteHighlight)}
          >
            Delete highlight
          </button>
        )}
        <span class="spacer" />
        <button type="button" disabled={busy} onClick={props.onClose}>
          Cancel
        </button>
        <button type="submit" class="primary" disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}
