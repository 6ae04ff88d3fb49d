import { i18n } from '#i18n';
import type { PageSession } from '../session';

export interface VisibilityFeature {
  /** Hides the page's highlights and note badges, or shows them again; they stay saved and known. */
  toggle(): void;
}

/** Showing or hiding this page's highlights (the toggle command, by its key or from the browser). */
export function startVisibility(session: PageSession): VisibilityFeature {
  const { ui, highlighter } = session;
  return {
    toggle() {
      highlighter.setHidden(!highlighter.hidden);
      if (highlighter.hidden)
        ui.showAction(i18n.t('page.hidden'), i18n.t('page.showHidden'), () => highlighter.setHidden(false));
    },
  };
}
