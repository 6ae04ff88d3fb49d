import { i18n } from '#i18n';
import { SUGGESTED_SHORTCUTS } from '../messaging/commands';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../storage/annotation';
import { colorName, PALETTE } from './palette';

export interface SelectionToolbarProps {
  color: HighlightColor;
  onColor(color: HighlightColor): void;
  onHighlight(): void;
  onAddNote(): void;
}

/** Keeps the page's selection alive while the reader clicks the toolbar. */
function keepSelection(e: MouseEvent): void {
  e.preventDefault();
}

export function SelectionToolbar({ color, onColor, onHighlight, onAddNote }: SelectionToolbarProps) {
  return (
    <div class="toolbar" role="toolbar" aria-label={i18n.t('extension.name')} onMouseDown={keepSelection}>
      <div class="swatches" role="radiogroup" aria-label={i18n.t('color.label')}>
        {HIGHLIGHT_COLORS.map((c) => (
          // biome-ignore lint/a11y/useSemanticElements: a swatch button is the familiar form of a colour choice
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={c === color}
            aria-label={colorName(c)}
            title={colorName(c)}
            class="swatch"
            style={{ background: PALETTE[c].background }}
            onClick={() => onColor(c)}
          />
        ))}
      </div>
      <button
        type="button"
        class="action primary"
        onClick={onHighlight}
        title={i18n.t('toolbar.highlightHint', { shortcut: SUGGESTED_SHORTCUTS.highlight })}
      >
        {i18n.t('toolbar.highlight')}
      </button>
      <button type="button" class="action" onClick={onAddNote}>
        {i18n.t('toolbar.addNote')}
      </button>
    </div>
  );
}
