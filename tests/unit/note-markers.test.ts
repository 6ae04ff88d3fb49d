// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BADGE_CLASS, NoteMarkerLayer } from '../../annotator/note-markers';
import { rangeAcrossNodes } from './dom-ranges';

/** jsdom has no layout: each range and element gets the boxes a browser would measure. */
function box(left: number, top: number, width: number, height: number): DOMRect {
  return { left, top, width, height, right: left + width, bottom: top + height, x: left, y: top } as DOMRect;
}

function withRects(range: Range, rects: DOMRect[]): Range {
  const measured = vi.fn(() => rects as unknown as DOMRectList);
  Object.defineProperty(range, 'getClientRects', { value: measured, configurable: true });
  return range;
}

function withBox(el: Element, rect: DOMRect): void {
  Object.defineProperty(el, 'getBoundingClientRect', { value: () => rect, configurable: true });
}

function rangeOf(quote: string): Range {
  const range = rangeAcrossNodes(document.body, quote);
  if (!range) throw new Error(`"${quote}" is not on the page`);
  return range;
}

const win = document.defaultView as Window & typeof globalThis;
let frames: Map<number, FrameRequestCallback>;
let nextFrame: number;
let layer: HTMLElement;
let markers: NoteMarkerLayer | undefined;

/** Runs the pending animation frames, as the browser would before the next paint. */
function runFrames(): void {
  const pending = [...frames.values()];
  frames.clear();
  for (const cb of pending) cb(0);
}

function badges(): HTMLElement[] {
  return [...layer.querySelectorAll<HTMLElement>(`.${BADGE_CLASS}`)];
}

function shown(): string[] {
  return badges()
    .filter((b) => b.style.display !== 'none')
    .map((b) => b.style.transform);
}

beforeEach(() => {
  document.body.innerHTML = [
    '<article>',
    '<p id="p1">On Monday the council voted to close the library.</p>',
    '<p id="p2">Residents signed a petition within hours.</p>',
    '<div id="scroller" style="overflow-x: hidden; overflow-y: auto"><p id="c1">First comment in a scroll box.</p></div>',
    '</article>',
  ].join('');
  frames = new Map();
  nextFrame = 0;
  vi.spyOn(win, 'requestAnimationFrame').mockImplementation((cb) => {
    frames.set(++nextFrame, cb);
    return nextFrame;
  });
  vi.spyOn(win, 'cancelAnimationFrame').mockImplementation((id) => {
    frames.delete(id);
  });
  // Gloss's layer sits on the document's origin; the document is scrolled down by 500 px.
  layer = document.createElement('div');
  withBox(layer, box(0, -500, 1000, 0));
  markers = new NoteMarkerLayer(layer, document);
});

afterEach(() => {
  markers?.destroy();
  markers = undefined;
  vi.restoreAllMocks();
});

