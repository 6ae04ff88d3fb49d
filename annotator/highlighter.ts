/**
 * Paints highlights on the page. With the CSS Custom Highlight API the page's DOM is never touched, so pages
 * that re-render (React and friends) are not disturbed and no Gloss markup leaks into the page. Where the API
 * is missing, text is wrapped in <mark class="gloss-<colour>"> elements instead.
 *
 * Colours are names; the paint for each lives in a style sheet of the page's own document, since a
 * ::highlight() rule inside a shadow root would not paint the page's text; and, for a passage inside a page's
 * open shadow root (a comment widget), in that root too, since Firefox paints shadow text only from there.
 *
 * Everything painted here is readable by the page's scripts (CSS.highlights, the style sheet, the marks), so
 * it says only what the screen shows anyway: which passages are highlighted, in which colour. Which highlight
 * carries a note, and any annotation id, stay in this module's memory; the "has a note" cue is drawn in
 * Gloss's own closed UI from notedRanges().
 */
import { hostOf } from './composed-tree';

export interface HighlightPaint {
  /** Background colour for the highlighted text (the text itself turns near-black for contrast). */
  background: string;
}

export interface Highlighter {
  /**
   * Paints (or repaints) one highlight; a collapsed or detached range paints nothing. `hasNote` is kept in
   * memory only (see notedRanges): the page sees the same paint with or without a note. Repainting the same
   * range in the same colour with only `hasNote` changed leaves the page's registry and DOM untouched.
   */
  paint(id: string, range: Range, color: string, hasNote?: boolean): void;
  remove(id: string): void;
  clear(): void;
  has(id: string): boolean;
  rangeOf(id: string): Range | undefined;
  ids(): string[];
  /** The highlight under a viewport point, the most recently painted one when several overlap. */
  hitTest(x: number, y: number): string | null;
  /** The painted ranges of highlights that carry a note, in paint order (for Gloss's own note badges). */
  notedRanges(): Range[];
  /** Scrolls the highlight into view and makes it stand out briefly. */
  reveal(id: string): boolean;
  /**
   * Adds the paint's style sheet to the page now rather than at the first paint. Adding it restyles the whole
   * page once (tens of milliseconds on a long story): done while the reader looks at the toolbar, the first
   * highlight paints at once.
   */
  prepare(): void;
  /**
   * Hides every paint (and, through notedRanges, the note badges) or shows them again, without forgetting
   * them: the reader reads the page as it is, then has the highlights back.
   */
  setHidden(hidden: boolean): void;
  readonly hidden: boolean;
  /** Removes the style sheet and every paint (extension reloaded or disabled). */
  destroy(): void;
}

const FLASH_MS = 1_600;

export interface HighlighterOptions {
  /** Start of every highlight name and fallback class (`<prefix>-<colour>`, `<prefix>-flash`). */
  prefix?: string;
  /** Wrap text in <mark> elements even where the Highlight API exists. */
  forceFallback?: boolean;
  /**
   * Called, synchronously, whenever notedRanges() may have changed: a highlight with a note was painted,
   * repainted or removed, or a highlight gained or lost its note. Never called on a page without notes.
   */
  onNotesChange?: () => void;
}

interface Painted {
  range: Range;
  color: string;
  hasNote: boolean;
  /** The fallback's marks; the mark -> id mapping lives only here, never in the page's DOM. */
  marks: Mark[];
}

function highlightApi(doc: Document): { registry: HighlightRegistry; Ctor: typeof Highlight } | null {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  const registry = win?.CSS?.highlights;
  const Ctor = win?.Highlight;
  return registry && Ctor ? { registry, Ctor } : null;
}

function buildCss(
  prefix: string,
  paints: Record<string, HighlightPaint>,
  native: boolean,
  hidden: boolean,
): string {
  const rules: string[] = [];
  for (const [name, paint] of Object.entries(paints)) {
    // !important, and adopted after the page's own sheets: a page rule making Gloss's paint transparent loses.
    // Hidden, a fallback <mark> must not show the browser's own yellow either.
    const base = hidden
      ? 'background-color: transparent !important; color: inherit !important;'
      : `background-color: ${paint.background} !important; color: #111 !important;`;
    rules.push(
      native
        ? `::highlight(${prefix}-${name}) { ${base} }`
        : `mark.${prefix}-${name} { ${base} padding: 0; }`,
    );
  }
  rules.push(
    native
      ? `::highlight(${prefix}-flash) { background-color: #ffb300; color: #000; text-decoration: underline 2px #e65100; }`
      : `mark.${prefix}-flash { outline: 2px solid #e65100; background-color: #ffb300; }`,
  );
  return rules.join('\n');
}

