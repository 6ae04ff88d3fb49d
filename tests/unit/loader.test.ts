// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://news.example/2026/story"}
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handoff, takeEntered } from '../../entrypoints/content/handoff';
import { type LoaderRuntime, startLoader } from '../../entrypoints/content/loader';
import { SUGGESTED_SHORTCUTS } from '../../messaging/commands';
import { ok } from '../../messaging/protocol';
import { fakeReaderInput } from './fake-reader-input';

/**
 * The page loader every frame runs: a fake runtime answers its requests as the background would, and the
 * reader's input comes through a stand-in for the document_start watcher (happy-dom's events are never
 * trusted, so the real watcher would drop them all, as it must).
 */
let sent: { type: string; page?: unknown }[];
let replies: Record<string, unknown>;

/** What the background sends the frame's content scripts (tabs.sendMessage). */
let fromBackground: (message: unknown) => undefined = () => undefined;

/** `stopped`: the service worker goes away before it answers (the port disconnects). */
function fakeRuntime(options: { stopped?: boolean } = {}): LoaderRuntime {
  return {
    id: 'gloss-test-id',
    onMessage: {
      addListener(listener) {
        fromBackground = listener;
      },
    },
    connect() {
      let onMessage: (m: unknown) => void = () => {};
      let onDisconnect: () => void = () => {};
      return {
        postMessage(message: unknown) {
          const m = message as { type: string };
          sent.push(m);
          queueMicrotask(() => (options.stopped ? onDisconnect() : onMessage(ok(replies[m.type] ?? null))));
        },
        disconnect() {},
        onMessage: {
          addListener(l: (m: unknown) => void) {
            onMessage = l;
          },
        },
        onDisconnect: {
          addListener(l: () => void) {
            onDisconnect = l;
          },
        },
      };
    },
  };
}

const INPUT = Symbol.for('gloss.readerInput');
const HANDOFF = Symbol.for('gloss.handoff');

/** The stand-in is found by the loader where the real watcher would leave its record. */
function fakeInput() {
  const { input, act } = fakeReaderInput();
  (window as unknown as Record<symbol, unknown>)[INPUT] = input;
  return act;
}

function selectText(): void {
  const node = document.getElementById('p1')?.firstChild as Text;
  const range = document.createRange();
  range.setStart(node, 4);
  range.setEnd(node, 20);
  document.getSelection()?.removeAllRanges();
  document.getSelection()?.addRange(range);
}

const settle = () => vi.advanceTimersByTimeAsync(10);

const PREFS = { color: 'yellow', toolbar: 'selection', off: false, shortcuts: SUGGESTED_SHORTCUTS } as const;

