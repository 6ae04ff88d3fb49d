// What a reader does, as real input the browser sends (input.performActions), and what the tests observe of
// Gloss from the page's side. Gloss's UI is in a closed shadow root: the toolbar is found where Gloss places
// it (centred above the selection, see place() in entrypoints/content/page-ui.tsx) and seen through
// elementFromPoint, which answers its <gloss-ui> host for any point it covers, and through screenshots.
import { inflateSync } from 'node:zlib';
import { sleep } from './browser.mjs';

/** The toolbar's layout (components/SelectionToolbar.tsx, entrypoints/content/ui-styles.ts). */
const TOOLBAR = {
  /** place()'s box, which it centres above the selection; the toolbar itself is as wide as its buttons. */
  width: 300,
  height: 44,
  /** 8 px padding, five 20 px swatches with 4 px gaps, a 4 px margin and a 6 px gap. */
  highlightLeft: 134,
  /** The gap between buttons and the toolbar's right padding. */
  gap: 6,
  padding: 8,
  /** The Highlight button's background, which no other part of the toolbar right of the swatches has. */
  highlightRgb: [0xff, 0xf5, 0x9d],
};

export function reader({ send, json, waitFor }) {
  /**
   * Page-side observation: finds `needle` under `selector` (in one text node), scrolls it into view and
   * returns its first and last characters' boxes; or, with check, compares the selection with it.
   */
  const locate = (selector, needle, check) => `JSON.stringify((() => {
    // 'host >>> inner' looks inside host's open shadow root (a comment widget), as the page itself can.
    let root = null;
    let scope = document;
    for (const part of ${JSON.stringify(selector)}.split(' >>> ')) {
      root = scope ? scope.querySelector(part) : null;
      scope = root ? root.shadowRoot : null;
    }
    const needle = ${JSON.stringify(needle)};
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let range = null;
    for (let n = walker.nextNode(); n && !range; n = walker.nextNode()) {
      const i = n.data.indexOf(needle);
      if (i < 0) continue;
      range = document.createRange(); range.setStart(n, i); range.setEnd(n, i + needle.length);
    }
    if (!range) return null;
    if (${check}) {
      const sel = document.getSelection();
      if (!sel || sel.rangeCount === 0) return { text: '', start: 0, end: 0 };
      const shadowRoots = [];
      for (let tree = root.getRootNode(); tree instanceof ShadowRoot; tree = tree.host.getRootNode()) shadowRoots.push(tree);
      const composed = shadowRoots.length > 0 ? sel.getComposedRanges({ shadowRoots })[0] : null;
      const got = composed ? document.createRange() : sel.getRangeAt(0);
      if (composed) { got.setStart(composed.startContainer, composed.startOffset); got.setEnd(composed.endContainer, composed.endOffset); }
      return { text: sel.toString().replace(/\\s+/g, ' ').trim(),
        start: got.compareBoundaryPoints(Range.START_TO_START, range),
        end: got.compareBoundaryPoints(Range.END_TO_END, range) };
    }
    const box = range.getBoundingClientRect();
    if (box.top < 60 || box.bottom > innerHeight - 20) range.startContainer.parentElement.scrollIntoView({ block: 'center' });
    const charBox = (node, offset, last) => {
      const r = document.createRange(); r.setStart(node, offset); r.setEnd(node, offset + 1);
      const rects = [...r.getClientRects()].filter((b) => b.width > 0);
      return last ? rects[rects.length - 1] : rects[0];
    };
    const a = charBox(range.startContainer, range.startOffset, false);
    const b = charBox(range.endContainer, range.endOffset - 1, true);
    return { x0: a.left, y0: a.top + a.height / 2, w0: a.width, x1: b.right, y1: b.top + b.height / 2, w1: b.width };
  })())`;

  const pointer = (context, actions) =>
    send('input.performActions', {
      context,
      actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }],
    });
  const move = (x, y, duration = 0) => ({
    type: 'pointerMove',
    x: Math.round(x),
    y: Math.round(y),
    duration,
    origin: 'viewport',
  });
  const clickAt = (context, x, y) =>
    pointer(context, [move(x, y), { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }]);

  /** Selects `needle` with a real mouse drag, from the first character's left edge to the last's right edge. */
  async function selectByDrag(context, selector, needle) {
    const wanted = needle.replace(/\s+/g, ' ').trim();
    let inStart = 1;
    let inEnd = 1;
    for (let attempt = 0; attempt < 6; attempt++) {
      if (attempt > 0) await sleep(400); // not a double click
      let box = await json(context, locate(selector, needle, false));
      await sleep(80);
      box = await json(context, locate(selector, needle, false)); // after any scrolling settled
      if (!box) throw new Error(`not on the page: ${needle}`);
      await pointer(context, [
        move(box.x0 + inStart, box.y0),
        { type: 'pointerDown', button: 0 },
        move((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, 50),
        move(box.x1 - inEnd, box.y1, 50),
        { type: 'pointerUp', button: 0 },
      ]);
      const got = await json(context, locate(selector, needle, true));
      if (got.text === wanted && got.start === 0 && got.end === 0) return;
      if (got.start < 0) inStart += 1;
      else if (got.start > 0) inStart -= 1;
      if (got.end > 0) inEnd += 1;
      else if (got.end < 0) inEnd -= 1;
    }
    throw new Error(`could not drag-select: ${needle}`);
  }

  /**
   * Where Gloss's toolbar for the current selection is, and whether Gloss's UI covers it: near place()'s
   * box, with its left and right edges found by walking elementFromPoint along its middle row (the toolbar is
   * as wide as its buttons, which Gloss measures). `highlight` is a point on the Highlight button.
   */
  async function toolbar(context) {
    return json(
      context,
      `JSON.stringify((() => {
        const sel = document.getSelection();
        if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return { shown: false };
        const rect = sel.getRangeAt(0).getBoundingClientRect();
        const width = ${TOOLBAR.width}, height = ${TOOLBAR.height};
        const guess = Math.min(Math.max(8, rect.left + rect.width / 2 - width / 2), Math.max(8, innerWidth - width - 8));
        const above = rect.top - height - 10;
        const top = Math.min(Math.max(8, above >= 8 ? above : rect.bottom + 10), Math.max(8, innerHeight - height - 8));
        const hit = (x, y) => document.elementFromPoint(x, y)?.localName === 'gloss-ui';
        // Gloss measures the toolbar and centres it by its real width: find its edges along its middle row.
        const middle = guess + width / 2;
        if (!hit(middle, top + 20)) return { shown: false };
        let left = middle;
        while (left > 0 && hit(left - 1, top + 20)) left--;
        let right = middle;
        while (right < innerWidth && hit(right + 1, top + 20)) right++;
        const highlight = { x: left + ${TOOLBAR.highlightLeft} + 24, y: top + 20 };
        // Over this selection: centred above it by its real width, as place() puts it. A toolbar Gloss
        // placed for the selection as it was a moment ago (mid-drag, say) is not there yet.
        const real = right - left + 1;
        const centred = Math.min(Math.max(8, rect.left + rect.width / 2 - real / 2), Math.max(8, innerWidth - real - 8));
        const placed = Math.abs(left - centred) < 2;
        return { shown: placed && hit(highlight.x, highlight.y) && hit(left + 20, top + 20), highlight, left, top, right };
      })())`,
    );
  }

  async function waitForToolbar(context, ms = 5_000) {
    const end = Date.now() + ms;
    for (;;) {
      const t = await toolbar(context);
      if (t.shown) return t;
      if (Date.now() > end) throw new Error('no toolbar over the selection');
      await sleep(100);
    }
  }

  /**
   * The toolbar's "Add note" button, the last one: after the Highlight button, which a screenshot of the
   * toolbar's middle row shows (its yellow is the only one right of the swatches), and before the toolbar's
   * right padding. Checks the screenshot agrees with place()'s layout. Returns the button's centre and the
   * screenshot (PNG bytes).
   */
  async function addNoteButton(context, bar) {
    const box = { x: bar.left, y: bar.top, width: bar.right - bar.left + 1, height: TOOLBAR.height - 4 };
    const shot = await send('browsingContext.captureScreenshot', {
      context,
      clip: { type: 'box', ...box },
    });
    const png = Buffer.from(shot.data, 'base64');
    const image = decodePng(png);
    const scale = image.width / box.width;
    const row = Math.round(20 * scale);
    const [r0, g0, b0] = TOOLBAR.highlightRgb;
    let first = -1;
    let last = -1;
    for (let x = Math.round((TOOLBAR.highlightLeft - 6) * scale); x < image.width; x++) {
      const [r, g, b] = image.pixel(x, row);
      if (Math.abs(r - r0) + Math.abs(g - g0) + Math.abs(b - b0) < 24) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) throw new Error('no Highlight button in the toolbar screenshot');
    const highlightStart = first / scale;
    const highlightEnd = (last + 1) / scale;
    if (Math.abs(highlightStart - TOOLBAR.highlightLeft) > 2)
      throw new Error(`Highlight starts ${highlightStart} px into the toolbar, not ${TOOLBAR.highlightLeft}`);
    const start = bar.left + highlightEnd + TOOLBAR.gap;
    const end = bar.right + 1 - TOOLBAR.padding;
    if (end - start < 40) throw new Error(`no room for "Add note": ${start}..${end}`);
    return { x: (start + end) / 2, y: bar.top + 20, png };
  }

  /** Alt+Shift+H as key presses the browser sends to the page. */
  const pressShortcut = (context) =>
    keys(context, [
      { type: 'keyDown', value: KEY.alt },
      { type: 'keyDown', value: KEY.shift },
      { type: 'keyDown', value: 'H' },
      { type: 'keyUp', value: 'H' },
      { type: 'keyUp', value: KEY.shift },
      { type: 'keyUp', value: KEY.alt },
    ]);

  const keys = (context, actions) =>
    send('input.performActions', { context, actions: [{ type: 'key', id: 'keyboard', actions }] });

  /** Types `text` key by key, where the focus is (the browser routes keys to the focused frame). */
  const type = (context, text) =>
    keys(
      context,
      [...text].flatMap((c) => [
        { type: 'keyDown', value: c },
        { type: 'keyUp', value: c },
      ]),
    );

  const pressEscape = (context) =>
    keys(context, [
      { type: 'keyDown', value: KEY.escape },
      { type: 'keyUp', value: KEY.escape },
    ]);

  const pressCtrlEnter = (context) =>
    keys(context, [
      { type: 'keyDown', value: KEY.control },
      { type: 'keyDown', value: KEY.enter },
      { type: 'keyUp', value: KEY.enter },
      { type: 'keyUp', value: KEY.control },
    ]);

  /**
   * Clicks, at its centre, the element `expression` (page-side JavaScript) evaluates to, after scrolling it
   * into view; the point must hit it (or something inside it), as a reader's click would, or this throws.
   * For the page's own elements and Gloss's extension pages (popup, library), not Gloss's closed UI.
   */
  async function clickOn(context, expression, what = expression) {
    const at = await json(
      context,
      `JSON.stringify((() => {
        const el = (${expression});
        if (!el) return null;
        let r = el.getBoundingClientRect();
        if (r.top < 0 || r.bottom > innerHeight) { el.scrollIntoView({ block: 'center' }); r = el.getBoundingClientRect(); }
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        const hit = document.elementFromPoint(x, y);
        return { x, y, hits: hit !== null && (hit === el || el.contains(hit)) };
      })())`,
    );
    if (!at) throw new Error(`nothing to click: ${what}`);
    if (!at.hits) throw new Error(`something covers ${what}`);
    await clickAt(context, at.x, at.y);
  }

  /** Drags over `quote` and clicks the toolbar's Highlight button; resolves once the page paints it. */
  async function highlight(context, selector, quote) {
    await selectByDrag(context, selector, quote);
    const bar = await waitForToolbar(context);
    await clickAt(context, bar.highlight.x, bar.highlight.y);
    await waitFor(context, `(${PAINTED_TEXT}).includes(${JSON.stringify(quote)})`);
  }

  /** Drags over `quote` and presses Alt+Shift+H; resolves once the page paints it. */
  async function highlightByShortcut(context, selector, quote) {
    await selectByDrag(context, selector, quote);
    await pressShortcut(context);
    await waitFor(context, `(${PAINTED_TEXT}).includes(${JSON.stringify(quote)})`);
  }

  /**
   * The share of pixels in a viewport box (CSS px) of a screenshot that are within `tolerance` of `rgb`,
   * skipping pixels of `skip` (text ink, say): what the reader sees there.
   */
  async function colourShare(context, box, rgb, { tolerance = 24, skip = null } = {}) {
    const shot = await send('browsingContext.captureScreenshot', {
      context,
      clip: { type: 'box', x: box.x, y: box.y, width: box.width, height: box.height },
    });
    const image = decodePng(Buffer.from(shot.data, 'base64'));
    const near = (p, c) => Math.abs(p[0] - c[0]) + Math.abs(p[1] - c[1]) + Math.abs(p[2] - c[2]) < tolerance;
    let counted = 0;
    let matching = 0;
    for (let y = 0; y < image.height; y++)
      for (let x = 0; x < image.width; x++) {
        const p = image.pixel(x, y);
        if (skip && near(p, skip)) continue;
        counted++;
        if (near(p, rgb)) matching++;
      }
    return counted === 0 ? 0 : matching / counted;
  }

  return {
    locate,
    pointer,
    clickOn,
    highlight,
    highlightByShortcut,
    colourShare,
    move,
    clickAt,
    selectByDrag,
    toolbar,
    waitForToolbar,
    addNoteButton,
    pressShortcut,
    type,
    pressCtrlEnter,
    pressEscape,
    keys,
  };
}

