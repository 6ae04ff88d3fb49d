/**
 * Note badges: the "this highlight has a note" cue. They are drawn in Gloss's own closed UI, never on the page:
 * whatever is painted on the page (highlight names, marks, style sheets) the page's scripts can read.
 *
 * A badge sits at the end of its highlight's last line box. Badges are placed in document coordinates inside
 * an absolutely positioned layer, so when the document scrolls the browser moves them with the text and no
 * code runs. They are placed again, in one animation frame however many reasons arrive, when:
 * - the set of noted ranges changes (set);
 * - the layout may have moved: the document element or body changes size (viewport resize, fonts, content
 *   arriving), fonts finish loading, or the owner says so after a batch of page mutations (refresh);
 * - an inner scroll container scrolls (only the badges inside it).
 * With no noted range there is no listener, observer or frame at all.
 */
import { composedContains } from './composed-tree';

/** A badge's box, for placement; the look lives in the UI's style sheet (`.note-badge`). */
export const BADGE_WIDTH = 14;
export const BADGE_HEIGHT = 12;
/** How far the badge's bottom reaches into the line below its top: it perches above the end like a footnote. */
const BADGE_DIP = 3;
/** How far the badge's near edge reaches back over the last character. */
const BADGE_OVERLAP = 1;

export const BADGE_CLASS = 'note-badge';

interface Place {
  /** Viewport coordinates of the badge's top-left corner, at measuring time. */
  left: number;
  top: number;
  rtl: boolean;
}

/** Overflow values that clip what is outside the box (anything else, `visible` or unknown, does not). */
const CLIPPING = new Set(['hidden', 'auto', 'scroll', 'clip', 'overlay']);

function clipsOverflow(style: CSSStyleDeclaration | undefined): boolean {
  return !!style && (CLIPPING.has(style.overflowX) || CLIPPING.has(style.overflowY));
}

/** Rects of the range's text that have an area (a range ending at a block's start adds an empty one). */
function lineRects(range: Range): DOMRect[] {
  return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
}

/**
 * Measures one pass's worth of clipping: whether a point of a highlight shows inside every ancestor that
 * clips overflow (a comment list in its own scroll box). Styles and boxes are read once per element per pass.
 */
function clipTester(doc: Document): (node: Node, x: number, y: number) => boolean {
  const win = doc.defaultView;
  const clips = new Map<Element, DOMRect | null>();
  let bodyClips: boolean | undefined;

  function clipOf(el: Element): DOMRect | null {
    let clip = clips.get(el);
    if (clip !== undefined) return clip;
    clip = clipsOverflow(win?.getComputedStyle(el)) ? el.getBoundingClientRect() : null;
    clips.set(el, clip);
    return clip;
  }

  return (node, x, y) => {
    for (
      let el = node.nodeType === 1 ? (node as Element) : node.parentElement;
      el && el !== doc.documentElement;
      el = el.parentElement
    ) {
      if (el === doc.body) {
        // The body's overflow belongs to the viewport unless the root element has overflow of its own.
        if (bodyClips === undefined) {
          bodyClips = clipsOverflow(win?.getComputedStyle(doc.documentElement));
        }
        if (!bodyClips) continue;
      }
      const clip = clipOf(el);
      if (clip && (x < clip.left - 1 || x > clip.right + 1 || y < clip.top || y > clip.bottom)) return false;
    }
    return true;
  };
}

/** Where the badge of one range goes, or null when its text shows nowhere (detached, hidden, scrolled away). */
function placeOf(range: Range, visible: (node: Node, x: number, y: number) => boolean): Place | null {
  if (!range.startContainer.isConnected || range.collapsed) return null;
  const rects = lineRects(range);
  const last = rects[rects.length - 1];
  if (!last) return null;
  // Rects of the same line (an inline element's box and its text's): the line's full extent.
  const line = rects.filter((r) => r.top < last.bottom && r.bottom > last.top);
  const end = range.endContainer;
  const endElement = end.nodeType === 1 ? (end as Element) : end.parentElement;
  const win = end.ownerDocument?.defaultView;
  const rtl = !!endElement && win?.getComputedStyle(endElement).direction === 'rtl';
  const x = rtl ? Math.min(...line.map((r) => r.left)) : Math.max(...line.map((r) => r.right));
  const top = Math.min(...line.map((r) => r.top));
  const bottom = Math.max(...line.map((r) => r.bottom));
  if (!visible(end, rtl ? x + 1 : x - 1, (top + bottom) / 2)) return null;
  return {
    left: rtl ? x - BADGE_WIDTH + BADGE_OVERLAP : x - BADGE_OVERLAP,
    top: top - BADGE_HEIGHT + BADGE_DIP,
    rtl,
  };
}

