import { type RequestRuntime, requestOnPort } from '../../messaging/port';
import type { PageLoad } from '../../messaging/protocol';
import type { PagePrefs } from '../../storage/settings';
import { handoff } from './handoff';
import { watchReaderInput } from './reader-input';
import { shortcutAction } from './shortcut';
import { type StoryWatch, watchStory } from './story-watch';
import { offersToolbar } from './toolbar-mode';

/**
 * The part of Gloss every page pays for, in every frame, from `document_start`: it records the reader's own
 * input (reader-input.ts), tells the background once the page is parsed which story it shows, and asks for
 * Gloss's content script when the reader selects text. The background starts that script in the frame when
 * the story has highlights (or a note left unsaved) or on the reader's selection; a page with neither never
 * runs it. Once started, the content script does the rest (its own story watch, restore, toolbar).
 */
/**
 * WXT's content-script context stands down when it sees this event on `document`: it is meant for a newer copy
 * of the same script after an extension update (see WXT's ContentScriptContext). A page can dispatch it too,
 * and a store extension's id is public: the page could make Gloss take its highlights off. Gloss never runs two
 * copies in a frame (background/wake.ts), so no such event is one to honour: each stops at the window, in the
 * capture phase, before it reaches `document`.
 */
function shieldContentScript(win: Window, extensionId: string): void {
  win.addEventListener(
    `${extensionId}:content:wxt:content-script-started`,
    (e) => e.stopImmediatePropagation(),
    {
      capture: true,
    },
  );
}

/** The runtime the loader needs: its request port, and the background's word that the story changed. */
export type LoaderRuntime = RequestRuntime & {
  id: string;
  onMessage: { addListener(listener: (message: unknown) => undefined): void };
};

export function startLoader(win: Window, runtime: LoaderRuntime): void {
  shieldContentScript(win, runtime.id);
  const input = watchReaderInput(win);
  const record = handoff(win);
  let started = false;
  /** How the reader set Gloss up for this page, once the background said. */
  let prefs: PagePrefs | null = null;

  function wake(): void {
    if (started) return;
    started = true;
    requestOnPort(runtime, 'page.wake', {}).catch(() => {
      started = false; // the worker was stopped mid-way: the next selection asks again
    });
  }

  let story: StoryWatch | null = null;
  function enter(): void {
    if (started || !story) return;
    const entered = requestOnPort(runtime, 'page.enter', { page: story.claim() }).then(
      (reply): PageLoad => {
        prefs = reply.prefs;
        // Nothing saved: the content script, if the reader starts it, starts from an empty load.
        if (!reply.load) return { annotations: [], drafts: [], prefs: reply.prefs };
        started = true;
        return reply.load;
      },
      // Not known (the worker stopped mid-way): the content script, if the reader starts it, asks itself.
      () => null,
    );
    record.entered = entered;
  }

  const readerSelected = (): boolean => {
    const selection = win.document.getSelection();
    // Not isCollapsed: a selection inside a comment widget's shadow root is collapsed at its host to the page.
    return selection !== null && selection.toString().trim() !== '';
  };
  // Started on a selection only where it will offer the toolbar (Options); the shortcut starts it anyway.
  const wantsToolbar = (): boolean => offersToolbar(prefs, input.altHeld()) && readerSelected();
  input.on('pointerup', () => {
    // The selection a drag makes is final once the pointerup's default action ran.
    setTimeout(() => {
      if (wantsToolbar()) wake();
    }, 0);
  });
  input.on('keyup', () => {
    if (wantsToolbar()) wake();
  });
  input.on('keydown', (e) => {
    // The keys the reader bound, as the background said (a few milliseconds after the page is parsed).
    if (!prefs || prefs.off || !readerSelected()) return;
    const action = shortcutAction(e, prefs.shortcuts);
    // Showing or hiding highlights needs none painted here yet: only making one starts Gloss.
    if (action !== 'highlight' && action !== 'addNote') return;
    record.shortcut = { action, at: win.performance.now() };
    wake();
  });

  // The story's highlights or the reader's settings changed (another tab, Options): until Gloss runs here,
  // the loader asks again, so it offers the toolbar as now set and starts Gloss if there is now something to
  // paint. Only the extension can send this; once Gloss runs, its content script answers it instead.
  runtime.onMessage.addListener((message) => {
    if ((message as { type?: unknown } | null)?.type === 'page.changed') enter();
    return undefined;
  });

  // Once parsed, the page says which story it is (its canonical link is in the head by then).
  const parsed = (): void => {
    story = watchStory(enter, new AbortController().signal);
    enter();
  };
  if (win.document.readyState === 'loading') {
    win.document.addEventListener('DOMContentLoaded', parsed, { once: true });
  } else {
    parsed();
  }
}
