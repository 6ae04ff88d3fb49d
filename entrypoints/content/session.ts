import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { anchor, describe, invalidateAnchoringCache } from '../../annotator/anchoring';
import { createHighlighter, type Highlighter } from '../../annotator/highlighter';
import { type PageRegions, regionOf } from '../../annotator/regions';
import { type LazyRegions, lazyRegions } from '../../annotator/regions/lazy';
import { Restorer } from '../../annotator/restore';
import { highlightableSelection } from '../../annotator/selection';
import { getTextIndex } from '../../annotator/text-index';
import { PALETTE } from '../../components/palette';
import { request } from '../../messaging/client';
import { SUGGESTED_SHORTCUTS } from '../../messaging/commands';
import type { Draft, PageClaim } from '../../messaging/protocol';
import { type AnnotationRegion, DEFAULT_COLOR, type HighlightColor } from '../../storage/annotation';
import type { PagePrefs } from '../../storage/settings';
import { PageUi } from './page-ui';
import { type ReaderEventType, type ReaderInput, watchReaderInput } from './reader-input';
import { type StoryWatch, watchStory } from './story-watch';

/** Restoring anchors this long at most before it lets the page run: no long task, however many highlights. */
const RESTORE_SLICE_MS = 8;

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * What every feature of Gloss on one page (or comment frame) shares: the content script's context, Gloss's UI,
 * the highlighter and restorer, the page's regions (detected when first needed), the reader's input, and what
 * the page says of itself. Features (features/*.ts) each start with a session and bind their listeners to its
 * context, so a reloaded extension leaves nothing behind.
 */
export class PageSession {
  readonly ui: PageUi;
  readonly highlighter: Highlighter;
  readonly restorer: Restorer;
  readonly regions: LazyRegions;
  readonly input: ReaderInput;
  /** The colour the toolbar offers next. */
  color: HighlightColor = DEFAULT_COLOR;
  /** How the reader set Gloss up for this page (Options), as the last load said. */
  prefs: PagePrefs = {
    color: DEFAULT_COLOR,
    toolbar: 'selection',
    off: false,
    shortcuts: SUGGESTED_SHORTCUTS,
  };
  /** Called when the frame shows another story after an in-page navigation (single-page sites). */
  readonly onStoryChange = new Set<() => void>();
  private readonly story: StoryWatch;
  /** Called after each batch of anchoring (a highlight the popup asked to show may be painted now). */
  readonly onAnchored = new Set<() => void>();

  constructor(
    readonly ctx: ContentScriptContext,
    knownRegions?: PageRegions,
  ) {
    const ui = new PageUi(document);
    this.ui = ui;
    // The page sees only colours; which highlights carry a note shows as badges in Gloss's closed UI.
    const highlighter = createHighlighter(document, PALETTE, {
      onNotesChange: () => ui.setNoteMarkers(highlighter.notedRanges()),
    });
    this.highlighter = highlighter;
    this.restorer = new Restorer({
      root: document.body,
      highlighter,
      anchor,
      invalidate: invalidateAnchoringCache,
      ignore: (node) => ui.owns(node),
      shadowRoots: () => getTextIndex(document.body).shadowRoots,
      onRecheck: () => ui.refreshNoteMarkers(),
      sliceMs: RESTORE_SLICE_MS,
      onAnchoredChange: (changes) => {
        for (const listener of this.onAnchored) listener();
        for (const anchored of [true, false]) {
          const ids = changes.filter((c) => c.anchored === anchored).map((c) => c.id);
          if (ids.length > 0) request('annotations.setAnchored', { ids, anchored }).catch(() => {});
        }
      },
      onPageQuoteChange: (changes) => {
        request('annotations.setPageQuote', { changes }).catch(() => {});
      },
    });
    this.regions = lazyRegions(document, knownRegions);
    this.input = watchReaderInput(window);
    this.story = watchStory(() => {
      for (const listener of this.onStoryChange) listener();
    }, ctx.signal);
    ctx.onInvalidated(() => {
      this.regions.stop();
      this.restorer.disconnect();
      highlighter.destroy();
      ui.destroy();
    });
  }

  /** Calls `listener` with each of the reader's own events of this type, while the content script lives. */
  onReader<K extends ReaderEventType>(type: K, listener: (e: WindowEventMap[K]) => void): void {
    this.ctx.onInvalidated(this.input.on(type, listener));
  }

  /**
   * Takes the settings a load brought. A new default colour replaces the one the toolbar offers; the same
   * one leaves the reader's pick on this page alone.
   */
  applyPrefs(prefs: PagePrefs): void {
    if (prefs.color !== this.prefs.color) this.color = prefs.color;
    this.prefs = prefs;
    if (prefs.off) this.ui.hideToolbar();
  }

  claim(): PageClaim {
    return this.story.claim();
  }

  /** The reader's selection, when it is page text Gloss may highlight. */
  selection(): Range | null {
    return highlightableSelection(document, (el) => this.ui.owns(el));
  }

  clearSelection(): void {
    document.getSelection()?.removeAllRanges();
    this.ui.hideToolbar();
  }

  /** A new highlight of `range`, grouped by the region it is in (the whole page when in none). */
  draftOf(range: Range): Draft {
    const where = this.regionFor(range) ?? { region: { kind: 'page' } as const, scope: null };
    const selectors = describe(document.body, range, { scope: where.scope });
    if (selectors.length === 0) throw new Error('the selection holds no readable text.');
    return {
      region: where.region,
      selectors,
      quote: range.toString().replace(/\s+/g, ' ').trim(),
      color: this.color,
    };
  }

  private regionFor(range: Range): { region: AnnotationRegion; scope: Element } | null {
    const found = regionOf(this.regions.get(), range.commonAncestorContainer);
    if (found?.kind === 'comment') {
      return {
        region: { kind: 'comment', author: found.author, commentKey: found.key },
        scope: found.element,
      };
    }
    if (found?.kind === 'article') return { region: { kind: 'article' }, scope: found.element };
    return null;
  }
}