export class NoteMarkerLayer {
  private ranges: readonly Range[] = [];
  private readonly badges: HTMLElement[] = [];
  private frame: number | null = null;
  private dirtyAll = false;
  /** Inner scroll containers that scrolled since the last frame: only their badges move. */
  private dirtyScopes = new Set<Node>();
  private unwatch: (() => void) | null = null;

  /**
   * @param layer an absolutely positioned, pointer-events-free element of Gloss's own UI whose children this
   *   class owns; its position on the page is measured, so it may sit anywhere that scrolls with the document.
   * @param doc the page whose text the ranges are in.
   */
  constructor(
    private readonly layer: HTMLElement,
    private readonly doc: Document,
  ) {}

  /** Replaces the noted ranges (live ranges: they are measured again whenever the layout may have moved). */
  set(ranges: readonly Range[]): void {
    if (ranges.length === 0 && this.ranges.length === 0) return;
    this.ranges = [...ranges];
    if (this.ranges.length === 0) {
      this.stop();
      for (const badge of this.badges.splice(0)) badge.remove();
      return;
    }
    this.watch();
    this.schedule(null);
  }

  /** The page's layout may have changed (a batch of mutations); nothing happens without badges. */
  refresh(): void {
    if (this.ranges.length > 0) this.schedule(null);
  }

  /** How many badges show now (tests, diagnostics). */
  get visibleCount(): number {
    return this.badges.filter((b) => b.style.display !== 'none').length;
  }

  destroy(): void {
    this.set([]);
  }

  private schedule(scope: Node | null): void {
    if (scope === null) this.dirtyAll = true;
    else if (!this.dirtyAll) this.dirtyScopes.add(scope);
    if (this.frame !== null) return;
    const win = this.doc.defaultView;
    if (!win) return;
    this.frame = win.requestAnimationFrame(() => {
      this.frame = null;
      this.update();
    });
  }

  /** Measures every badge that needs it, then writes them all: one layout, however many badges. */
  private update(): void {
    const all = this.dirtyAll;
    const scopes = [...this.dirtyScopes];
    this.dirtyAll = false;
    this.dirtyScopes.clear();
    const visible = clipTester(this.doc);
    const origin = this.layer.getBoundingClientRect();
    const places: (Place | null | undefined)[] = this.ranges.map((range) =>
      all || scopes.some((s) => composedContains(s, range.startContainer))
        ? placeOf(range, visible)
        : undefined,
    );
    while (this.badges.length > this.ranges.length) this.badges.pop()?.remove();
    places.forEach((place, i) => {
      if (place === undefined) return;
      const badge = this.badgeAt(i);
      if (!place) {
        badge.style.display = 'none';
        return;
      }
      badge.style.display = '';
      badge.classList.toggle('rtl', place.rtl);
      // Relative to the layer, wherever the page put it: document coordinates that scroll with the text.
      const x = Math.round(place.left - origin.left);
      const y = Math.round(place.top - origin.top);
      badge.style.transform = `translate(${x}px, ${y}px)`;
    });
  }

  private badgeAt(i: number): HTMLElement {
    let badge = this.badges[i];
    if (!badge) {
      badge = this.layer.ownerDocument.createElement('div');
      badge.className = BADGE_CLASS;
      this.layer.append(badge);
      this.badges[i] = badge;
    }
    return badge;
  }

  private watch(): void {
    if (this.unwatch) return;
    const win = this.doc.defaultView;
    if (!win) return;
    const layoutMoved = (): void => this.schedule(null);
    const resize = win.ResizeObserver ? new win.ResizeObserver(layoutMoved) : null;
    resize?.observe(this.doc.documentElement);
    if (this.doc.body) resize?.observe(this.doc.body);
    const fonts = this.doc.fonts as FontFaceSet | undefined;
    fonts?.addEventListener?.('loadingdone', layoutMoved);
    // The document's own scrolling needs nothing (the layer scrolls with it); an inner scroller's does.
    const scrolled = (e: Event): void => {
      const target = e.target as Node | null;
      if (target && target.nodeType === 1) this.schedule(target);
    };
    const capture = { capture: true, passive: true };
    win.addEventListener('scroll', scrolled, capture);
    this.unwatch = () => {
      resize?.disconnect();
      fonts?.removeEventListener?.('loadingdone', layoutMoved);
      win.removeEventListener('scroll', scrolled, capture);
    };
  }

  private stop(): void {
    this.unwatch?.();
    this.unwatch = null;
    if (this.frame !== null) this.doc.defaultView?.cancelAnimationFrame(this.frame);
    this.frame = null;
    this.dirtyAll = false;
    this.dirtyScopes.clear();
  }
}
