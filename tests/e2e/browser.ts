import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type BrowserContext,
  type CDPSession,
  chromium,
  type Frame,
  type Locator,
  type Page,
  type Worker,
} from 'playwright-core';
// @ts-expect-error plain JS module shared with `npm start`
import { CORPUS_DIR, startDemoServer } from '../../scripts/demo-server.mjs';

/** The built extension; GLOSS_EXT points at another build (e.g. an older commit's, to see a test fail). */
export const EXT_PATH = path.resolve(process.env.GLOSS_EXT ?? '.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-results/screenshots');
export const corpusDir: string = CORPUS_DIR;

export interface GlossBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  base: string;
  close(): Promise<void>;
}

/**
 * Chromium's flags for every browser the tests and benchmarks launch: headless on a machine with no network and
 * no GPU, with `extension` loaded (none for null).
 */
export function chromiumArgs(extension: string | null): string[] {
  return [
    ...(extension ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`] : []),
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
}

/**
 * Chromium with the built extension loaded, and the demo server. `lang` sets the language Chromium picks the
 * extension's messages in (`--lang`; headless Chromium keeps reporting `en-US` as its UI language).
 */
export async function launchGloss(options: { lang?: string } = {}): Promise<GlossBrowser> {
  if (!existsSync(path.join(EXT_PATH, 'manifest.json')))
    throw new Error('build the extension first: npm run build');
  const server: { base: string; close(): Promise<void> } = await startDemoServer(0);
  const profile = mkdtempSync(path.join(tmpdir(), 'gloss-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    args: [...chromiumArgs(EXT_PATH), ...(options.lang ? [`--lang=${options.lang}`] : [])],
  });
  const worker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    worker,
    extensionId,
    base: server.base,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the page (or frame) is parsed, as a reader would before selecting: Gloss's loader runs from
 * `document_start` and has told the background of the story by then. Gloss's content script itself starts only
 * where it is needed (saved highlights, the reader's selection), so tests wait for what it shows instead.
 */
export async function waitForGloss(where: Page | Frame): Promise<void> {
  await where.waitForFunction(() => document.readyState !== 'loading', null, { timeout: 15_000 });
}

/** Waits until Gloss's content script runs in the page (or frame): its UI host is there. */
export async function waitForGlossStarted(where: Page | Frame): Promise<void> {
  await where.waitForFunction(() => document.querySelector('gloss-ui') !== null, null, { timeout: 15_000 });
}

/** Where a text passage sits in a frame, in that frame's viewport coordinates (observation only). */
interface PassageBox {
  /** Left edge and vertical middle of the first character's box. */
  start: { x: number; y: number; width: number };
  /** Right edge and vertical middle of the last character's box. */
  end: { x: number; y: number; width: number };
}

interface SelectionCheck {
  /** The selection's text, whitespace collapsed. */
  text: string;
  /** Where the selection starts and ends relative to the wanted passage: -1 before, 0 at, 1 after. */
  start: number;
  end: number;
}

/**
 * Finds `needle` under the first element matching `selector` (in one rendered text node if it can, else across
 * nodes), scrolls it to the middle of the viewport, and returns its first and last characters' boxes; with
 * `check`, instead compares the frame's current selection with it. Runs in the page, reads and scrolls only.
 */
function passageInPage([sel, needle, check]: [string, string, boolean]): PassageBox | SelectionCheck | null {
  // `host >>> inner` looks inside host's open shadow root (a comment widget), as the page itself can.
  let root: Element | null = null;
  let scope: ParentNode | null = document;
  for (const part of sel.split(' >>> ')) {
    root = scope?.querySelector(part) ?? null;
    scope = root?.shadowRoot ?? null;
  }
  if (!root) throw new Error(`no element ${sel}`);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const parent = n.parentElement;
    if (!parent || parent.closest('script, style, noscript, template, gloss-ui')) continue;
    if (parent.getClientRects().length === 0) continue;
    nodes.push(n);
  }
  let range: Range | null = null;
  for (const n of nodes) {
    const i = n.data.indexOf(needle);
    if (i < 0) continue;
    range = document.createRange();
    range.setStart(n, i);
    range.setEnd(n, i + needle.length);
    break;
  }
  if (!range) {
    const whole = nodes.map((n) => n.data).join('');
    const at = whole.indexOf(needle);
    if (at < 0) return null;
    const last = at + needle.length - 1;
    let offset = 0;
    range = document.createRange();
    for (const n of nodes) {
      const next = offset + n.data.length;
      if (at >= offset && at < next) range.setStart(n, at - offset);
      if (last >= offset && last < next) {
        range.setEnd(n, last - offset + 1);
        break;
      }
      offset = next;
    }
  }
  if (check) {
    const selection = document.getSelection();
    const text = (selection?.toString() ?? '').replace(/\s+/g, ' ').trim();
    if (!selection || selection.rangeCount === 0) return { text, start: 0, end: 0 };
    // Inside shadow roots the page sees the selection at the outermost host; its composed range has the text.
    const shadowRoots: ShadowRoot[] = [];
    for (let tree = root.getRootNode(); tree instanceof ShadowRoot; tree = tree.host.getRootNode()) {
      shadowRoots.push(tree);
    }
    const composed = shadowRoots.length > 0 ? selection.getComposedRanges({ shadowRoots })[0] : undefined;
    const got = composed ? document.createRange() : selection.getRangeAt(0);
    if (composed) {
      got.setStart(composed.startContainer, composed.startOffset);
      got.setEnd(composed.endContainer, composed.endOffset);
    }
    return {
      text,
      start: got.compareBoundaryPoints(Range.START_TO_START, range),
      end: got.compareBoundaryPoints(Range.END_TO_END, range),
    };
  }
  const box = range.getBoundingClientRect();
  if (box.top < 0 || box.bottom > innerHeight) {
    (range.startContainer.parentElement as Element).scrollIntoView({ block: 'center' });
    const again = range.getBoundingClientRect();
    if (again.top < 0 || again.bottom > innerHeight) {
      window.scrollBy(0, again.top + again.height / 2 - innerHeight / 2);
    }
  }
  const charBox = (node: Node, offset: number, which: 'first' | 'last'): DOMRect => {
    const r = document.createRange();
    r.setStart(node, offset);
    r.setEnd(node, offset + 1);
    const rects = [...r.getClientRects()].filter((b) => b.width > 0);
    const b = which === 'first' ? rects[0] : rects[rects.length - 1];
    if (!b) throw new Error(`no box for a character of: ${needle}`);
    return b;
  };
  const first = charBox(range.startContainer, range.startOffset, 'first');
  const last = charBox(range.endContainer, range.endOffset - 1, 'last');
  return {
    start: { x: first.left, y: first.top + first.height / 2, width: first.width },
    end: { x: last.right, y: last.top + last.height / 2, width: last.width },
  };
}

function args(selector: string, text: string, check: boolean): [string, string, boolean] {
  return [selector, text, check];
}

/** Where a frame's viewport starts in its page's viewport (0, 0 for the main frame). */
async function frameOrigin(frame: Frame): Promise<{ x: number; y: number }> {
  const owner = await frame.frameElement().catch(() => null);
  if (!owner) return { x: 0, y: 0 };
  const box = await owner.boundingBox();
  if (!box) throw new Error(`frame ${frame.url()} has no box`);
  const inset = await owner.evaluate((node) => {
    const el = node as HTMLElement;
    const cs = getComputedStyle(el);
    return {
      x: el.clientLeft + Number.parseFloat(cs.paddingLeft),
      y: el.clientTop + Number.parseFloat(cs.paddingTop),
    };
  });
  return { x: box.x + inset.x, y: box.y + inset.y };
}

function pageOf(where: Page | Frame): Page {
  return 'mainFrame' in where ? where : where.page();
}

function frameOf(where: Page | Frame): Frame {
  return 'mainFrame' in where ? where.mainFrame() : where;
}

/**
 * Selects `text` inside the first element matching `selector` with a real mouse drag, from the first
 * character's left edge to the last character's right edge, as a reader does. Retries a pixel further in or
 * out when the drag snapped to a neighbouring character. Returns false when it cannot make that selection.
 */
export async function trySelectText(where: Page | Frame, selector: string, text: string): Promise<boolean> {
  const page = pageOf(where);
  const frame = frameOf(where);
  const wanted = text.replace(/\s+/g, ' ').trim();
  let box = await steadyBox(frame, selector, text);
  if (!box) return false;
  // Gloss's toolbar or editor from an earlier step may cover the passage; a reader would dismiss it first.
  const start = box.start;
  const end = box.end;
  const covered = await frame.evaluate(
    (points) => points.some(({ x, y }) => document.elementFromPoint(x, y)?.localName === 'gloss-ui'),
    [
      { x: start.x + 1, y: start.y },
      { x: end.x - 1, y: end.y },
    ],
  );
  if (covered) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(50);
  }
  // A press inside a selection drags the selected text instead of starting a new selection: a reader clicks
  // once to clear it first (not on a highlight, where a click opens the editor).
  const inSelection = await frame.evaluate(
    ({ x, y }) => {
      const selection = document.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) return 'no';
      const within = (r: DOMRect) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
      if (![...selection.getRangeAt(0).getClientRects()].some(within)) return 'no';
      for (const [name, h] of CSS.highlights) {
        if (!name.startsWith('gloss-')) continue;
        for (const r of h) if ([...(r as Range).getClientRects()].some(within)) return 'on a highlight';
      }
      return 'yes';
    },
    { x: start.x + 1, y: start.y },
  );
  if (inSelection === 'on a highlight') throw new Error(`"${text}" is selected and highlighted already`);
  const origin = await frameOrigin(frame);
  if (inSelection === 'yes') {
    await page.mouse.click(origin.x + start.x + 1, origin.y + start.y);
    await page.waitForTimeout(350);
  }
  // Inside the first character's left half and the last one's right half: the caret goes before the first
  // and after the last.
  let inStart = Math.min(1, box.start.width / 4);
  let inEnd = Math.min(1, box.end.width / 4);
  for (let attempt = 0; attempt < 6; attempt++) {
    if (attempt > 0) {
      // A pause, so the next press is not taken for a double click; the page may have moved meanwhile.
      await page.waitForTimeout(350);
      box = await steadyBox(frame, selector, text);
      if (!box) return false;
    }
    const x0 = origin.x + box.start.x + inStart;
    const y0 = origin.y + box.start.y;
    const x1 = origin.x + box.end.x - inEnd;
    const y1 = origin.y + box.end.y;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x1, y1, { steps: 8 });
    await page.mouse.up();
    const got = (await frame.evaluate(passageInPage, args(selector, text, true))) as SelectionCheck;
    if (got.text === wanted && got.start === 0 && got.end === 0) return true;
    // Started too early: move the start in; too late: out. Same for the end.
    if (got.start < 0) inStart += 1;
    else if (got.start > 0) inStart -= 1;
    if (got.end > 0) inEnd += 1;
    else if (got.end < 0) inEnd -= 1;
    if (got.start === 0 && got.end === 0) {
      // Same boundaries but different text (a boundary in collapsed white space): nudge both in.
      inStart += 0.5;
      inEnd += 0.5;
    }
  }
  return false;
}

/**
 * The passage's boxes once the page holds still: a page (or Gloss revealing a highlight) may be scrolling
 * smoothly, and a drag aimed at a moving line selects the wrong words.
 */
async function steadyBox(frame: Frame, selector: string, text: string): Promise<PassageBox | null> {
  const end = Date.now() + 5_000;
  let last = (await frame.evaluate(passageInPage, args(selector, text, false))) as PassageBox | null;
  for (;;) {
    if (!last) return null;
    await frame.page().waitForTimeout(80);
    const now = (await frame.evaluate(passageInPage, args(selector, text, false))) as PassageBox | null;
    if (now && JSON.stringify(now) === JSON.stringify(last)) return now;
    if (Date.now() > end) return now;
    last = now;
  }
}

/** Like trySelectText, and throws (naming the passage) when the drag cannot select it. */
export async function selectText(where: Page | Frame, selector: string, text: string): Promise<void> {
  if (!(await trySelectText(where, selector, text))) {
    const now = await frameOf(where)
      .evaluate(() => document.getSelection()?.toString() ?? '')
      .catch(() => '?');
    throw new Error(`could not drag-select in ${selector}: "${text}" (selection is "${now}")`);
  }
}

// --- Gloss's own controls, found in the browser's accessibility tree (its UI is in a closed shadow root) ---

export interface ControlBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const sessions = new WeakMap<Frame, Promise<{ session: CDPSession; own: boolean }>>();

/**
 * A CDP session that sees `frame`'s document: the frame's own one for an out-of-process frame (another
 * site), else the page's. `own` tells whether box coordinates are relative to the frame's viewport.
 */
function sessionFor(frame: Frame): Promise<{ session: CDPSession; own: boolean }> {
  let found = sessions.get(frame);
  if (!found) {
    const page = frame.page();
    const main = page.mainFrame();
    found = (async () => {
      if (frame !== main) {
        try {
          return { session: await page.context().newCDPSession(frame), own: true };
        } catch {
          // An in-process frame: part of its parent's session.
        }
      }
      if (frame === main) return { session: await page.context().newCDPSession(page), own: true };
      return { session: (await sessionFor(main)).session, own: false };
    })();
    sessions.set(frame, found);
  }
  return found;
}

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  localName?: string;
  documentURL?: string;
  children?: DomNode[];
  contentDocument?: DomNode;
}

/** The backend ids of Gloss's UI hosts (<gloss-ui>) in `frame`'s document, read through the DOM agent. */
async function glossHosts(
  frame: Frame,
): Promise<{ session: CDPSession; own: boolean; hosts: number[]; docId: number }> {
  const { session, own } = await sessionFor(frame);
  let doc: DomNode;
  if (own) {
    doc = (await session.send('DOM.getDocument', { depth: 0 })).root as DomNode;
  } else {
    // An in-process sub-frame: its document is the content document of one of the page's iframes.
    const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
    const find = (n: DomNode): DomNode | null => {
      if (n.contentDocument?.documentURL === frame.url()) return n.contentDocument;
      for (const c of n.children ?? []) {
        const f = find(c);
        if (f) return f;
      }
      return n.contentDocument ? find(n.contentDocument) : null;
    };
    const sub = find(root as DomNode);
    if (!sub) return { session, own, hosts: [], docId: 0 };
    doc = sub;
  }
  const { nodeIds } = await session.send('DOM.querySelectorAll', {
    nodeId: doc.nodeId,
    selector: 'gloss-ui',
  });
  const hosts: number[] = [];
  for (const nodeId of nodeIds) {
    const { node } = await session.send('DOM.describeNode', { nodeId });
    hosts.push(node.backendNodeId);
  }
  return { session, own, hosts, docId: doc.backendNodeId };
}

interface ShadowedNode {
  backendNodeId: number;
  children?: ShadowedNode[];
  shadowRoots?: ShadowedNode[];
}

/** Every node inside a host's (closed) shadow tree, by backend id. */
async function shadowNodeIds(session: CDPSession, host: number): Promise<Set<number>> {
  const { node } = await session.send('DOM.describeNode', { backendNodeId: host, depth: -1, pierce: true });
  const ids = new Set<number>();
  const walk = (n: ShadowedNode): void => {
    ids.add(n.backendNodeId);
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c);
  };
  for (const root of (node as ShadowedNode).shadowRoots ?? []) walk(root);
  return ids;
}

interface AxNode {
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
}

/** The accessible nodes (not ignored) of Gloss's UI in `frame`, optionally by role and accessible name. */
async function glossAxNodes(
  frame: Frame,
  role?: string,
  name?: string,
): Promise<{ session: CDPSession; own: boolean; nodes: AxNode[] }> {
  const { session, own, hosts, docId } = await glossHosts(frame);
  const nodes: AxNode[] = [];
  if (hosts.length === 0) return { session, own, nodes };
  // The host itself has no box (display: contents), so the query starts at the document and keeps the
  // nodes of Gloss's shadow trees.
  const query: { backendNodeId: number; role?: string; accessibleName?: string } = { backendNodeId: docId };
  if (role) query.role = role;
  if (name !== undefined) query.accessibleName = name;
  const found = await session.send('Accessibility.queryAXTree', query);
  const ours = new Set<number>();
  for (const host of hosts) for (const id of await shadowNodeIds(session, host)) ours.add(id);
  nodes.push(
    ...(found.nodes as AxNode[]).filter(
      (n) => !n.ignored && n.backendDOMNodeId !== undefined && ours.has(n.backendDOMNodeId),
    ),
  );
  return { session, own, nodes };
}

/**
 * The box, in page viewport coordinates, of Gloss's control with this role and accessible name, or null
 * when Gloss shows none (in the page's main frame, or in `where` when it is a sub-frame).
 */
export async function findGlossControl(
  where: Page | Frame,
  role: string,
  name: string,
): Promise<ControlBox | null> {
  const frame = frameOf(where);
  const { session, own, nodes } = await glossAxNodes(frame, role, name);
  for (const node of nodes) {
    if (node.backendDOMNodeId === undefined) continue;
    const model = await session
      .send('DOM.getBoxModel', { backendNodeId: node.backendDOMNodeId })
      .catch(() => null);
    if (!model) continue;
    const q = model.model.border;
    const xs = [q[0], q[2], q[4], q[6]] as number[];
    const ys = [q[1], q[3], q[5], q[7]] as number[];
    const left = Math.min(...xs);
    const top = Math.min(...ys);
    const width = Math.max(...xs) - left;
    const height = Math.max(...ys) - top;
    if (width === 0 || height === 0) continue;
    const origin = own ? await frameOrigin(frame) : { x: 0, y: 0 };
    return { x: origin.x + left, y: origin.y + top, width, height };
  }
  return null;
}

/** Whether Gloss shows a control with this role and accessible name (the toolbar's "Highlight", a toast's "Undo"). */
export async function glossShows(where: Page | Frame, role: string, name: string): Promise<boolean> {
  return (await findGlossControl(where, role, name)) !== null;
}

/** Waits for Gloss's control with this role and name to show, and returns its box. */
export async function glossControl(
  where: Page | Frame,
  role: string,
  name: string,
  timeout = 10_000,
): Promise<ControlBox> {
  const end = Date.now() + timeout;
  for (;;) {
    const box = await findGlossControl(where, role, name);
    if (box) return box;
    if (Date.now() > end) throw new Error(`Gloss shows no ${role} named "${name}"`);
    await pageOf(where).waitForTimeout(50);
  }
}

/** Clicks Gloss's control with this role and name at its centre with the real mouse. */
export async function clickGloss(where: Page | Frame, role: string, name: string): Promise<void> {
  const box = await glossControl(where, role, name);
  await pageOf(where).mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** The text Gloss's UI shows (accessible names and static text), e.g. a toast's message. */
export async function glossTexts(where: Page | Frame): Promise<string[]> {
  const { nodes } = await glossAxNodes(frameOf(where));
  return nodes
    .filter((n) => n.role?.value === 'StaticText' && n.name?.value)
    .map((n) => n.name?.value as string);
}

// --- The note editor: an extension page in a frame ---

function isNoteEditor(frame: Frame): boolean {
  return /^(chrome|moz)-extension:\/\/[^/]+\/note\.html/.test(frame.url());
}

/** The note editor frames open in the page (a reader sees at most one). */
export function noteEditors(page: Page): Frame[] {
  return page.frames().filter(isNoteEditor);
}

/** Waits for exactly one note editor frame, with its Note box showing, and returns it. */
export async function noteEditor(page: Page, timeout = 10_000): Promise<Frame> {
  const end = Date.now() + timeout;
  for (;;) {
    const editors = noteEditors(page);
    const [editor] = editors;
    if (editors.length === 1 && editor) {
      const ready = await editor
        .getByRole('textbox', { name: 'Note' })
        .isVisible()
        .catch(() => false);
      if (ready) return editor;
    }
    if (Date.now() > end) throw new Error(`expected one note editor frame, found ${editors.length}`);
    await page.waitForTimeout(50);
  }
}

/** Types into an editor's field with real key presses, after clicking into it. */
export async function typeInto(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.pressSequentially(text);
}
/** Number of ranges painted under each Gloss highlight name, read from the page's own registry. */
export async function paintedRanges(page: Page | Frame): Promise<Record<string, string[]>> {
  return frameOf(page).evaluate(() => {
    const out: Record<string, string[]> = {};
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('gloss-') || name === 'gloss-flash' || highlight.size === 0) continue;
      out[name] = [...(highlight as Highlight)].map((r) => r.toString());
    }
    return out;
  });
}

/**
 * Every name in the page's highlight registry that Gloss uses. Gloss paints one name per colour
 * (`gloss-blue`); a note's cue is drawn in Gloss's own UI, never by a `-noted` name the page could read.
 */
export async function highlightNames(page: Page | Frame): Promise<string[]> {
  return frameOf(page).evaluate(() => [...CSS.highlights.keys()].filter((n) => n.startsWith('gloss-')));
}

/** The centre of the first box of the painted highlight reading `quote` (any colour), or null. */
export async function highlightCentre(page: Page, quote: string): Promise<{ x: number; y: number } | null> {
  return page.evaluate((q) => {
    for (const [name, h] of CSS.highlights) {
      if (!name.startsWith('gloss-') || name === 'gloss-flash') continue;
      const range = [...h].find((r) => r.toString() === q) as Range | undefined;
      const r = range?.getClientRects()[0];
      if (r) return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
    return null;
  }, quote);
}

export async function allPaintedText(page: Page | Frame): Promise<string[]> {
  return Object.values(await paintedRanges(page)).flat();
}

export interface StoredAnnotation {
  id: string;
  pageUrl: string;
  quote: string;
  note: string;
  color: string;
}

/**
 * The annotations in the extension's own database ('gloss', table 'annotations'), read in the service
 * worker. Never creates the database: before Gloss has stored anything, the list is empty.
 */
export async function storedAnnotations(gloss: GlossBrowser): Promise<StoredAnnotation[]> {
  return gloss.worker.evaluate(
    () =>
      new Promise<StoredAnnotation[]>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('annotations')) {
            db.close();
            resolve([]);
            return;
          }
          const all = db.transaction('annotations').objectStore('annotations').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            db.close();
            resolve(
              (all.result as StoredAnnotation[]).map(({ id, pageUrl, quote, note, color }) => ({
                id,
                pageUrl,
                quote,
                note,
                color,
              })),
            );
          };
        };
      }),
  );
}

export async function tabIdOf(worker: Worker, urlPrefix: string): Promise<number> {
  return worker.evaluate(async (prefix) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url?.startsWith(prefix));
    if (!tab?.id) throw new Error(`no tab for ${prefix}`);
    return tab.id;
  }, urlPrefix);
}

/**
 * Opens the popup page in a window of its own, as the toolbar button would: the news tab stays the active
 * tab of its window (headless Chromium stops routing input into a background tab's frames reliably).
 */
export async function openPopup(gloss: GlossBrowser, query: string): Promise<Page> {
  const url = `chrome-extension://${gloss.extensionId}/popup.html${query}`;
  const [popup] = await Promise.all([
    gloss.context.waitForEvent('page', (p) => p.url() === url),
    gloss.worker.evaluate(
      (u) => chrome.windows.create({ url: u, type: 'popup', width: 440, height: 640 }),
      url,
    ),
  ]);
  await popup.setViewportSize({ width: 440, height: 640 });
  await popup.waitForLoadState();
  return popup;
}

/**
 * Opens a page in a new, focused tab. Headless Chromium routes keyboard input into a frame of another
 * origin (the note editor) unreliably in a tab that is not the focused one.
 */
export async function openTab(gloss: GlossBrowser, url: string): Promise<Page> {
  const page = await gloss.context.newPage();
  // A step that cannot happen fails in 15 s and names itself, instead of running into the test's timeout.
  page.setDefaultTimeout(15_000);
  await page.goto(url);
  await page.bringToFront();
  return page;
}
