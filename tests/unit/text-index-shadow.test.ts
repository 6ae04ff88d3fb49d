// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { anchor, describe as describeRange } from '../../annotator/anchoring';
import { endInTreeOf, nextInComposedTree } from '../../annotator/composed-tree';
import {
  buildTextIndex,
  domRangeOf,
  getTextIndex,
  invalidateTextIndex,
  textOffsetOf,
} from '../../annotator/text-index';

/** A story, then a comment widget rendered into an open shadow root (Coral's way), with a slot for a footer. */
function page(): { body: HTMLElement; shadow: ShadowRoot; host: HTMLElement } {
  document.body.innerHTML = `
    <article><p>The council voted to close the garage.</p></article>
    <div id="host"><p slot="footer">Comments are moderated.</p><p>never shown: no slot takes it</p></div>
    <p>After the comments.</p>`;
  const host = document.getElementById('host') as HTMLElement;
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = `
    <section><p class="c">Maria: the garage was sound, the fire report says so.</p>
    <p class="c">Tom: I walked past it every day.</p></section>
    <footer><slot name="footer">no footer</slot></footer>`;
  return { body: document.body, shadow, host };
}

function textNodeWith(root: ParentNode, text: string): Text {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if ((n as Text).data.includes(text)) return n as Text;
  }
  throw new Error(`no text node with ${text}`);
}

function rangeOver(node: Text, text: string): Range {
  const at = node.data.indexOf(text);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + text.length);
  return range;
}

describe('the text index reads open shadow roots where their host is', () => {
  beforeEach(() => invalidateTextIndex());

  it('reads shadow content in place, slotted light nodes at their slot, and leaves unslotted ones out', () => {
    const { body, shadow } = page();
    const index = buildTextIndex(body);
    expect(index.text).toBe(
      'The council voted to close the garage. Maria: the garage was sound, the fire report says so. ' +
        'Tom: I walked past it every day. Comments are moderated. After the comments.',
    );
    expect(index.shadowRoots).toEqual([shadow]);
  });

  it('maps boundary points in and around the shadow root to offsets, in reading order', () => {
    const { body, shadow, host } = page();
    const index = buildTextIndex(body);
    const maria = textNodeWith(shadow, 'Maria');
    expect(textOffsetOf(index, maria, 0)).toBe(index.text.indexOf('Maria'));
    expect(textOffsetOf(index, maria, 7)).toBe(index.text.indexOf('the garage was'));
    // Element points: before the shadow root's section, after the whole root, after the host.
    expect(textOffsetOf(index, shadow, 1)).toBe(index.text.indexOf('Maria'));
    expect(textOffsetOf(index, shadow, shadow.childNodes.length)).toBe(index.text.indexOf('After'));
    const parent = host.parentNode as Node;
    const hostAt = Array.prototype.indexOf.call(parent.childNodes, host);
    expect(textOffsetOf(index, parent, hostAt)).toBe(index.text.indexOf('Maria'));
    expect(textOffsetOf(index, parent, hostAt + 1)).toBe(index.text.indexOf('After'));
    // A slotted node's text sits where its slot is, after the shadow root's comments.
    const footer = textNodeWith(host, 'moderated');
    expect(textOffsetOf(index, footer, 0)).toBe(index.text.indexOf('Comments are'));
  });

  it('describes a passage in a shadow root and anchors it again after the widget re-renders', () => {
    const { body, shadow } = page();
    const quote = 'the fire report says so';
    const selectors = describeRange(body, rangeOver(textNodeWith(shadow, quote), quote));
    expect(selectors.find((s) => s.type === 'TextQuoteSelector')).toMatchObject({ exact: quote });

    // The widget renders its comments again (new nodes, same text), as Coral does on every update.
    const section = shadow.querySelector('section') as HTMLElement;
    const markup = section.innerHTML;
    section.innerHTML = markup;
    const found = anchor(body, selectors);
    expect(found?.toString()).toBe(quote);
    expect(found?.startContainer.getRootNode()).toBe(shadow);
    expect(found?.startContainer.isConnected).toBe(true);
  });

  it('sees text that arrives later in an indexed shadow root', () => {
    const { body, shadow } = page();
    expect(getTextIndex(body).text).not.toContain('Ana:');
    const p = document.createElement('p');
    p.textContent = 'Ana: the vote was rushed.';
    shadow.querySelector('section')?.append(p);
    expect(getTextIndex(body).text).toContain('Ana: the vote was rushed.');
  });

  it('ends a span read across a shadow root edge where the tree it starts in ends', () => {
    const { body, shadow } = page();
    const index = buildTextIndex(body);
    const start = index.text.indexOf('close the garage');
    const range = domRangeOf(index, start, index.text.indexOf('Maria') + 5);
    expect(range?.toString().trim()).toBe('close the garage.');

    const inside = index.text.indexOf('every day');
    const out = domRangeOf(index, inside, index.text.indexOf('After') + 5);
    expect(out?.startContainer.getRootNode()).toBe(shadow);
    expect(out?.toString()).toContain('every day.');
    expect(out?.toString()).not.toContain('After');
  });

  it('walks the composed tree and moves an end point into the start tree', () => {
    const { body, shadow, host } = page();
    const first = shadow.firstChild as Node;
    expect(nextInComposedTree(host, body)).toBe(first);
    const maria = textNodeWith(shadow, 'Maria');
    const story = textNodeWith(body, 'council');
    const parent = host.parentNode as Node;
    expect(endInTreeOf(story, maria, 3)).toEqual([
      parent,
      Array.prototype.indexOf.call(parent.childNodes, host),
    ]);
    expect(endInTreeOf(maria, textNodeWith(body, 'After'), 2)).toEqual([shadow, shadow.childNodes.length]);
  });
});
