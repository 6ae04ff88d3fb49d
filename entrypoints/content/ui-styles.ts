import { BADGE_HEIGHT, BADGE_WIDTH } from '../../annotator/note-markers';

/** Styles of Gloss's UI inside its shadow root; the host resets inherited page styles with all: initial. */
export const UI_CSS = `
:host { all: initial; }
.mount { display: contents; }
.anchor { position: fixed; z-index: 2147483647; }
/* On the document's origin, as wide as the page: badges scroll with the text; none reaches past the right
   edge (a scroll bar appearing would tell the page where one is). Nothing here takes a click or a hit test. */
.note-layer {
  position: absolute; top: 0; left: 0; width: 100%; height: 0;
  overflow-x: clip; overflow-y: visible; z-index: 2147483647;
  pointer-events: none; user-select: none; -webkit-user-select: none;
}
/* A small speech bubble perched on the end of the passage: dark, with a light rim for dark pages. */
.note-badge {
  position: absolute; top: 0; left: 0; width: ${BADGE_WIDTH}px; height: ${BADGE_HEIGHT}px;
  box-sizing: border-box; pointer-events: none;
  background: #2b303b; border: 1.5px solid #fff; border-radius: 6px 6px 6px 1.5px;
  box-shadow: 0 1px 2px rgba(0,0,0,.35);
}
.note-badge::before, .note-badge::after {
  content: ''; position: absolute; left: 2.5px; height: 1.5px; border-radius: 1px; background: #fff;
}
/* Two lines of "text" in the bubble, the second shorter: a note, not a menu. */
.note-badge::before { top: 2.5px; right: 2.5px; }
.note-badge::after { top: 5.5px; right: 5px; }
.note-badge.rtl { border-radius: 6px 6px 1.5px 6px; }
.note-badge.rtl::after { left: 5px; right: 2.5px; }
/* Printed pages lay out anew: badges placed for the screen would land in the wrong places. */
@media print { .note-layer { display: none; } }
.toolbar {
  display: flex; align-items: center; gap: 6px; padding: 6px 8px;
  background: #1f2430; color: #fff; border-radius: 10px;
  box-shadow: 0 6px 24px rgba(0,0,0,.28), 0 1px 3px rgba(0,0,0,.3);
  font: 500 13px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  user-select: none; -webkit-user-select: none;
}
.swatches { display: flex; gap: 4px; margin-right: 4px; }
.swatch {
  width: 20px; height: 20px; padding: 0; border-radius: 50%; cursor: pointer;
  border: 2px solid rgba(255,255,255,.25); box-sizing: border-box;
}
.swatch[aria-checked="true"] { border-color: #fff; box-shadow: 0 0 0 2px #1f2430, 0 0 0 4px #8ab4ff; }
.action {
  all: unset; cursor: pointer; padding: 6px 10px; border-radius: 6px; color: #fff;
  font: 600 13px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; white-space: nowrap;
}
.action:hover, .action:focus-visible { background: rgba(255,255,255,.14); }
.action:focus-visible, .swatch:focus-visible { outline: 2px solid #8ab4ff; outline-offset: 1px; }
.action.primary { background: #fff59d; color: #1f2430; }
.action.primary:hover { background: #fff176; }
.editor {
  display: block; border: 0; border-radius: 12px; background: #fff;
  box-shadow: 0 10px 32px rgba(0,0,0,.28), 0 1px 4px rgba(0,0,0,.25);
}
.toast-anchor { right: 16px; bottom: 16px; }
.toast {
  display: flex; gap: 12px; align-items: flex-start; max-width: 360px; padding: 12px 14px;
  background: #b3261e; color: #fff; border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.3);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
.toast.info { background: #263238; align-items: center; }
.toast-action {
  all: unset; cursor: pointer; font-weight: 600; color: #ffe082; padding: 2px 6px; border-radius: 6px;
}
.toast-action:hover, .toast-action:focus-visible { background: rgba(255,255,255,.12); }
.dismiss { all: unset; cursor: pointer; font-size: 18px; line-height: 1; padding: 0 2px; }
`;
