import type { PageSession } from '../session';
import { offersToolbar } from '../toolbar-mode';
import type { EditorFeature } from './editor';
import type { HighlightingFeature } from './highlighting';

const SELECTION_SETTLE_MS = 120;
/** A selection change this soon after the reader's own key or pointer input is the reader's. */
const READER_INPUT_MS = 1_000;

/**
 * The toolbar over the reader's selection: colours, Highlight and Add note. Input comes through the
 * document_start watcher (reader-input.ts), which hands on trusted events only. A selection a script makes
 * fires a trusted `selectionchange` too, so that event shows the toolbar only right after the reader's own
 * key or pointer input.
 */
export function startToolbar(
  session: PageSession,
  highlighting: HighlightingFeature,
  editor: EditorFeature,
): void {
  const { ctx, ui, input } = session;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  const readerActedRecently = (): boolean => performance.now() - input.lastAt() < READER_INPUT_MS;

  function refresh(): void {
    // A timer from the last pointerup or selection change may fire while the reader drags a new selection:
    // the next pointerup decides, over the selection as it ends.
    if (input.pointerDown()) return;
    // Any readable text may be kept: detection decides how a highlight is grouped, never whether. Options
    // decide whether a selection is offered the toolbar (the shortcut and the menu highlight regardless).
    const range = offersToolbar(session.prefs, input.altHeld()) ? session.selection() : null;
    if (!range) {
      ui.hideToolbar();
      return;
    }
    const show = (): void =>
      ui.showToolbar({
        rect: range.getBoundingClientRect(),
        color: session.color,
        onColor(c) {
          session.color = c;
          show();
        },
        onHighlight: () => void highlighting.highlight(range),
        onAddNote: () => void editor.addNote(range),
      });
    show();
    // The highlight will need the page's regions and the paint's style sheet: both cost the page a moment
    // once, better spent while the reader looks at the toolbar than after the click.
    ctx.requestIdleCallback(
      () => {
        session.regions.get();
        session.highlighter.prepare();
      },
      { timeout: 500 },
    );
  }

  session.onReader('pointerup', () => {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(refresh, 10);
  });
  session.onReader('selectionchange', () => {
    if (input.pointerDown()) return; // the reader is still dragging; pointerup decides
    clearTimeout(settleTimer);
    if (!readerActedRecently()) {
      // A script changed the selection: never offer it, but a toolbar over a selection gone stays no longer.
      if (ui.toolbarOpen && !session.selection()) ui.hideToolbar();
      return;
    }
    settleTimer = setTimeout(refresh, SELECTION_SETTLE_MS);
  });
  ctx.addEventListener(
    window,
    'scroll',
    () => {
      if (ui.toolbarOpen) refresh();
    },
    { passive: true, capture: true },
  );
  ctx.onInvalidated(() => clearTimeout(settleTimer));
  // Gloss starts in a frame on the reader's first selection there (entrypoints/loader.ts): offer it at once.
  if (readerActedRecently() && !input.pointerDown()) refresh();
}
