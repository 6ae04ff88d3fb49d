import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { request } from '../../../messaging/client';
import type { HighlightColor } from '../../../storage/annotation';
import { messageOf, type PageSession } from '../session';

/** While the note editor is open on a new highlight, its passage stays marked on the page. */
const DRAFT_PAINT = 'pending-draft';

/** The note editor's address: the extension page, with its one-time ticket where the page cannot read it. */
function editorUrl(ticket: string): string {
  return `${browser.runtime.getURL('/note.html')}#${ticket}`;
}

export interface EditorFeature {
  /** Opens the editor the background issued `ticket` for, next to `range`. */
  openOn(ticket: string, range: Range, draft: { color: HighlightColor } | { id: string }): void;
  /** Starts a note on a new highlight of the selection. */
  addNote(range: Range): Promise<void>;
  /** Opens a saved highlight's note. */
  openFor(id: string): Promise<void>;
  /** Closes the editor frame; what was typed stays in its draft. */
  close(): void;
  /** The background closed the editor (after a deletion there the page offers Undo); false: none open here. */
  closedByGloss(deleted?: string): boolean;
  /** Offers to put back a highlight the reader deleted (in the editor or from the context menu). */
  offerUndo(id: string): void;
  /** Shows the colour the reader is trying on the passage; false when no editor is open here. */
  preview(color: HighlightColor): boolean;
}

/** The note editor frame on the page: opening it on a ticket, the colour preview, and Undo after a delete. */
export function startEditor(session: PageSession): EditorFeature {
  const { ui, highlighter, restorer } = session;
  /** The highlight the open editor is about, so a colour the reader tries shows on the page at once. */
  let editing: { paintId: string; range: Range } | null = null;

  function endEditing(): void {
    highlighter.remove(DRAFT_PAINT);
    // A saved change repaints through page.changed; an abandoned preview goes back to the stored colour.
    if (editing && editing.paintId !== DRAFT_PAINT) restorer.repaint(editing.paintId);
    editing = null;
  }

  async function undoDelete(id: string): Promise<void> {
    try {
      // The background repaints it through page.changed, as for any restored highlight.
      await request('page.undoDelete', { id });
    } catch (e) {
      ui.showError(i18n.t('page.undoFailed', { reason: messageOf(e) }));
    }
  }

  const feature: EditorFeature = {
    openOn(ticket, range, draft) {
      endEditing();
      if ('color' in draft) highlighter.paint(DRAFT_PAINT, range, draft.color);
      editing = { paintId: 'id' in draft ? draft.id : DRAFT_PAINT, range };
      ui.openEditor(editorUrl(ticket), range.getBoundingClientRect());
    },
    async addNote(range) {
      try {
        const draft = session.draftOf(range);
        const { ticket } = await request('draft.create', { page: session.claim(), draft });
        session.clearSelection();
        feature.openOn(ticket, range, draft);
      } catch (e) {
        ui.showError(i18n.t('page.addNoteFailed', { reason: messageOf(e) }));
      }
    },
    async openFor(id) {
      const range = highlighter.rangeOf(id);
      if (!range) return;
      try {
        const { ticket } = await request('editor.issue', { id });
        feature.openOn(ticket, range, { id });
      } catch (e) {
        ui.showError(i18n.t('page.openNoteFailed', { reason: messageOf(e) }));
      }
    },
    close() {
      ui.closeEditor();
      endEditing();
    },
    closedByGloss(deleted) {
      if (!ui.editorOpen) return false;
      feature.close();
      if (deleted) feature.offerUndo(deleted);
      return true;
    },
    offerUndo(id) {
      ui.showAction(i18n.t('page.highlightDeleted'), i18n.t('common.undo'), () => void undoDelete(id));
    },
    preview(color) {
      if (!editing || !ui.editorOpen) return false;
      highlighter.paint(editing.paintId, editing.range, color, restorer.hasNote(editing.paintId));
      return true;
    },
  };
  return feature;
}
