import type { Highlighter } from './highlighter';
import type { Selector } from './selectors';

/**
 * What the restorer needs of a saved annotation: never the note's text, which the content script has no use
 * for (the note editor is an extension page); only whether there is one, for the note badge.
 */
export interface Restorable {
  id: string;
  selectors: Selector[];
  color: string;
  /** Whether the reader wrote a note on it (never the note itself: the page could read it here). */
  hasNote: boolean;
  /**
   * How the page showed the passage when last found (null: as saved). Given, the restorer reports when the
   * page's text of the passage comes to differ from the saved quote (its TextQuoteSelector): the story was
   * edited.
   */
  pageQuote?: string | null;
}

/** How the page shows a passage now, where it differs from the saved quote; null when it matches again. */
export interface PageQuoteChange {
  id: string;
  pageQuote: string | null;
}

/** The saved quote: the first TextQuoteSelector's `exact`, refinements included. */
function savedQuote(selectors: readonly Selector[]): string | undefined {
  for (const s of selectors) {
    if (s.type === 'TextQuoteSelector') return s.exact;
    const inner = 'refinedBy' in s && s.refinedBy ? savedQuote([s.refinedBy]) : undefined;
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** A passage's text as Gloss saves quotes: whitespace runs as one space. */
function spaced(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether the page's text is the saved quote, whitespace aside (other tools cut block boundaries apart). */
function sameText(shown: string, quote: string): boolean {
  return shown.replace(/\s+/g, '') === quote.replace(/\s+/g, '');
}

/**
 * Re-anchoring orphans searches the whole page. On a page that mutates without pause (ads, live tickers), a
 * re-check waits at least this many times its last cost, so it takes at most 1/RECHECK_BUDGET of the thread.
 */
const RECHECK_BUDGET = 20;

/**
 * A page can render where no mutation record shows it: a comment widget that attaches a shadow root to a host
 * already in the page and draws into it. Orphans are looked for again after these delays (from the last
 * anchoring), so its highlights still come back; a page whose passages are truly gone pays three re-checks.
 */
const ORPHAN_RETRY_MS = [1_000, 4_000, 15_000] as const;

const WATCHED: MutationObserverInit = { childList: true, characterData: true, subtree: true };

export type AnchorFn = (root: Element, selectors: Selector[]) => Range | null;

export interface RestorerOptions {
  root: Element;
  highlighter: Highlighter;
  anchor: AnchorFn;
  /** Called with the ids whose anchored state changed (found again, or lost). */
  onAnchoredChange?: (changes: { id: string; anchored: boolean }[]) => void;
  /** Called when passages come to read differently on the page than saved, or the same again. */
  onPageQuoteChange?: (changes: PageQuoteChange[]) => void;
  /** Nodes whose mutations never concern highlights (Gloss's own UI). */
  ignore?: (node: Node) => boolean;
  /** Delay that batches a burst of mutations into one re-anchoring pass. */
  batchMs?: number;
  /** Tells the anchoring cache that the page's text changed. */
  invalidate?: (root: Element) => void;
  /**
   * Called after each re-check of a batch of mutations: the page changed, so painted passages may have moved
   * (what Gloss draws in its own UI next to them follows).
   */
  onRecheck?: () => void;
  /**
   * Open shadow roots whose text the page's text holds (the text index's): separate trees, watched apart,
   * since the root's observer does not see into them.
   */
  shadowRoots?: () => readonly ShadowRoot[];
  /**
   * Anchor for at most this long at a time, then let the page run before going on: restoring hundreds of
   * highlights on a long page must not form one long task. Without it, everything anchors at once (tests).
   */
  sliceMs?: number;
}

/**
 * Keeps a page's saved highlights painted while the page changes: anchors each annotation, remembers the
 * orphans, and after a batch of DOM mutations re-tries the orphans and re-anchors highlights whose text was
 * removed or re-rendered (comment sections that load late or rebuild themselves).
 */
export class Restorer {
  private readonly annotations = new Map<string, Restorable>();
  private readonly anchored = new Map<string, boolean>();
  /** Text each highlight covered when painted: a range whose end node was re-rendered shrinks silently. */
  private readonly paintedText = new Map<string, string>();
  /** What was last reported (or stored) of how the page shows each passage. */
  private readonly pageQuotes = new Map<string, string | null>();
  private observer: MutationObserver | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Cost of the last re-check and when it ended, so pages that never stop mutating get a bounded share. */
  private lastFlushMs = 0;
  private lastFlushEnd = 0;
  /** Annotations waiting for their turn to anchor (see `sliceMs`), by id. */
  private readonly queue = new Map<string, Restorable>();
  private sliceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Shadow roots the observer watches besides the root (a WeakSet: a widget's root may go away). */
  private watchedTrees = new WeakSet<Node>();
  /** Orphan re-checks done since the page's list last came (see ORPHAN_RETRY_MS). */
  private orphanRetries = 0;
  private orphanTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: RestorerOptions) {}

  /** Replaces the set of annotations (the page's list from storage) and paints them. */
  setAnnotations(list: Restorable[]): void {
    const incoming = new Map(list.map((a) => [a.id, a]));
    for (const id of [...this.annotations.keys()]) {
      if (!incoming.has(id)) {
        this.annotations.delete(id);
        this.anchored.delete(id);
        this.paintedText.delete(id);
        this.pageQuotes.delete(id);
        this.options.highlighter.remove(id);
      }
    }
    const toAnchor: Restorable[] = [];
    for (const a of list) {
      const previous = this.annotations.get(a.id);
      this.annotations.set(a.id, a);
      const sameTarget = previous && JSON.stringify(previous.selectors) === JSON.stringify(a.selectors);
      const range = this.options.highlighter.rangeOf(a.id);
      if (sameTarget && range?.startContainer.isConnected) {
        if (previous.color !== a.color || previous.hasNote !== a.hasNote) this.paintRange(a, range);
      } else {
        toAnchor.push(a);
      }
    }
    this.orphanRetries = 0;
    this.anchorAll(toAnchor);
    this.observe();
  }

  /** Paints a highlight the reader just made, whose range is already known. */
  add(annotation: Restorable, range: Range): void {
    this.annotations.set(annotation.id, annotation);
    // Reported like any anchoring, so the background knows which frame shows it.
    if (this.anchored.get(annotation.id) !== true) {
      this.options.onAnchoredChange?.([{ id: annotation.id, anchored: true }]);
    }
    this.anchored.set(annotation.id, true);
    this.paintedText.set(annotation.id, range.toString());
    this.paintRange(annotation, range);
    this.observe();
  }

  /** Paints a highlight again as stored, e.g. after a colour preview the reader cancelled. */
  repaint(id: string): void {
    const a = this.annotations.get(id);
    const range = this.options.highlighter.rangeOf(id);
    if (a && range && this.isAnchored(id)) this.paintRange(a, range);
  }

  hasNote(id: string): boolean {
    return this.annotations.get(id)?.hasNote ?? false;
  }

  isAnchored(id: string): boolean {
    return this.anchored.get(id) === true;
  }

  orphans(): string[] {
    return [...this.annotations.keys()].filter((id) => !this.isAnchored(id));
  }

  /** Re-checks now instead of waiting for the batch (tests, or after the page said it changed). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const start = performance.now();
    try {
      this.recheck();
    } finally {
      this.lastFlushEnd = performance.now();
      this.lastFlushMs = this.lastFlushEnd - start;
    }
    this.options.onRecheck?.();
  }

  /** Delay before the next re-check: the batch time, or longer after an expensive one (see RECHECK_BUDGET). */
  nextDelay(now = performance.now()): number {
    return Math.max(
      this.options.batchMs ?? 200,
      this.lastFlushMs * RECHECK_BUDGET - (now - this.lastFlushEnd),
    );
  }

  private recheck(): void {
    this.options.invalidate?.(this.options.root);
    const stale = [...this.annotations.values()].filter((a) => {
      const range = this.options.highlighter.rangeOf(a.id);
      return (
        !range?.startContainer.isConnected ||
        !range.endContainer.isConnected ||
        range.collapsed ||
        range.toString() !== this.paintedText.get(a.id)
      );
    });
    if (stale.length > 0) this.anchorAll(stale);
  }

  disconnect(): void {
    clearTimeout(this.timer);
    clearTimeout(this.sliceTimer);
    clearTimeout(this.orphanTimer);
    this.queue.clear();
    this.observer?.disconnect();
    this.observer = null;
    this.watchedTrees = new WeakSet();
  }

  private anchorAll(list: Restorable[]): void {
    for (const a of list) this.queue.set(a.id, a);
    clearTimeout(this.sliceTimer);
    this.sliceTimer = undefined;
    this.drain();
  }

  /** Anchors queued annotations, one slice at a time when `sliceMs` is set; reports each slice's changes. */
  private drain(): void {
    const budget = this.options.sliceMs;
    const start = performance.now();
    const changes: { id: string; anchored: boolean }[] = [];
    const quoteChanges: PageQuoteChange[] = [];
    let anchoredAny = false;
    for (const [id, a] of this.queue) {
      // At least one per slice, so that a single slow passage still makes progress.
      if (budget !== undefined && anchoredAny && performance.now() - start >= budget) break;
      this.queue.delete(id);
      // Dropped from the page's list, or replaced by a newer copy, since it was queued.
      if (this.annotations.get(id) !== a) continue;
      anchoredAny = true;
      const change = this.anchorOne(a);
      if (change) changes.push(change);
      const quoteChange = this.pageQuoteChange(a);
      if (quoteChange) quoteChanges.push(quoteChange);
    }
    if (changes.length > 0) this.options.onAnchoredChange?.(changes);
    if (quoteChanges.length > 0) this.options.onPageQuoteChange?.(quoteChanges);
    if (this.queue.size > 0) {
      this.sliceTimer = setTimeout(() => this.drain(), 0);
      return;
    }
    // Only after anchoring, whose text index is fresh: a list that brought nothing new builds none for this.
    if (anchoredAny) this.watchTrees();
    this.retryOrphansLater();
  }

  private retryOrphansLater(): void {
    clearTimeout(this.orphanTimer);
    this.orphanTimer = undefined;
    const delay = ORPHAN_RETRY_MS[this.orphanRetries];
    if (delay === undefined || this.orphans().length === 0) return;
    this.orphanTimer = setTimeout(() => {
      this.orphanRetries++;
      this.flush();
    }, delay);
  }

  /** Anchors and paints one annotation; returns its change of anchored state, if any. */
  private anchorOne(a: Restorable): { id: string; anchored: boolean } | null {
    let range: Range | null = null;
    try {
      range = this.options.anchor(this.options.root, a.selectors);
    } catch {
      range = null; // A selector this page cannot resolve is an orphan, not a crash.
    }
    if (range) {
      this.paintedText.set(a.id, range.toString());
      this.paintRange(a, range);
    } else {
      this.paintedText.delete(a.id);
      this.options.highlighter.remove(a.id);
    }
    const now = range !== null;
    const changed = this.anchored.get(a.id) !== now;
    this.anchored.set(a.id, now);
    return changed ? { id: a.id, anchored: now } : null;
  }

  /** How the page now shows `a`'s passage, if that changed since last reported; nothing for an orphan. */
  private pageQuoteChange(a: Restorable): PageQuoteChange | null {
    const shown = this.paintedText.get(a.id);
    const quote = savedQuote(a.selectors);
    if (a.pageQuote === undefined || quote === undefined || shown === undefined) return null;
    const pageQuote = sameText(shown, quote) ? null : spaced(shown);
    const last = this.pageQuotes.has(a.id) ? this.pageQuotes.get(a.id) : (a.pageQuote ?? null);
    this.pageQuotes.set(a.id, pageQuote);
    return pageQuote === last ? null : { id: a.id, pageQuote };
  }

  private paintRange(a: Restorable, range: Range): void {
    this.options.highlighter.paint(a.id, range, a.color, a.hasNote);
  }

  private observe(): void {
    if (this.observer || this.annotations.size === 0) return;
    const win = this.options.root.ownerDocument.defaultView;
    if (!win?.MutationObserver) return;
    this.observer = new win.MutationObserver((records) => {
      if (this.timer !== undefined) return;
      const relevant = records.some(
        (r) => (r.type === 'childList' || r.type === 'characterData') && !this.options.ignore?.(r.target),
      );
      if (!relevant) return;
      this.timer = setTimeout(() => this.flush(), this.nextDelay());
    });
    this.observer.observe(this.options.root, WATCHED);
    this.watchTrees();
  }

  /** Watches the shadow roots the page's text now reaches into, each once. */
  private watchTrees(): void {
    if (!this.observer) return;
    for (const tree of this.options.shadowRoots?.() ?? []) {
      if (this.watchedTrees.has(tree)) continue;
      this.watchedTrees.add(tree);
      this.observer.observe(tree, WATCHED);
    }
  }
}
