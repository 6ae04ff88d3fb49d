import { i18n } from '#i18n';
import { anchor } from '../../../annotator/anchoring';
import { request } from '../../../messaging/client';
import type { ResumableDraft } from '../../../messaging/protocol';
import { takeEntered } from '../handoff';
import { messageOf, type PageSession } from '../session';
import type { EditorFeature } from './editor';

/** How long a highlight the popup asked to show may take to appear (comments may come late). */
const REVEAL_WAIT_MS = 30_000;

export interface RestoreFeature {
  /** Loads this story's highlights from the background and paints them (again). */
  load(): Promise<void>;
  /** The frame shows another story now: a note left unsaved there may be offered again. */
  storyChanged(): void;
}

/** The story's saved highlights, painted on load; a highlight the popup opened the page for; unsaved notes. */
export function startRestore(session: PageSession, editor: EditorFeature): RestoreFeature {
  const { ui, highlighter, restorer } = session;
  let revealWhenPainted: { id: string; until: number } | null = null;
  let resumeOffered = false;

  function revealIfPainted(): void {
    if (!revealWhenPainted) return;
    if (Date.now() > revealWhenPainted.until) {
      revealWhenPainted = null;
    } else if (highlighter.has(revealWhenPainted.id)) {
      highlighter.reveal(revealWhenPainted.id);
      revealWhenPainted = null;
    }
  }
  session.onAnchored.add(revealIfPainted);

  /** A note the reader began here and left unsaved (the page navigated, the tab closed): offer to finish it. */
  function offerResume(drafts: ResumableDraft[]): void {
    if (resumeOffered || ui.editorOpen) return;
    for (const d of drafts) {
      const range = anchor(document.body, d.selectors);
      if (!range) continue;
      resumeOffered = true;
      ui.showAction(i18n.t('page.unsavedNote'), i18n.t('page.resume'), async () => {
        try {
          const { ticket } = await request('editor.resume', { draftId: d.draftId });
          editor.openOn(ticket, range, { color: d.color });
        } catch (e) {
          ui.showError(i18n.t('page.reopenNoteFailed', { reason: messageOf(e) }));
        }
      });
      return;
    }
  }

  return {
    async load() {
      try {
        // The loader's page.enter brought the story's first load, when it had one.
        const loaded = (await takeEntered(window)) ?? (await request('page.load', { page: session.claim() }));
        session.applyPrefs(loaded.prefs);
        if (loaded.reveal) revealWhenPainted = { id: loaded.reveal, until: Date.now() + REVEAL_WAIT_MS };
        restorer.setAnnotations(loaded.annotations);
        revealIfPainted();
        offerResume(loaded.drafts);
      } catch (e) {
        ui.showError(i18n.t('page.restoreFailed', { reason: messageOf(e) }));
      }
    },
    storyChanged() {
      resumeOffered = false;
    },
  };
}
