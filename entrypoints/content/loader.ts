import { type RequestRuntime, requestOnPort } from '../../messaging/port';
import type { PageLoad } from '../../messaging/protocol';
import { handoff } from './handoff';
import { watchReaderInput } from './reader-input';
import { isHighlightShortcut } from './shortcut';
import { type StoryWatch, watchStory } from './story-watch';

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

/** The background's answer for a story with nothing saved, as the content script's first load. */
const NOTHING_SAVED: PageLoad = { annotations: [], drafts: [] };

export function startLoader(win: Window, runtime: RequestRuntime & { id: string }): void {
  shieldContentScript(win, runtime.id);
  const input = watchReaderInput(win);
  const record = handoff(win);
  let started = false;

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
      ({ load }) => {
        if (!load) return NOTHING_SAVED;
        started = true;
        return load;
      },
      // Not known (the worker stopped mid-way): the content script, if the reader starts it, asks itself.
      () => null,
    );
    record.entered = entered;
  }

  const readerSelected = (): boolean => {
    const selection = win.document.getSelection();
    return selection !== null && !selection.isCollapsed && selection.toString().trim() !== '';
  };
  input.on('pointerup', () => {
    // The selection a drag makes is final once the pointerup's default action ran.
    setTimeout(() => {
      if (readerSelected()) wake();
    }, 0);
  });
  input.on('keyup', () => {
    if (readerSelected()) wake();
  });
  input.on('keydown', (e) => {
    if (!isHighlightShortcut(e) || !readerSelected()) return;
    record.shortcutAt = win.performance.now();
    wake();
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