/**
 * Page-side JavaScript: Gloss's paint in the page's own highlight registry (what the page can read anyway),
 * as { name: [text of each range] }, names and texts sorted (the order ranges were added in says nothing the
 * reader sees), without the brief flash of a jump and without empty names.
 */
export const PAINTED = `Object.fromEntries([...CSS.highlights]
  .filter(([n, h]) => n.startsWith('gloss-') && n !== 'gloss-flash' && h.size > 0)
  .map(([n, h]) => [n, [...h].map(String).sort()])
  .sort(([a], [b]) => (a < b ? -1 : 1)))`;
/** Page-side JavaScript: the text of every range Gloss paints, sorted. */
export const PAINTED_TEXT = `Object.values(${PAINTED}).flat().sort()`;

/** Gloss's paint in `context` (a tab or a frame), read from the page's registry: { name: [texts] }. */
export const paintedRanges = (b, context) => b.json(context, `JSON.stringify(${PAINTED})`);
/** The text of every range Gloss paints in `context`. */
export const paintedText = (b, context) => b.json(context, `JSON.stringify(${PAINTED_TEXT})`);

/** WebDriver's key values for modifier and named keys. */
const KEY = { alt: '\uE00A', shift: '\uE008', control: '\uE009', enter: '\uE007', escape: '\uE00C' };

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what browsingContext.captureScreenshot returns). */
export function decodePng(png) {
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const kind = png.toString('ascii', pos + 4, pos + 8);
    const body = png.subarray(pos + 8, pos + 8 + length);
    if (kind === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colorType, , , interlace] = body.subarray(8, 13);
      channels = { 2: 3, 6: 4 }[colorType];
      if (depth !== 8 || !channels || interlace !== 0) throw new Error('unsupported PNG');
    } else if (kind === 'IDAT') data.push(body);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? pixels[out + i - channels] : 0;
      const b = y > 0 ? pixels[out - stride + i] : 0;
      const c = i >= channels && y > 0 ? pixels[out - stride + i - channels] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      pixels[out + i] = (line[i] + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    pixel: (x, y) => [...pixels.subarray(y * stride + x * channels, y * stride + x * channels + 3)],
  };
}
