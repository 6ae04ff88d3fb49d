// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://news.example/2026/story"}
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startCommands } from '../../entrypoints/content/features/commands';
import { startEditor } from '../../entrypoints/content/features/editor';
import { startHighlighting } from '../../entrypoints/content/features/highlighting';
import { startKeys } from '../../entrypoints/content/features/keys';
import { startRestore } from '../../entrypoints/content/features/restore';
import { startToolbar } from '../../entrypoints/content/features/toolbar';
import { startVisibility } from '../../entrypoints/content/features/visibility';
import { handoff } from '../../entrypoints/content/handoff';
import type { ReaderInput } from '../../entrypoints/content/reader-input';
import { PageSession } from '../../entrypoints/content/session';
import { SUGGESTED_SHORTCUTS } from '../../messaging/commands';
import { fakeReaderInput } from './fake-reader-input';

/**
 * The content script's features on a page of their own (happy-dom), with the background replaced by a fake
 * `request`: each feature is started on a real PageSession, and driven by the reader's events as the
 * document_start watcher would hand them on.
 */
const requests: { type: string; payload: unknown }[] = [];
let answer: (type: string, payload: unknown) => unknown = () => null;
const PREFS = { color: 'yellow', toolbar: 'selection', off: false, shortcuts: SUGGESTED_SHORTCUTS } as const;
vi.mock('../../messaging/client', () => ({
  request: vi.fn(async (type: string, payload: unknown) => {
    requests.push({ type, payload });
    return answer(type, payload);
  }),
}));

let ctx: ContentScriptContext;
let session: PageSession;
let reader: ReturnType<typeof fakeReaderInput>;

beforeEach(() => {
  vi.useFakeTimers();
  // happy-dom has no idle callbacks; the browsers Gloss runs in do.
  vi.stubGlobal('requestIdleCallback', (cb: () => void) => setTimeout(cb, 0));
  vi.stubGlobal('cancelIdleCallback', (id: number) => clearTimeout(id));
  history.replaceState(null, '', '/2026/story');
  document.title = 'A story';
  document.body.innerHTML = `
    <article><h1>Council votes</h1>
      <p id="p1">The council voted to close the library after a long debate on Monday night.</p>
    </article>`;
  requests.length = 0;
  answer = () => null;
  ctx = new ContentScriptContext('content-test');
  session = new PageSession(ctx);
  reader = fakeReaderInput();
  (session as { input: ReaderInput }).input = reader.input;
});

afterEach(() => {
  ctx.abort();
  vi.useRealTimers();
});

function select(text: string): Range {
  const node = document.getElementById('p1')?.firstChild as Text;
  const start = node.data.indexOf(text);
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, start + text.length);
  const selection = document.getSelection() as Selection;
  selection.removeAllRanges();
  selection.addRange(range);
  return range;
}

