import type { PageSession } from '../session';
import type { EditorFeature } from './editor';
import type { HighlightingFeature } from './highlighting';

const SHORTCUT = { key: 'h', altKey: true, shiftKey: true };

/** Alt+Shift+H highlights the selection; Escape closes the toolbar or the editor. */
export function startKeys(
  session: PageSession,
  highlighting: HighlightingFeature,
  editor: EditorFeature,
): void {
  const { ui } = session;
  session.onReader('keydown', (e) => {
    if (e.key === 'Escape' && (ui.toolbarOpen || ui.editorOpen)) {
      ui.hideToolbar();
      editor.close();
      return;
    }
    if (
      e.key.toLowerCase() === SHORTCUT.key &&
      e.altKey === SHORTCUT.altKey &&
      e.shiftKey === SHORTCUT.shiftKey
    ) {
      const range = session.selection();
      if (range) {
        e.preventDefault();
        void highlighting.highlight(range);
      }
    }
  });
}