/** Where a style sheet applies: the page's document, or one of its open shadow roots. */
type StyleScope = Document | ShadowRoot;

function adoptSheet(scope: StyleScope, css: string): () => void {
  const doc = scope.nodeType === 9 ? (scope as Document) : (scope.ownerDocument as Document);
  const win = doc.defaultView;
  try {
    if (win && 'adoptedStyleSheets' in scope && typeof win.CSSStyleSheet === 'function') {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(css);
      scope.adoptedStyleSheets = [...scope.adoptedStyleSheets, sheet];
      return () => {
        scope.adoptedStyleSheets = scope.adoptedStyleSheets.filter((s) => s !== sheet);
      };
    }
  } catch {
    // Firefox content scripts may not assign the page's adoptedStyleSheets; a <style> element works there.
  }
  const style = doc.createElement('style');
  style.textContent = css;
  if (scope === doc) (doc.head ?? doc.documentElement).append(style);
  else scope.append(style);
  return () => style.remove();
}

function textNodesIn(range: Range): Text[] {
  const doc = range.startContainer.ownerDocument ?? (range.startContainer as Document);
  const root = range.commonAncestorContainer;
  const nodes: Text[] = [];
  if (root.nodeType === 3) return [root as Text];
  const walker = doc.createTreeWalker(root, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (range.intersectsNode(n) && (n as Text).data.length > 0) nodes.push(n as Text);
  }
  return nodes;
}

/** A fallback <mark>, and whether its text was split off the page's text node before / after it. */
interface Mark {
  element: HTMLElement;
  joinBefore: boolean;
  joinAfter: boolean;
}

/**
 * Wraps the range's text in <mark> elements: the fallback where the Highlight API is missing. The marks carry
 * their colour's class and nothing else: no id, no note flag.
 */
function wrapRange(range: Range, className: string): Mark[] {
  const marks: Mark[] = [];
  for (const node of textNodesIn(range)) {
    let target = node;
    const start = node === range.startContainer ? range.startOffset : 0;
    const end = node === range.endContainer ? range.endOffset : node.data.length;
    if (start >= end) continue;
    const joinAfter = end < target.data.length;
    if (joinAfter) target.splitText(end);
    const joinBefore = start > 0;
    if (joinBefore) target = target.splitText(start);
    const element = node.ownerDocument.createElement('mark');
    element.className = className;
    target.replaceWith(element);
    element.append(target);
    marks.push({ element, joinBefore, joinAfter });
  }
  return marks;
}

/**
 * Removes the marks and joins back only the text nodes wrapRange split: normalize() would also merge text
 * nodes the page keeps apart on purpose (a framework's `Hello {name}`), leaving it writing to detached nodes.
 */
function unwrap(marks: Mark[]): void {
  for (const { element, joinBefore, joinAfter } of marks) {
    const parent = element.parentNode;
    if (!parent) continue;
    const inner = element.firstChild;
    while (element.firstChild) parent.insertBefore(element.firstChild, element);
    element.remove();
    let text = inner?.nodeType === 3 ? (inner as Text) : null;
    if (text && joinBefore && text.previousSibling?.nodeType === 3) {
      const before = text.previousSibling as Text;
      before.appendData(text.data);
      text.remove();
      text = before;
    }
    if (text && joinAfter && text.nextSibling?.nodeType === 3) {
      const after = text.nextSibling as Text;
      text.appendData(after.data);
      after.remove();
    }
  }
}

function rectContains(rect: DOMRect, x: number, y: number): boolean {
  return x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom;
}