describe('toolbar', () => {
  function start() {
    startToolbar(session, startHighlighting(session), startEditor(session));
  }

  it('offers the toolbar on the reader’s selection, after their pointer input', () => {
    start();
    select('voted to close the library');
    reader.act('pointerup');
    vi.advanceTimersByTime(20);
    expect(session.ui.toolbarOpen).toBe(true);
  });

  it('gets the paint ready while the reader looks at the toolbar, so the click paints at once', () => {
    start();
    const prepare = vi.spyOn(session.highlighter, 'prepare');
    select('voted to close the library');
    reader.act('pointerup');
    vi.advanceTimersByTime(20);
    expect(prepare).toHaveBeenCalled();
  });

  it('offers the toolbar at once when the reader’s selection is what started Gloss', () => {
    select('voted to close the library');
    reader.act('pointerup');
    start();
    expect(session.ui.toolbarOpen).toBe(true);
  });

  it('shows no toolbar over a selection the reader is still dragging, even from an earlier timer', () => {
    start();
    select('voted to close the library');
    reader.act('pointerup');
    // The reader presses again before the first toolbar appeared, and drags a new selection.
    reader.act('pointerdown');
    select('voted');
    vi.advanceTimersByTime(200);
    expect(session.ui.toolbarOpen).toBe(false);
    reader.act('pointerup');
    vi.advanceTimersByTime(20);
    expect(session.ui.toolbarOpen).toBe(true);
  });

  it('offers nothing for a selection a script made, without the reader’s input', () => {
    start();
    select('voted to close the library');
    reader.act('selectionchange');
    vi.advanceTimersByTime(500);
    expect(session.ui.toolbarOpen).toBe(false);
  });

  it('follows Options: never on a selection, only with Alt held, or not at all on a site turned off', () => {
    start();
    select('voted to close the library');
    session.applyPrefs({ ...PREFS, toolbar: 'never' });
    reader.act('pointerup');
    vi.advanceTimersByTime(20);
    expect(session.ui.toolbarOpen).toBe(false);
    session.applyPrefs({ ...PREFS, toolbar: 'modifier' });
    reader.act('pointerup', new PointerEvent('pointerup'));
    vi.advanceTimersByTime(20);
    expect(session.ui.toolbarOpen).toBe(false);
    reader.act('pointerup', new PointerEvent('pointerup', { altKey: true }));
    vi.advanceTimersByTime(20);
    expect(session.ui.toolbarOpen).toBe(true);
    session.applyPrefs({ ...PREFS, off: true });
    expect(session.ui.toolbarOpen).toBe(false);
    reader.act('pointerup');
    vi.advanceTimersByTime(20);
    expect(session.ui.toolbarOpen).toBe(false);
  });

  it('offers the default colour from Options, and keeps the reader’s own pick until it changes', () => {
    session.applyPrefs({ ...PREFS, color: 'green' });
    expect(session.color).toBe('green');
    session.color = 'pink';
    session.applyPrefs({ ...PREFS, color: 'green' });
    expect(session.color).toBe('pink');
    session.applyPrefs({ ...PREFS, color: 'blue' });
    expect(session.color).toBe('blue');
  });

  it('offers any readable text, even outside the detected regions', () => {
    document.body.insertAdjacentHTML(
      'beforeend',
      '<aside><p id="p2">A sidebar paragraph nobody tuned on.</p></aside>',
    );
    start();
    const node = document.getElementById('p2')?.firstChild as Text;
    const range = document.createRange();
    range.setStart(node, 2);
    range.setEnd(node, 19);
    document.getSelection()?.removeAllRanges();
    document.getSelection()?.addRange(range);
    reader.act('keyup');
    reader.act('selectionchange');
    vi.advanceTimersByTime(500);
    expect(session.ui.toolbarOpen).toBe(true);
  });
});

describe('highlighting', () => {
  it('paints at once, and takes the paint back with an error when saving fails', async () => {
    answer = (type) => {
      if (type === 'annotation.create') throw new Error('storage is full');
      return null;
    };
    const highlighting = startHighlighting(session);
    const saved = await highlighting.highlight(select('voted to close the library'));
    expect(saved).toBe(false);
    expect(session.highlighter.ids()).toEqual([]);
    expect(requests.map((r) => r.type)).toEqual(['annotation.create']);
  });

  it('asks the background with the page’s claim only: its canonical link and title, never its address', async () => {
    answer = () => ({ id: 'a1', selectors: [], color: 'yellow', hasNote: false });
    await startHighlighting(session).highlight(select('voted to close the library'));
    const payload = requests[0]?.payload as { page: Record<string, unknown> };
    expect(Object.keys(payload.page).sort()).toEqual(['canonical', 'title']);
    expect(session.highlighter.ids()).toEqual(['a1']);
  });
});

describe('keys', () => {
  function start() {
    const editor = startEditor(session);
    const features = {
      highlighting: startHighlighting(session),
      editor,
      visibility: startVisibility(session),
    };
    startKeys(session, features);
    return features;
  }
  const key = (code: string) =>
    new KeyboardEvent('keydown', { code, key: code.slice(-1), altKey: true, shiftKey: true });

  it('honours the keys the reader bound in the browser, not the suggested ones', () => {
    const { highlighting, editor } = start();
    const highlight = vi.spyOn(highlighting, 'highlight').mockResolvedValue(true);
    const addNote = vi.spyOn(editor, 'addNote').mockResolvedValue();
    session.applyPrefs({
      ...PREFS,
      shortcuts: { highlight: 'Ctrl+Shift+Y', addNote: '', toggleHighlights: '' },
    });
    select('voted to close the library');
    reader.act('keydown', key('KeyH'));
    reader.act('keydown', key('KeyM'));
    expect(highlight).not.toHaveBeenCalled();
    expect(addNote).not.toHaveBeenCalled();
    reader.act(
      'keydown',
      new KeyboardEvent('keydown', { code: 'KeyY', key: 'Y', ctrlKey: true, shiftKey: true }),
    );
    expect(highlight).toHaveBeenCalledTimes(1);
  });

  it('adds a note, and hides and shows the highlights, by their keys', () => {
    const { editor } = start();
    const addNote = vi.spyOn(editor, 'addNote').mockResolvedValue();
    select('voted to close the library');
    reader.act('keydown', key('KeyM'));
    expect(addNote).toHaveBeenCalledTimes(1);
    reader.act('keydown', key('KeyG'));
    expect(session.highlighter.hidden).toBe(true);
    reader.act('keydown', key('KeyG'));
    expect(session.highlighter.hidden).toBe(false);
  });
});

