import { handoff } from '../handoff';
import type { PageSession } from '../session';
import { isHighlightShortcut } from '../shortcut';
import type { EditorFeature } from './editor';
import type { HighlightingFeature } from './highlighting';

/** A shortcut the loader saw this long before Gloss started in the frame is still the reader's request. */
const SHORTCUT_HANDOFF_MS = 2_000;

/** Alt+Shift+H highlights the selection; Escape closes the toolbar or the editor. */
export function startKeys(
  session: PageSession,
  highlighting: HighlightingFeature,
  editor: EditorFeature,
): void {
  const { ui } = session;
  const record = handoff(window);
  if (performance.now() - record.shortcutAt < SHORTCUT_HANDOFF_MS) {
    const range = session.selection();
    if (range) void highlighting.highlight(range);
  }
  record.shortcutAt = Number.NEGATIVE_INFINITY;
  session.onReader('keydown', (e) => {
    if (e.key === 'Escape' && (ui.toolbarOpen || ui.editorOpen)) {
      ui.hideToolbar();
      editor.close();
      return;
    }
    if (isHighlightShortcut(e) && !session.prefs.off) {
      const range = session.selection();
      if (range) {
        e.preventDefault();
        void highlighting.highlight(range);
      }
    }
  });
}