export function createHighlighter(
  doc: Document,
  paints: Record<string, HighlightPaint>,
  options: HighlighterOptions = {},
): Highlighter {
  const prefix = options.prefix ?? 'gloss';
  const api = options.forceFallback ? null : highlightApi(doc);
  const painted = new Map<string, Painted>();
  const groups = new Map<string, Highlight>();
  // Adopted at the first paint, not before: a new style sheet restyles the whole page (100+ ms on a heavy
  // news page), which a page without highlights must never pay.
  const sheets = new Map<StyleScope, () => void>();
  let hidden = false;
  const ensureSheet = (scope: StyleScope = doc): void => {
    if (!sheets.has(scope))
      sheets.set(scope, adoptSheet(scope, buildCss(prefix, paints, api !== null, hidden)));
  };
  /** The document's sheet, and the shadow root's when the passage lies in one. */
  const ensureSheetsFor = (range: Range): void => {
    ensureSheet();
    const tree = range.startContainer.getRootNode();
    if (hostOf(tree)) ensureSheet(tree as ShadowRoot);
  };
  const removeSheets = (): StyleScope[] => {
    const scopes = [...sheets.keys()];
    for (const remove of sheets.values()) remove();
    sheets.clear();
    return scopes;
  };
  const flashClass = `${prefix}-flash`;
  let flashTimer: ReturnType<typeof setTimeout> | undefined;
  let flashed: Mark[] = [];

  /** The page-visible highlight of a colour (or of the flash): its name says nothing but the colour. */
  function group(name: string): Highlight | null {
    if (!api) return null;
    let h = groups.get(name);
    if (!h) {
      h = new api.Ctor();
      groups.set(name, h);
      api.registry.set(`${prefix}-${name}`, h);
    }
    return h;
  }

  function notesChanged(): void {
    options.onNotesChange?.();
  }

  /** Removes one paint; true when it had a note, so the caller tells the note badges. */
  function unpaint(id: string): boolean {
    const p = painted.get(id);
    if (!p) return false;
    painted.delete(id);
    group(p.color)?.delete(p.range);
    group('flash')?.delete(p.range);
    unwrap(p.marks);
    return p.hasNote;
  }

  function remove(id: string): void {
    if (unpaint(id)) notesChanged();
  }

  return {
    paint(id, range, color, hasNote = false) {
      const p = painted.get(id);
      if (
        p &&
        p.range === range &&
        p.color === color &&
        !range.collapsed &&
        range.startContainer.isConnected
      ) {
        // Only the note changed: nothing the page can see changes (not even the order of ranges in the
        // registry, which would tell the page that something happened to this highlight).
        if (p.hasNote !== hasNote) {
          p.hasNote = hasNote;
          notesChanged();
        }
        return;
      }
      let changed = unpaint(id);
      if (!range.collapsed && range.startContainer.isConnected) {
        ensureSheetsFor(range);
        const h = group(color);
        if (h) {
          h.add(range);
          painted.set(id, { range, color, hasNote, marks: [] });
        } else {
          const marks = wrapRange(range, `${prefix}-${color}`);
          const first = marks[0]?.element;
          const last = marks[marks.length - 1]?.element;
          const kept = doc.createRange();
          if (first && last) {
            kept.setStartBefore(first);
            kept.setEndAfter(last);
          }
          painted.set(id, { range: kept, color, hasNote, marks });
        }
        changed ||= hasNote;
      }
      if (changed) notesChanged();
    },
    remove,
    clear() {
      let changed = false;
      for (const id of [...painted.keys()]) changed = unpaint(id) || changed;
      if (changed) notesChanged();
    },
    has: (id) => painted.has(id),
    rangeOf: (id) => painted.get(id)?.range,
    ids: () => [...painted.keys()],
    notedRanges: () => (hidden ? [] : [...painted.values()].filter((p) => p.hasNote).map((p) => p.range)),
    get hidden() {
      return hidden;
    },
    setHidden(next) {
      if (next === hidden) return;
      hidden = next;
      for (const scope of removeSheets()) ensureSheet(scope);
      if ([...painted.values()].some((p) => p.hasNote)) options.onNotesChange?.();
    },
    hitTest(x, y) {
      const entries = [...painted.entries()].reverse();
      for (const [id, p] of entries) {
        if (!p.range.startContainer.isConnected) continue;
        for (const rect of p.range.getClientRects()) if (rectContains(rect, x, y)) return id;
      }
      return null;
    },
    reveal(id) {
      const p = painted.get(id);
      if (!p?.range.startContainer.isConnected) return false;
      const target =
        p.marks[0]?.element ??
        (p.range.startContainer.nodeType === 1
          ? (p.range.startContainer as Element)
          : p.range.startContainer.parentElement);
      target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      const flash = group('flash');
      for (const m of flashed) m.element.classList.remove(flashClass);
      if (flash) {
        flash.clear();
        flash.add(p.range);
      } else {
        flashed = p.marks;
        for (const m of flashed) m.element.classList.add(flashClass);
      }
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => {
        flash?.clear();
        for (const m of flashed) m.element.classList.remove(flashClass);
        flashed = [];
      }, FLASH_MS);
      return true;
    },
    prepare: () => ensureSheet(),
    destroy() {
      clearTimeout(flashTimer);
      let changed = false;
      for (const id of [...painted.keys()]) changed = unpaint(id) || changed;
      if (api) for (const name of groups.keys()) api.registry.delete(`${prefix}-${name}`);
      groups.clear();
      removeSheets();
      if (changed) notesChanged();
    },
  };
}
