import type { HighlightPaint } from '../annotator/highlighter';
import type { HighlightColor } from '../storage/annotation';

/**
 * Light tints under near-black text (#111): every pair keeps a contrast ratio above 12:1, so a highlight
 * never makes a passage harder to read, on light or dark sites.
 */
export const PALETTE: Record<HighlightColor, HighlightPaint & { label: string }> = {
  yellow: { label: 'Yellow', background: '#fff59d' },
  green: { label: 'Green', background: '#b9f6ca' },
  blue: { label: 'Blue', background: '#b3e5fc' },
  pink: { label: 'Pink', background: '#f8bbd0' },
  purple: { label: 'Purple', background: '#e1bee7' },
};
