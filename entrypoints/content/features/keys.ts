import { handoff } from '../handoff';
import type { PageSession } from '../session';
import { shortcutAction } from '../shortcut';
import type { EditorFeature } from './editor';
import type { HighlightingFeature } from './highlighting';
import type { VisibilityFeature } from './visibility';

/** A shortcut the loader saw this long before Gloss started in the frame is still the reader's request. */
const SHORTCUT_HANDOFF_MS = 2_000;

/**
 * The reader's keys for Gloss's commands, as bound in the browser (PagePrefs.shortcuts): highlight, add a
 * note, show or hide the highlights; Escape closes the toolbar or the editor.
 */
export function startKeys(
  session: PageSession,
  features: { highlighting: HighlightingFeature; editor: EditorFeature; visibility: VisibilityFeature },
): void {
  const { ui } = session;
  const { highlighting, editor, visibility } = features;

  function onSelection(action: 'highlight' | 'addNote', range: Range): void {
    if (action === 'highlight') void highlighting.highlight(range);
    else void editor.addNote(range);
  }

  const record = handoff(window);
  const asked = record.shortcut;
  record.shortcut = null;
  if (asked && performance.now() - asked.at < SHORTCUT_HANDOFF_MS) {
    const range = session.selection();
    if (range) onSelection(asked.action, range);
  }

  session.onReader('keydown', (e) => {
    if (e.key === 'Escape' && (ui.toolbarOpen || ui.editorOpen)) {
      ui.hideToolbar();
      editor.close();
      return;
    }
    if (session.prefs.off) return;
    const action = shortcutAction(e, session.prefs.shortcuts);
    if (action === 'toggleHighlights') {
      e.preventDefault();
      visibility.toggle();
      return;
    }
    const range = action ? session.selection() : null;
    if (action && range) {
      e.preventDefault();
      onSelection(action, range);
    }
  });
}
