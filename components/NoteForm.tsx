import type { ComponentChildren, Ref } from 'preact';
import { i18n } from '#i18n';
import type { HighlightColor } from '../storage/annotation';
import { ColorPicker } from './ColorPicker';
import { TagsField } from './Tags';

/**
 * The note, tags and (for a highlight) colour a reader edits in the popup and the library, with Cancel and
 * Save. Ctrl/Cmd+Enter saves from either field, Enter from the one-line tags, Escape cancels.
 */
export function NoteForm({
  id,
  label,
  placeholder,
  note,
  tags,
  color,
  busy,
  fieldRef,
  class: className,
  onNote,
  onTags,
  onColor,
  onSave,
  onCancel,
  children,
}: {
  /** Stem of the fields' ids (`id`, `${id}-tags`). */
  id: string;
  label: string;
  placeholder: string;
  note: string;
  tags: string;
  /** Shown as a colour picker; a page note has none. */
  color?: HighlightColor;
  busy: boolean;
  fieldRef?: Ref<HTMLTextAreaElement>;
  class?: string;
  onNote(value: string): void;
  onTags(value: string): void;
  onColor?(value: HighlightColor): void;
  onSave(): void;
  onCancel(): void;
  /** Below the buttons (an error, say). */
  children?: ComponentChildren;
}) {
  function keys(e: KeyboardEvent): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onSave();
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  }
  return (
    <div class={className ? `edit ${className}` : 'edit'}>
      <label class="visually-hidden" for={id}>
        {label}
      </label>
      <textarea
        id={id}
        value={note}
        rows={3}
        placeholder={placeholder}
        ref={fieldRef}
        onInput={(e) => onNote((e.target as HTMLTextAreaElement).value)}
        onKeyDown={keys}
      />
      <TagsField
        id={`${id}-tags`}
        value={tags}
        disabled={busy}
        onInput={onTags}
        onKeyDown={(e) => {
          // Enter in the one-line field saves, as in any form.
          if (e.key === 'Enter') {
            e.preventDefault();
            onSave();
          } else keys(e);
        }}
      />
      <div class="actions">
        {color && onColor && <ColorPicker value={color} onChange={onColor} />}
        <span class="spacer" />
        <button type="button" disabled={busy} onClick={onCancel}>
          {i18n.t('common.cancel')}
        </button>
        <button type="button" class="primary" disabled={busy} onClick={onSave}>
          {i18n.t('common.save')}
        </button>
      </div>
      {children}
    </div>
  );
}