describe('restore', () => {
  it('paints what page.load answers, and reveals the highlight the popup opened the page for', async () => {
    const selectors = [{ type: 'TextQuoteSelector' as const, exact: 'voted to close the library' }];
    answer = () => ({
      annotations: [{ id: 'a1', selectors, color: 'blue', hasNote: true }],
      drafts: [],
      reveal: 'a1',
      prefs: PREFS,
    });
    const reveal = vi.spyOn(session.highlighter, 'reveal');
    await startRestore(session, startEditor(session)).load();
    expect(session.highlighter.ids()).toEqual(['a1']);
    expect(reveal).toHaveBeenCalledWith('a1');
  });

  it("takes the loader's page.enter reply as its first load, and asks the background for later ones", async () => {
    const selectors = [{ type: 'TextQuoteSelector' as const, exact: 'voted to close the library' }];
    handoff(window).entered = Promise.resolve({
      annotations: [
        {
          id: 'a1',
          selectors,
          color: 'blue',
          hasNote: false,
          quote: 'voted to close the library',
          pageQuote: null,
        },
      ],
      drafts: [],
      prefs: PREFS,
    });
    answer = () => ({ annotations: [], drafts: [], prefs: PREFS });
    const restore = startRestore(session, startEditor(session));
    await restore.load();
    expect(session.highlighter.ids()).toEqual(['a1']);
    expect(requests.map((r) => r.type)).not.toContain('page.load');
    await restore.load();
    expect(requests.map((r) => r.type)).toContain('page.load');
    expect(session.highlighter.ids()).toEqual([]);
  });

  it('offers to resume a note left unsaved on this story', async () => {
    const selectors = [{ type: 'TextQuoteSelector' as const, exact: 'long debate' }];
    answer = (type) =>
      type === 'page.load'
        ? { annotations: [], drafts: [{ draftId: 'd1', selectors, color: 'pink' }], prefs: PREFS }
        : null;
    const showAction = vi.spyOn(session.ui, 'showAction');
    await startRestore(session, startEditor(session)).load();
    expect(showAction).toHaveBeenCalledWith('You left a note unsaved here.', 'Resume', expect.any(Function));
  });
});

describe('navigation', () => {
  function start() {
    const changed = vi.fn();
    session.onStoryChange.add(changed);
    // The address is polled every second here (happy-dom has no Navigation API), then Gloss lets the page
    // render for a moment.
    const hint = () => vi.advanceTimersByTime(1_400);
    return { changed, hint };
  }

  it('ignores location events when the address did not change (a page can fire any of them itself)', () => {
    const { changed, hint } = start();
    window.dispatchEvent(new Event('wxt:locationchange'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    hint();
    expect(changed).not.toHaveBeenCalled();
  });

  it("leaves out the old story's canonical link that a single-page site left in place", () => {
    document.head.innerHTML = '<link rel="canonical" href="https://news.example/2026/story">';
    ctx.abort();
    ctx = new ContentScriptContext('content-test');
    session = new PageSession(ctx);
    const { changed, hint } = start();
    expect(session.claim().canonical).toBe('https://news.example/2026/story');
    history.pushState(null, '', '/2026/another-story');
    hint();
    expect(changed).toHaveBeenCalledTimes(1);
    expect(session.claim().canonical).toBeNull();
    document.head.innerHTML = '';
  });

  it('stays on the story through a hash change and tracking parameters added or removed', () => {
    const { changed, hint } = start();
    history.replaceState(null, '', '/2026/story?utm_source=feed#comments');
    hint();
    history.replaceState(null, '', '/2026/story#c-12');
    hint();
    expect(changed).not.toHaveBeenCalled();
  });

  it('reports another story once', () => {
    const { changed, hint } = start();
    history.pushState(null, '', '/2026/another-story');
    hint();
    hint();
    expect(changed).toHaveBeenCalledTimes(1);
  });
});

describe('commands', () => {
  it('answers nothing for a highlight or editor this frame does not have, so another frame can', async () => {
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    startCommands(session, {
      restore: startRestore(session, startEditor(session)),
      highlighting: startHighlighting(session),
      editor: startEditor(session),
      visibility: startVisibility(session),
    });
    const replies = await fakeBrowser.runtime.onMessage.trigger(
      { type: 'page.scrollTo', id: 'elsewhere' },
      {},
      () => {},
    );
    expect(replies.filter((r: unknown) => r !== undefined)).toEqual([]);
    const closed = await fakeBrowser.runtime.onMessage.trigger({ type: 'page.closeEditor' }, {}, () => {});
    expect(closed.filter((r: unknown) => r !== undefined)).toEqual([]);
  });
});
