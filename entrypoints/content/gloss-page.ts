import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { anchor, describe, invalidateAnchoringCache } from '../../annotator/anchoring';
import { createHighlighter } from '../../annotator/highlighter';
import { detectRegions, type PageRegions, regionOf, watchRegions } from '../../annotator/regions';
import { lazyRegions } from '../../annotator/regions/lazy';
import { Restorer } from '../../annotator/restore';
import { highlightableSelection, isInteractive } from '../../annotator/selection';
import { PALETTE } from '../../components/palette';
import { request } from '../../messaging/client';
import {
  type Draft,
  ok,
  type PageClaim,
  type PageCommand,
  type Reply,
  type ResumableDraft,
} from '../../messaging/protocol';
import { validatePageCommand } from '../../messaging/validate';
import { type AnnotationRegion, DEFAULT_COLOR, type HighlightColor } from '../../storage/annotation';
import { normalizePageUrl } from '../../storage/url';
import { PageUi } from './page-ui';
import { type ReaderEventType, watchReaderInput } from './reader-input';

const SHORTCUT = { key: 'h', altKey: true, shiftKey: true };
const SELECTION_SETTLE_MS = 120;
/** A selection change this soon after the reader's own key or pointer input is the reader's. */
const READER_INPUT_MS = 1_000;
/** How long a sub-frame waits for a comment section to appear before Gloss leaves it alone. */
const FRAME_WATCH_MS = 60_000;

/** Restoring anchors this long at most before it lets the page run: no long task, however many highlights. */
const RESTORE_SLICE_MS = 8;

/** After an in-page navigation, the page's script renders the new story a moment after the URL changes. */
const SPA_SETTLE_MS = 300;

function canonicalHref(): string | null {
  return document.querySelector<HTMLLinkElement>('link[rel~="canonical" i][href]')?.href ?? null;
}

/**
 * What the page says of itself: its canonical link and title (its address the background takes from the
 * browser). `staleCanonical` is the previous story's canonical after an in-page navigation: single-page sites
 * often leave it in place, and trusting it would file the new story's highlights under the old one.
 */
function pageClaim(staleCanonical: string | null = null): PageClaim {
  const canonical = canonicalHref();
  return {
    canonical: canonical !== null && canonical === staleCanonical ? null : canonical,
    title: document.title,
  };
}

/** The story this frame shows, by the background's rule (see storage/url.ts); null where it has none. */
function storyKey(claim: PageClaim): string | null {
  try {
    return normalizePageUrl(location.href, claim.canonical);
  } catch {
    return null;
  }
}

