import { i18n } from '#i18n';
import { request } from '../../../messaging/client';
import type { Draft } from '../../../messaging/protocol';
import { messageOf, type PageSession } from '../session';

export interface HighlightingFeature {
  /** Highlights `range` at once (painted, then saved); false when it could not be saved. */
  highlight(range: Range): Promise<boolean>;
}

/** Making a highlight: painted at once, saved a moment later, the temporary paint replaced by the saved one. */
export function startHighlighting(session: PageSession): HighlightingFeature {
  const { ui, highlighter, restorer } = session;
  let pendingSeq = 0;
  return {
    async highlight(range) {
      let draft: Draft;
      try {
        draft = session.draftOf(range);
      } catch (e) {
        ui.showError(i18n.t('page.highlightFailed', { reason: messageOf(e) }));
        return false;
      }
      const pendingId = `pending-${++pendingSeq}`;
      highlighter.paint(pendingId, range, draft.color);
      session.clearSelection();
      try {
        const saved = await request('annotation.create', { page: session.claim(), draft });
        highlighter.remove(pendingId);
        restorer.add(saved, range);
        return true;
      } catch (e) {
        highlighter.remove(pendingId);
        ui.showError(i18n.t('page.saveFailed', { reason: messageOf(e) }));
        return false;
      }
    },
  };
}
