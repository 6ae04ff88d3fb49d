import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectRegions, type PageRegions, watchRegions } from '../../annotator/regions';
import { startClickToEdit } from './features/click-to-edit';
import { startCommands } from './features/commands';
import { startEditor } from './features/editor';
import { startHighlightMenu } from './features/highlight-menu';
import { startHighlighting } from './features/highlighting';
import { startKeys } from './features/keys';
import { startRestore } from './features/restore';
import { startToolbar } from './features/toolbar';
import { startVisibility } from './features/visibility';
import { PageSession } from './session';

/** How long a sub-frame waits for a comment section to appear before Gloss leaves it alone. */
const FRAME_WATCH_MS = 60_000;

/**
 * A sub-frame's comments, once it shows some; null when it shows none within FRAME_WATCH_MS. Most sub-frames
 * are ads or embeds; only a comment system's frame (Disqus and the like) gets Gloss.
 */
function frameComments(ctx: ContentScriptContext): Promise<PageRegions | null> {
  const initial = detectRegions(document);
  if (initial.comments.length > 0) return Promise.resolve(initial);
  return new Promise((resolve) => {
    const stop = watchRegions(
      document,
      (r) => {
        if (r.comments.length === 0) return;
        stop();
        resolve(r);
      },
      initial,
    );
    ctx.setTimeout(() => {
      stop();
      resolve(null);
    }, FRAME_WATCH_MS);
    ctx.onInvalidated(stop);
  });
}

/**
 * Gloss on one news page (or one comment frame): a page session, and the features that run on it. A top
 * frame detects its regions only when a highlight needs them.
 */
export async function startGlossPage(ctx: ContentScriptContext): Promise<void> {
  let known: PageRegions | undefined;
  if (window !== window.top) {
    const comments = await frameComments(ctx);
    if (!comments || !ctx.isValid) return;
    known = comments;
  }
  const session = new PageSession(ctx, known);
  const editor = startEditor(session);
  const highlighting = startHighlighting(session);
  const restore = startRestore(session, editor);
  session.onStoryChange.add(() => {
    // Another story: what was typed for the last one stays in its draft for the reader's return.
    session.ui.hideToolbar();
    editor.close();
    session.regions.invalidate();
    restore.storyChanged();
    void restore.load();
  });
  const visibility = startVisibility(session);
  startCommands(session, { restore, highlighting, editor, visibility });
  await restore.load();
  // After the first load, which brings the reader's settings: the toolbar offered (or not) and the colour
  // of a highlight the shortcut that started Gloss asks for are as set in Options.
  if (!ctx.isValid) return;
  startToolbar(session, highlighting, editor);
  startKeys(session, { highlighting, editor, visibility });
  startClickToEdit(session, editor);
  startHighlightMenu(session);
}
