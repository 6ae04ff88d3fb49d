import { i18n } from '#i18n';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../storage/annotation';
import { colorName, PALETTE } from './palette';

export interface ColorPickerProps {
  value: HighlightColor;
  onChange(color: HighlightColor): void;
}

/** Colour choice for extension pages (the note editor and the popup). */
export function ColorPicker({ value, onChange }: ColorPickerProps) {
  return (
    <div class="colors" role="radiogroup" aria-label={i18n.t('color.label')}>
      {HIGHLIGHT_COLORS.map((c) => (
        // biome-ignore lint/a11y/useSemanticElements: a swatch button is the familiar form of a colour choice
        <button
          key={c}
          type="button"
          role="radio"
          aria-checked={c === value}
          aria-label={colorName(c)}
          title={colorName(c)}
          class="swatch"
          style={{ background: PALETTE[c].background }}
          onClick={() => onChange(c)}
        />
      ))}
    </div>
  );
}
