import { HIGHLIGHT_COLORS, type HighlightColor } from '../storage/annotation';
import { PALETTE } from './palette';

export interface ColorPickerProps {
  value: HighlightColor;
  onChange(color: HighlightColor): void;
}

/** Colour choice for extension pages (the note editor and the popup). */
export function ColorPicker({ value, onChange }: ColorPickerProps) {
  return (
    <div class="colors" role="radiogroup" aria-label="Highlight colour">
      {HIGHLIGHT_COLORS.map((c) => (
        // biome-ignore lint/a11y/useSemanticElements: a swatch button is the familiar form of a colour choice
        <button
          key={c}
          type="button"
          role="radio"
          aria-checked={c === value}
          aria-label={PALETTE[c].label}
          title={PALETTE[c].label}
          class="swatch"
          style={{ background: PALETTE[c].background }}
          onClick={() => onChange(c)}
        />
      ))}
    </div>
  );
}
