import { i18n } from '#i18n';
import type { HighlightPaint } from '../annotator/highlighter';
import type { HighlightColor } from '../storage/annotation';

/**
 * Light tints under near-black text (#111): every pair keeps a contrast ratio above 12:1, so a highlight
 * never makes a passage harder to read, on light or dark sites.
 */
export const PALETTE: Record<HighlightColor, HighlightPaint> = {
  yellow: { background: '#fff59d' },
  green: { background: '#b9f6ca' },
  blue: { background: '#b3e5fc' },
  pink: { background: '#f8bbd0' },
  purple: { background: '#e1bee7' },
};

/** The colour's name, as a swatch's label. */
export function colorName(color: HighlightColor): string {
  return i18n.t(`color.${color}`);
}
