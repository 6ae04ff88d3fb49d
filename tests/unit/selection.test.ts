// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { highlightableSelection, isInteractive } from '../../annotator/selection';

const notOurs = () => false;

beforeEach(() => {
  document.body.innerHTML = `
    <article>
      <p id="p1">The council <em>voted</em> to close the library.</p>
      <p id="p2">Residents signed a petition.</p>
      <p id="blank">     </p>
      <textarea id="ta">typed reply</textarea>
      <input id="in" value="search words">
      <div id="editor" contenteditable="true"><p id="ed">Draft comment text</p></div>
      <div id="editor2" contenteditable=""><span id="ed2">Another draft</span></div>
      <div id="readonly" contenteditable="false"><span id="ro">Not editable</span></div>
      <div id="gloss-toolbar"><button id="btn">Highlight</button></div>
    </article>`;
  document.getSelection()?.removeAllRanges();
});

function text(id: string): Text {
  const el = document.getElementById(id);
  const walker = document.createTreeWalker(el as Node, NodeFilter.SHOW_TEXT);
  const node = walker.nextNode();
  if (!node) throw new Error(`no text in #${id}`);
  return node as Text;
}

/** Selects from (node, offset) to (node, offset), as a reader dragging the mouse would. */
function select(startNode: Node, startOffset: number, endNode: Node, endOffset: number): Range {
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  const selection = document.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  return range;
}

describe('highlightableSelection', () => {
  it('returns the selected page text as a range', () => {
    const t = text('p1');
    select(t, 4, t, 11);
    const range = highlightableSelection(document, notOurs);
    expect(range?.toString()).toBe('council');
  });

  it('returns a copy, unaffected when the reader changes the selection afterwards', () => {
    const t = text('p1');
    const selected = select(t, 4, t, 11);
    const range = highlightableSelection(document, notOurs);
    expect(range).not.toBe(selected);
    expect(range).not.toBe(document.getSelection()?.getRangeAt(0));
    document.getSelection()?.getRangeAt(0).setEnd(t, 5);
    expect(range?.toString()).toBe('council');
  });

  it('accepts a selection across inline markup and paragraphs', () => {
    select(text('p1'), 4, text('p2'), 9);
    const range = highlightableSelection(document, notOurs);
    expect(range?.toString().replace(/\s+/g, ' ')).toBe('council voted to close the library. Residents');
  });

  it('ignores an empty selection and a collapsed one', () => {
    expect(highlightableSelection(document, notOurs)).toBeNull();
    const t = text('p1');
    select(t, 3, t, 3);
    expect(highlightableSelection(document, notOurs)).toBeNull();
  });

  it('ignores a whitespace-only selection', () => {
    const t = text('blank');
    select(t, 0, t, 5);
    expect(highlightableSelection(document, notOurs)).toBeNull();
    const p1 = text('p1');
    // "The council" ends at 11, the next character is a space.
    select(p1, 11, p1, 12);
    expect(highlightableSelection(document, notOurs)).toBeNull();
  });

  it.each([
    ['a textarea', 'ta'],
    ['a contenteditable="true" area', 'ed'],
    ['a contenteditable="" area', 'ed2'],
  ])('ignores text selected inside %s', (_name, id) => {
    const t = text(id);
    select(t, 0, t, 5);
    expect(highlightableSelection(document, notOurs)).toBeNull();
  });

  it('ignores a selection anchored on an input element', () => {
    const input = document.getElementById('in') as HTMLInputElement;
    select(input.parentNode as Node, indexOf(input), input.parentNode as Node, indexOf(input) + 1);
    expect(highlightableSelection(document, notOurs)).toBeNull();
  });

  it('ignores a selection that starts in the page and ends inside an editable area', () => {
    select(text('p2'), 0, text('ed'), 5);
    expect(highlightableSelection(document, notOurs)).toBeNull();
  });

  // BUG: EDITABLE in annotator/selection.ts (line 3) matches only contenteditable="" and "true", but the
  // attribute is case-insensitive and "plaintext-only" is editable too, so a reader's own draft comment in
  // such a box is offered for highlighting. Fix: treat any [contenteditable] whose value is not "false"
  // (ASCII case-insensitive) as editable, e.g. '[contenteditable]:not([contenteditable="false" i])'.
  it('ignores text inside contenteditable="plaintext-only"', () => {
    document.body.insertAdjacentHTML(
      'beforeend',
      '<div contenteditable="plaintext-only"><span id="pt">Reply being typed</span></div>',
    );
    const t = text('pt');
    select(t, 0, t, 5);
    expect(highlightableSelection(document, notOurs)).toBeNull();
  });

  it('ignores text inside contenteditable="TRUE" (the value is case-insensitive)', () => {
    document.body.insertAdjacentHTML(
      'beforeend',
      '<div contenteditable="TRUE"><span id="up">Reply</span></div>',
    );
    const t = text('up');
    select(t, 0, t, 5);
    expect(highlightableSelection(document, notOurs)).toBeNull();
  });

  it('accepts text inside contenteditable="false"', () => {
    const t = text('ro');
    select(t, 0, t, 3);
    expect(highlightableSelection(document, notOurs)?.toString()).toBe('Not');
  });

  it("ignores Gloss's own UI, at either end of the selection", () => {
    const toolbar = document.getElementById('gloss-toolbar') as HTMLElement;
    const isOwnUi = (el: Element) => toolbar.contains(el);
    const label = text('btn');
    select(label, 0, label, 9);
    expect(highlightableSelection(document, isOwnUi)).toBeNull();
    select(text('p2'), 0, label, 4);
    expect(highlightableSelection(document, isOwnUi)).toBeNull();
    // The same selection is fine when the toolbar is not Gloss's.
    expect(highlightableSelection(document, notOurs)).not.toBeNull();
    // And page text is fine with the real predicate.
    select(text('p2'), 0, text('p2'), 9);
    expect(highlightableSelection(document, isOwnUi)?.toString()).toBe('Residents');
  });
});

