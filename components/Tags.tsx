import { i18n } from '#i18n';

/** The tags of one highlight: a text field in the editors, small chips in the popup. */

export function TagsField({
  id,
  value,
  disabled,
  onInput,
  onKeyDown,
}: {
  id: string;
  /** What the reader typed: tags separated by commas (see parseTagInput). */
  value: string;
  disabled?: boolean;
  onInput(value: string): void;
  onKeyDown?(e: KeyboardEvent): void;
}) {
  return (
    <>
      <label class="visually-hidden" for={id}>
        {i18n.t('common.tags')}
      </label>
      <input
        id={id}
        class="tags-input"
        type="text"
        value={value}
        disabled={disabled}
        placeholder={i18n.t('tags.placeholder')}
        autocomplete="off"
        spellcheck={false}
        onInput={(e) => onInput((e.target as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
      />
    </>
  );
}

export function TagList({ tags, onTag }: { tags: readonly string[]; onTag?(tag: string): void }) {
  if (tags.length === 0) return null;
  return (
    <ul class="tags" aria-label={i18n.t('common.tags')}>
      {tags.map((tag) => (
        <li key={tag}>
          {onTag ? (
            <button type="button" class="tag" title={i18n.t('tags.show', { tag })} onClick={() => onTag(tag)}>
              #{tag}
            </button>
          ) : (
            <span class="tag">#{tag}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