/** The note editor's address: the extension page, with its one-time ticket where the page cannot read it. */
function editorUrl(ticket: string): string {
  return `${browser.runtime.getURL('/note.html')}#${ticket}`;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Gloss on one news page (or one comment frame): restores saved highlights, offers the toolbar on
 * selections in the story or a comment, and answers the popup's and background's page commands.
 */
export async function startGlossPage(ctx: ContentScriptContext): Promise<void> {
  const isTopFrame = window === window.top;
  // A top frame detects its regions only when a selection needs them; a sub-frame must first show it holds
  // comments at all (most sub-frames are ads or embeds).
  let frameRegions: PageRegions | undefined = isTopFrame ? undefined : detectRegions(document);

  if (frameRegions && frameRegions.comments.length === 0) {
    // Most sub-frames are ads or embeds; only a comment system's frame (Disqus and the like) gets Gloss.
    const found = await new Promise<boolean>((resolve) => {
      const stop = watchRegions(
        document,
        (r) => {
          if (r.comments.length > 0) {
            frameRegions = r;
            stop();
            resolve(true);
          }
        },
        frameRegions,
      );
      ctx.setTimeout(() => {
        stop();
        resolve(false);
      }, FRAME_WATCH_MS);
      ctx.onInvalidated(stop);
    });
    if (!found || !ctx.isValid) return;
  }

  const ui = new PageUi(document);
  // The page sees only colours; which highlights carry a note shows as badges in Gloss's closed UI.
  const highlighter = createHighlighter(document, PALETTE, {
    onNotesChange: () => ui.setNoteMarkers(highlighter.notedRanges()),
  });
  let staleCanonical: string | null = null;
  let color: HighlightColor = DEFAULT_COLOR;
  let pendingSeq = 0;

  /** A highlight the popup opened this page to show; revealed once painted (comments may come late). */
  let revealWhenPainted: { id: string; until: number } | null = null;
  const REVEAL_WAIT_MS = 30_000;

  function revealIfPainted(): void {
    if (!revealWhenPainted) return;
    if (Date.now() > revealWhenPainted.until) {
      revealWhenPainted = null;
    } else if (highlighter.has(revealWhenPainted.id)) {
      highlighter.reveal(revealWhenPainted.id);
      revealWhenPainted = null;
    }
  }

  const restorer = new Restorer({
    root: document.body,
    highlighter,
    anchor,
    invalidate: invalidateAnchoringCache,
    ignore: (node) => ui.owns(node),
    onRecheck: () => ui.refreshNoteMarkers(),
    sliceMs: RESTORE_SLICE_MS,
    onAnchoredChange(changes) {
      revealIfPainted();
      for (const anchored of [true, false]) {
        const ids = changes.filter((c) => c.anchored === anchored).map((c) => c.id);
        if (ids.length > 0) request('annotations.setAnchored', { ids, anchored }).catch(() => {});
      }
    },
  });

  const regions = lazyRegions(document, frameRegions);

  ctx.onInvalidated(() => {
    regions.stop();
    restorer.disconnect();
    highlighter.destroy();
    ui.destroy();
  });

  async function loadAnnotations(): Promise<void> {
    try {
      const loaded = await request('page.load', { page: pageClaim(staleCanonical) });
      if (loaded.reveal) revealWhenPainted = { id: loaded.reveal, until: Date.now() + REVEAL_WAIT_MS };
      restorer.setAnnotations(loaded.annotations);
      revealIfPainted();
      offerResume(loaded.drafts);
    } catch (e) {
      ui.showError(`Gloss could not load this page's highlights: ${messageOf(e)}`);
    }
  }

  function regionFor(range: Range): { region: AnnotationRegion; scope: Element | null } | null {
    const found = regionOf(regions.get(), range.commonAncestorContainer);
    if (found?.kind === 'comment') {
      return {
        region: { kind: 'comment', author: found.author, commentKey: found.key },
        scope: found.element,
      };
    }
    if (found?.kind === 'article') return { region: { kind: 'article' }, scope: found.element };
    return null;
  }

  function draftOf(range: Range): Draft {
    const where = regionFor(range) ?? { region: { kind: 'page' } as const, scope: null };
    const selectors = describe(document.body, range, { scope: where.scope });
    if (selectors.length === 0) throw new Error('the selection holds no readable text.');
    return {
      region: where.region,
      selectors,
      quote: range.toString().replace(/\s+/g, ' ').trim(),
      color,
    };
  }

  function clearSelection(): void {
    document.getSelection()?.removeAllRanges();
    ui.hideToolbar();
  }

  async function highlight(range: Range): Promise<boolean> {
    let draft: Draft;
    try {
      draft = draftOf(range);
    } catch (e) {
      ui.showError(`Gloss cannot highlight this selection: ${messageOf(e)}`);
      return false;
    }
    // Paint at once; storage confirms a moment later and the real id replaces the temporary one.
    const pendingId = `pending-${++pendingSeq}`;
    highlighter.paint(pendingId, range, draft.color);
    clearSelection();
    try {
      const saved = await request('annotation.create', { page: pageClaim(staleCanonical), draft });
      highlighter.remove(pendingId);
      restorer.add(saved, range);
      return true;
    } catch (e) {
      highlighter.remove(pendingId);
      ui.showError(`Your highlight was not saved: ${messageOf(e)}`);
      return false;
    }
  }

  /** While the note editor is open on a new highlight, its passage stays marked on the page. */
  const DRAFT_PAINT = 'pending-draft';
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
      ui.showError(`Gloss could not put the highlight back: ${messageOf(e)}`);
    }
  }

  function closeEditor(): void {
    ui.closeEditor();
    endEditing();
  }

  function previewColor(c: HighlightColor): boolean {
    if (!editing || !ui.editorOpen) return false;
    highlighter.paint(editing.paintId, editing.range, c, restorer.hasNote(editing.paintId));
    return true;
  }

  function openEditorOn(ticket: string, range: Range, paintId: string, color: HighlightColor | null): void {
    endEditing();
    if (color) highlighter.paint(DRAFT_PAINT, range, color);
    editing = { paintId, range };
    ui.openEditor(editorUrl(ticket), range.getBoundingClientRect());
  }

  async function addNote(range: Range): Promise<void> {
    try {
      const draft = draftOf(range);
      const { ticket } = await request('draft.create', { page: pageClaim(staleCanonical), draft });
      clearSelection();
      openEditorOn(ticket, range, DRAFT_PAINT, draft.color);
    } catch (e) {
      ui.showError(`Gloss cannot add a note here: ${messageOf(e)}`);
    }
  }

  async function openEditorFor(id: string): Promise<void> {
    const range = highlighter.rangeOf(id);
    if (!range) return;
    try {
      const { ticket } = await request('editor.issue', { id });
      openEditorOn(ticket, range, id, null);
    } catch (e) {
      ui.showError(`Gloss cannot open this note: ${messageOf(e)}`);
    }
  }

  /** A note the reader began here and left unsaved (the page navigated, the tab closed): offer to finish it. */
  let resumeOffered = false;
  function offerResume(drafts: ResumableDraft[]): void {
    if (resumeOffered || ui.editorOpen) return;
    for (const d of drafts) {
      const range = anchor(document.body, d.selectors);
      if (!range) continue;
      resumeOffered = true;
      ui.showAction('You left a note unsaved here.', 'Resume', async () => {
        try {
          const { ticket } = await request('editor.resume', { draftId: d.draftId });
          openEditorOn(ticket, range, DRAFT_PAINT, d.color);
        } catch (e) {
          ui.showError(`Gloss cannot reopen this note: ${messageOf(e)}`);
        }
      });
      return;
    }
  }

  function refreshToolbar(): void {
    const range = highlightableSelection(document, (el) => ui.owns(el));
    // Any readable text may be kept: detection decides how a highlight is grouped, never whether.
    if (!range) {
      ui.hideToolbar();
      return;
    }
    const show = (): void =>
      ui.showToolbar({
        rect: range.getBoundingClientRect(),
        color,
        onColor(c) {
          color = c;
          show();
        },
        onHighlight: () => void highlight(range),
        onAddNote: () => void addNote(range),
      });
    show();
    // The highlight will need the page's regions: detect them while the reader looks at the toolbar.
    ctx.requestIdleCallback(() => regions.get(), { timeout: 500 });
  }

  // Only the reader acts: input comes through the document_start watcher (reader-input.ts), which hands on
  // trusted events only and sees them before any page listener can swallow them. A selection a script makes
  // fires a trusted `selectionchange` too, so that event shows the toolbar only right after the reader's own
  // key or pointer input.
  const input = watchReaderInput(window);
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  const readerActedRecently = (): boolean => performance.now() - input.lastAt() < READER_INPUT_MS;
  const onReader = <K extends ReaderEventType>(type: K, listener: (e: WindowEventMap[K]) => void): void => {
    ctx.onInvalidated(input.on(type, listener));
  };
  onReader('pointerup', () => {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(refreshToolbar, 10);
  });
  onReader('selectionchange', () => {
    if (input.pointerDown()) return; // the reader is still dragging; pointerup decides
    clearTimeout(settleTimer);
    if (!readerActedRecently()) {
      // A script changed the selection: never offer it, but a toolbar over a selection gone stays no longer.
      if (ui.toolbarOpen && !highlightableSelection(document, (el) => ui.owns(el))) ui.hideToolbar();
      return;
    }
    settleTimer = setTimeout(refreshToolbar, SELECTION_SETTLE_MS);
  });
  ctx.addEventListener(
    window,
    'scroll',
    () => {
      if (ui.toolbarOpen) refreshToolbar();
    },
    { passive: true, capture: true },
  );

  // Single-page news sites change story without a page load: the new story has its own highlights. WXT's
  // event is only a hint (a page script can fire one of that name too): what counts is that the address
  // changed. A change within the story (a hash, a `replaceState` while the reader scrolls) leaves the
  // editor open; leaving the story closes it, and what was typed stays in its draft for the reader's return.
  let navigationTimer: number | undefined;
  let canonicalBeforeNavigation: string | null = canonicalHref();
  let shownHref = location.href;
  let shownStory = storyKey(pageClaim());
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    clearTimeout(navigationTimer);
    navigationTimer = ctx.setTimeout(() => {
      if (location.href === shownHref) return;
      shownHref = location.href;
      const canonical = canonicalHref();
      staleCanonical = canonical === canonicalBeforeNavigation ? canonical : null;
      canonicalBeforeNavigation = canonical;
      const story = storyKey(pageClaim(staleCanonical));
      if (story === shownStory) return;
      shownStory = story;
      ui.hideToolbar();
      closeEditor();
      regions.invalidate();
      resumeOffered = false;
      void loadAnnotations();
    }, SPA_SETTLE_MS);
  });

  onReader('click', (e) => {
    const target = e.target as Element | null;
    if (!target || ui.owns(target) || isInteractive(target)) return;
    if (!document.getSelection()?.isCollapsed) return;
    const id = highlighter.hitTest(e.clientX, e.clientY);
    if (id && !id.startsWith('pending-')) void openEditorFor(id);
  });

  onReader('keydown', (e) => {
    if (e.key === 'Escape' && (ui.toolbarOpen || ui.editorOpen)) {
      ui.hideToolbar();
      closeEditor();
      return;
    }
    if (
      e.key.toLowerCase() === SHORTCUT.key &&
      e.altKey === SHORTCUT.altKey &&
      e.shiftKey === SHORTCUT.shiftKey
    ) {
      const range = highlightableSelection(document, (el) => ui.owns(el));
      if (range) {
        e.preventDefault();
        void highlight(range);
      }
    }
  });

  /** Answers a page command, or returns undefined (no reply) when another frame of the tab should answer. */
  function onCommand(command: PageCommand): Promise<Reply<unknown>> | undefined {
    switch (command.type) {
      case 'page.changed':
        // The background sends it only to tabs showing the story that changed.
        return loadAnnotations().then(() => ok(null));
      case 'page.highlightSelection': {
        const range = highlightableSelection(document, (el) => ui.owns(el));
        if (!range) return undefined;
        return highlight(range).then((highlighted) => ok({ highlighted }));
      }
      case 'page.scrollTo':
        if (!highlighter.has(command.id)) return undefined;
        return Promise.resolve(ok({ found: highlighter.reveal(command.id) }));
      case 'page.closeEditor': {
        if (!ui.editorOpen) return undefined;
        closeEditor();
        const { deleted } = command;
        if (deleted) ui.showAction('Highlight deleted.', 'Undo', () => void undoDelete(deleted));
        return Promise.resolve(ok(null));
      }
      case 'page.previewColor':
        return previewColor(command.color) ? Promise.resolve(ok(null)) : undefined;
    }
  }

  const onMessage = (raw: unknown): Promise<Reply<unknown>> | undefined => {
    const command = validatePageCommand(raw);
    return command ? onCommand(command) : undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  await loadAnnotations();
}