describe('highlightableSelection in an open shadow root (a comment widget)', () => {
  function widget(html: string): ShadowRoot {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = html;
    return root;
  }
  function textIn(root: ShadowRoot, id: string): Text {
    return root.getElementById(id)?.firstChild as Text;
  }

  type Composable = Selection & { getComposedRanges?: () => unknown[] };
  /**
   * What a browser's selection says of a drag into a shadow root: jsdom keeps no selection there, so its
   * composed range and end nodes are given; the selection's own range is some page text, as Chromium's once
   * stood at the host.
   */
  function selectComposed(startNode: Node, startOffset: number, endNode: Node, endOffset: number): void {
    const p1 = text('p1');
    select(p1, 0, p1, 3);
    const selection = document.getSelection() as Composable;
    const composed = { startContainer: startNode, startOffset, endContainer: endNode, endOffset };
    Object.defineProperty(selection, 'getComposedRanges', { value: () => [composed], configurable: true });
    Object.defineProperty(selection, 'anchorNode', { value: startNode, configurable: true });
    Object.defineProperty(selection, 'focusNode', { value: endNode, configurable: true });
  }
  afterEach(() => {
    const selection = document.getSelection() as Composable;
    Reflect.deleteProperty(selection, 'getComposedRanges');
    Reflect.deleteProperty(selection, 'anchorNode');
    Reflect.deleteProperty(selection, 'focusNode');
  });

  it('returns the text selected inside the shadow root, not what stands for it in the page', () => {
    const root = widget('<p id="c">Maria: the report says the garage is sound.</p>');
    const t = textIn(root, 'c');
    selectComposed(t, 7, t, 17);
    const range = highlightableSelection(document, notOurs);
    expect(range?.toString()).toBe('the report');
    expect(range?.startContainer.getRootNode()).toBe(root);
  });

  it('finds the shadow root from its host when the page sees the selection collapsed there (Chromium)', () => {
    const root = widget('<p id="c">Maria: the report says the garage is sound.</p>');
    const t = textIn(root, 'c');
    const host = root.host;
    const at = Array.prototype.indexOf.call(document.body.childNodes, host);
    const p1 = text('p1');
    select(p1, 0, p1, 3);
    const selection = document.getSelection() as Composable;
    const outside = {
      startContainer: document.body,
      startOffset: at,
      endContainer: document.body,
      endOffset: at,
    };
    const inside = { startContainer: t, startOffset: 7, endContainer: t, endOffset: 17 };
    Object.defineProperty(selection, 'getComposedRanges', {
      value: ({ shadowRoots }: { shadowRoots: ShadowRoot[] }) => [
        shadowRoots.includes(root) ? inside : outside,
      ],
      configurable: true,
    });
    Object.defineProperty(selection, 'anchorNode', { value: document.body, configurable: true });
    Object.defineProperty(selection, 'focusNode', { value: document.body, configurable: true });
    expect(highlightableSelection(document, notOurs)?.toString()).toBe('the report');
  });

  it('ignores the reply box inside the shadow root', () => {
    const root = widget('<div contenteditable="true"><p id="r">My reply</p></div>');
    const t = textIn(root, 'r');
    selectComposed(t, 0, t, 2);
    expect(highlightableSelection(document, notOurs)).toBeNull();
  });

  it('cuts a selection dragged from the story into the widget where the story ends', () => {
    const root = widget('<p id="c">Maria: the report.</p>');
    const story = text('p2');
    selectComposed(story, 0, textIn(root, 'c'), 5);
    const got = highlightableSelection(document, notOurs);
    expect(got?.startContainer).toBe(story);
    expect(got?.toString()).toContain('Residents signed a petition.');
    expect(got?.toString()).not.toContain('Maria');
  });
});

function indexOf(node: Node): number {
  return Array.prototype.indexOf.call(node.parentNode?.childNodes ?? [], node);
}

describe('isInteractive', () => {
  it.each([
    ['<a href="/x"><span id="t">link</span></a>', true],
    ['<button><span id="t">b</span></button>', true],
    ['<label><span id="t">l</span></label>', true],
    ['<div role="button"><span id="t">r</span></div>', true],
    ['<details><summary id="t">more</summary></details>', true],
    ['<div contenteditable><span id="t">e</span></div>', true],
    ['<a name="anchor"><span id="t">no href</span></a>', false],
    ['<p><em id="t">text</em></p>', false],
  ])('%s -> %s', (html, expected) => {
    document.body.innerHTML = html;
    expect(isInteractive(document.getElementById('t'))).toBe(expected);
  });

  it('is false for no element', () => {
    expect(isInteractive(null)).toBe(false);
  });
});
