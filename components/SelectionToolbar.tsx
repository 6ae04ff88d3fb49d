import { HIGHLIGHT_COLORS, type HighlightColor } from '../storage/annotation';
import { PALETTE } from './palette';

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
    <div class="toolbar" role="toolbar" aria-label="Gloss" onMouseDown={keepSelection}>
      <div class="swatches" role="radiogroup" aria-label="Highlight colour">
        {HIGHLIGHT_COLORS.map((c) => (
          // biome-ignore lint/a11y/useSemanticElements: a swatch button is the familiar form of a colour choice
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={c === color}
            aria-label={PALETTE[c].label}
            title={PALETTE[c].label}
            class="swatch"
            style={{ background: PALETTE[c].background }}
            onClick={() => onColor(c)}
          />
        ))}
      </div>
      <button type="button" class="action primary" onClick={onHighlight} title="Highlight (Alt+Shift+H)">
        Highlight
      </button>
      <button type="button" class="action" onClick={onAddNote}>
        Add note
      </button>
    </div>
  );
}