describe('NoteMarkerLayer', () => {
  it('does no work at all while no highlight has a note', () => {
    const listen = vi.spyOn(win, 'addEventListener');
    markers?.set([]);
    markers?.refresh();
    markers?.refresh();
    expect(win.requestAnimationFrame).not.toHaveBeenCalled();
    expect(listen).not.toHaveBeenCalled();
    expect(badges()).toEqual([]);
  });

  it('places a badge at the end of each range in document coordinates, in one frame for many calls', () => {
    const a = withRects(rangeOf('voted to close'), [box(200, 100, 120, 20)]);
    const b = withRects(rangeOf('signed a petition'), [box(90, 140, 130, 20)]);
    markers?.set([a]);
    markers?.set([a, b]);
    markers?.refresh();
    expect(win.requestAnimationFrame).toHaveBeenCalledTimes(1);
    expect(badges()).toEqual([]);
    runFrames();
    // x: the line's end less the overlap; y: above the line's top, plus the 500 px the page is scrolled.
    expect(shown()).toEqual(['translate(319px, 591px)', 'translate(219px, 631px)']);
    expect(markers?.visibleCount).toBe(2);
  });

  it("uses the end of the range's last line, not its widest line", () => {
    const range = withRects(rangeOf('council voted to close the library.Residents signed'), [
      box(150, 100, 500, 20), // first line, runs to the column's edge
      box(0, 124, 80, 20), // last line: the mark's box ...
      box(0, 124, 84, 20), // ... and its text, a little wider
    ]);
    markers?.set([range]);
    runFrames();
    expect(shown()).toEqual(['translate(83px, 615px)']);
  });

  it('mirrors the badge to the start side of right-to-left text', () => {
    const p1 = document.getElementById('p1') as HTMLElement;
    p1.dir = 'rtl';
    p1.style.direction = 'rtl';
    markers?.set([withRects(rangeOf('voted to close'), [box(300, 100, 120, 20)])]);
    runFrames();
    expect(shown()).toEqual(['translate(287px, 591px)']);
    expect(badges()[0]?.classList.contains('rtl')).toBe(true);
  });

  it('hides the badge of a passage that shows nowhere: hidden, detached, or scrolled out of its box', () => {
    const hidden = withRects(rangeOf('voted to close'), []);
    const gone = withRects(rangeOf('signed a petition'), [box(90, 140, 130, 20)]);
    const inBox = withRects(rangeOf('First comment'), [box(10, 400, 100, 20)]);
    withBox(document.getElementById('scroller') as HTMLElement, box(0, 200, 800, 150));
    document.getElementById('p2')?.remove();
    markers?.set([hidden, gone, inBox]);
    runFrames();
    expect(badges()).toHaveLength(3);
    expect(shown()).toEqual([]);
  });

  it('the document scrolling needs no work; an inner scroll box moves only its own badges', () => {
    const article = withRects(rangeOf('voted to close'), [box(200, 100, 120, 20)]);
    const comment = withRects(rangeOf('First comment'), [box(10, 250, 100, 20)]);
    const scroller = document.getElementById('scroller') as HTMLElement;
    withBox(scroller, box(0, 200, 800, 150));
    markers?.set([article, comment]);
    runFrames();
    expect(shown()).toEqual(['translate(319px, 591px)', 'translate(109px, 741px)']);
    const articleMeasures = vi.mocked(article.getClientRects).mock.calls.length;

    document.dispatchEvent(new win.Event('scroll'));
    expect(frames.size).toBe(0);

    withRects(comment, [box(10, 230, 100, 20)]);
    scroller.dispatchEvent(new win.Event('scroll'));
    scroller.dispatchEvent(new win.Event('scroll'));
    expect(frames.size).toBe(1);
    runFrames();
    expect(vi.mocked(article.getClientRects).mock.calls.length).toBe(articleMeasures);
    expect(shown()).toEqual(['translate(319px, 591px)', 'translate(109px, 721px)']);
  });

  it('follows the layout when the page resizes or fonts load, and stops watching when the notes go', () => {
    const observed: Element[] = [];
    let resized: (() => void) | undefined;
    class FakeResizeObserver {
      constructor(cb: () => void) {
        resized = cb;
      }
      observe(el: Element): void {
        observed.push(el);
      }
      disconnect(): void {
        observed.length = 0;
      }
    }
    const winWithRo = win as unknown as { ResizeObserver?: unknown };
    const original = winWithRo.ResizeObserver;
    winWithRo.ResizeObserver = FakeResizeObserver;
    try {
      const range = withRects(rangeOf('voted to close'), [box(200, 100, 120, 20)]);
      markers?.set([range]);
      runFrames();
      expect(observed).toEqual([document.documentElement, document.body]);
      withRects(range, [box(240, 130, 120, 20)]); // a web font arrived: the line wraps differently
      resized?.();
      runFrames();
      expect(shown()).toEqual(['translate(359px, 621px)']);

      markers?.set([]);
      expect(badges()).toEqual([]);
      expect(observed).toEqual([]);
      (document.getElementById('scroller') as HTMLElement).dispatchEvent(new win.Event('scroll'));
      markers?.refresh();
      expect(frames.size).toBe(0);
    } finally {
      winWithRo.ResizeObserver = original;
    }
  });

  it('a frame pending when the last note goes is cancelled', () => {
    markers?.set([withRects(rangeOf('voted to close'), [box(200, 100, 120, 20)])]);
    expect(frames.size).toBe(1);
    markers?.set([]);
    expect(frames.size).toBe(0);
    expect(badges()).toEqual([]);
  });

  it('reuses badges and drops the extra ones when fewer ranges carry a note', () => {
    const a = withRects(rangeOf('voted to close'), [box(200, 100, 120, 20)]);
    const b = withRects(rangeOf('signed a petition'), [box(90, 140, 130, 20)]);
    markers?.set([a, b]);
    runFrames();
    const [first] = badges();
    markers?.set([a]);
    runFrames();
    expect(badges()).toEqual([first]);
    expect(layer.childElementCount).toBe(1);
  });
});