let reader: ReturnType<typeof fakeInput>;

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  replies = { 'page.enter': { load: null, prefs: PREFS }, 'page.wake': null };
  history.replaceState(null, '', '/2026/story');
  document.title = 'Council votes';
  document.body.innerHTML = '<p id="p1">The council voted to close the library on Monday.</p>';
  document.getSelection()?.removeAllRanges();
  const w = window as unknown as Record<symbol, unknown>;
  delete w[INPUT];
  delete w[HANDOFF];
  reader = fakeInput();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the page loader', () => {
  it('tells the background which story the parsed page shows, once, and starts nothing itself', async () => {
    startLoader(window, fakeRuntime());
    await settle();
    expect(sent).toEqual([{ type: 'page.enter', page: { canonical: null, title: 'Council votes' } }]);
    expect(await takeEntered(window)).toEqual({ annotations: [], drafts: [], prefs: PREFS });
  });

  it('hands on "not known" when the worker stopped before it answered, so the content script asks itself', async () => {
    startLoader(window, fakeRuntime({ stopped: true }));
    await settle();
    expect(await takeEntered(window)).toBeNull();
  });

  it("hands the story's first load to the content script, once", async () => {
    const load = { annotations: [], drafts: [], prefs: PREFS };
    replies['page.enter'] = { load, prefs: PREFS };
    startLoader(window, fakeRuntime());
    await settle();
    expect(await takeEntered(window)).toEqual(load);
    expect(takeEntered(window)).toBeNull();
  });

  it("asks for Gloss on the reader's selection, once; a click that selects nothing asks nothing", async () => {
    startLoader(window, fakeRuntime());
    await settle();
    reader('pointerup');
    await settle();
    expect(sent.filter((m) => m.type === 'page.wake')).toHaveLength(0);
    selectText();
    reader('pointerup');
    await settle();
    reader('keyup');
    await settle();
    expect(sent.filter((m) => m.type === 'page.wake')).toHaveLength(1);
  });

  it('asks for Gloss on a selection only where Options offer the toolbar; the shortcut asks anyway', async () => {
    replies['page.enter'] = { load: null, prefs: { ...PREFS, toolbar: 'modifier' } };
    startLoader(window, fakeRuntime());
    await settle();
    selectText();
    reader('pointerup', new PointerEvent('pointerup'));
    await settle();
    expect(sent.map((m) => m.type)).toEqual(['page.enter']);
    reader('pointerup', new PointerEvent('pointerup', { altKey: true }));
    await settle();
    expect(sent.map((m) => m.type)).toEqual(['page.enter', 'page.wake']);
  });

  it('asks again when the background says the story or the settings changed, until Gloss runs', async () => {
    replies['page.enter'] = { load: null, prefs: { ...PREFS, toolbar: 'never' } };
    startLoader(window, fakeRuntime());
    await settle();
    selectText();
    reader('pointerup');
    await settle();
    expect(sent.map((m) => m.type)).toEqual(['page.enter']);
    // Options changed: the toolbar is offered again.
    replies['page.enter'] = { load: null, prefs: PREFS };
    fromBackground({ type: 'page.changed' });
    await settle();
    reader('pointerup');
    await settle();
    expect(sent.map((m) => m.type)).toEqual(['page.enter', 'page.enter', 'page.wake']);
    // Gloss runs now: its content script answers the next one.
    fromBackground({ type: 'page.changed' });
    fromBackground({ type: 'something else' });
    await settle();
    expect(sent).toHaveLength(3);
  });

  it('asks nothing on a site the reader turned Gloss off on, not even for the shortcut', async () => {
    replies['page.enter'] = { load: null, prefs: { ...PREFS, off: true } };
    startLoader(window, fakeRuntime());
    await settle();
    selectText();
    reader('pointerup');
    reader('keydown', new KeyboardEvent('keydown', { key: 'H', code: 'KeyH', altKey: true, shiftKey: true }));
    await settle();
    expect(sent.map((m) => m.type)).toEqual(['page.enter']);
  });

  it('asks nothing when a script selects text without the reader', async () => {
    startLoader(window, fakeRuntime());
    await settle();
    selectText();
    document.dispatchEvent(new Event('selectionchange'));
    await settle();
    expect(sent.map((m) => m.type)).toEqual(['page.enter']);
  });

  it('keeps the highlight shortcut for the content script it asks for', async () => {
    startLoader(window, fakeRuntime());
    await settle();
    selectText();
    reader('keydown', new KeyboardEvent('keydown', { key: 'H', code: 'KeyH', altKey: true, shiftKey: true }));
    await settle();
    expect(sent.map((m) => m.type)).toEqual(['page.enter', 'page.wake']);
    expect(handoff(window).shortcut).toEqual({ action: 'highlight', at: expect.any(Number) });
  });

  it("stops WXT's script-started event at the window: a page could make Gloss stand down with it", async () => {
    startLoader(window, fakeRuntime());
    const heard = vi.fn();
    const name = 'gloss-test-id:content:wxt:content-script-started';
    document.addEventListener(name, heard);
    document.dispatchEvent(
      new CustomEvent(name, { detail: { contentScriptName: 'content', messageId: 'x' } }),
    );
    document.dispatchEvent(new CustomEvent('another-event'));
    expect(heard).not.toHaveBeenCalled();
    document.removeEventListener(name, heard);
  });

  it('does not ask again once the story started Gloss', async () => {
    replies['page.enter'] = { load: { annotations: [], drafts: [], prefs: PREFS }, prefs: PREFS };
    startLoader(window, fakeRuntime());
    await settle();
    selectText();
    reader('pointerup');
    await settle();
    expect(sent.map((m) => m.type)).toEqual(['page.enter']);
  });

  it('tells the background of another story after an in-page navigation, not of a hash change', async () => {
    startLoader(window, fakeRuntime());
    await settle();
    history.replaceState(null, '', '/2026/story#comments');
    await vi.advanceTimersByTimeAsync(1_400);
    history.pushState(null, '', '/2026/next-story');
    await vi.advanceTimersByTimeAsync(1_400);
    expect(sent.map((m) => m.type)).toEqual(['page.enter', 'page.enter']);
  });
});
