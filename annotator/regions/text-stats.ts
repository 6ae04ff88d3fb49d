/**
 * One walk over the visible, composed DOM (open shadow roots included) that measures text and records the
 * few attributes detectors need, for every element at once. Detectors read these records instead of running
 * selectors or textContent over big subtrees: both are slow in jsdom and would make detection quadratic.
 */
import { INLINE_TAGS, SKIPPED_TAGS } from './dom';

export interface ElementStats {
  element: Element;
  parent: ElementStats | null;
  tag: string;
  /** Lower-case class and id, space separated ('' when neither). */
  name: string;
  id: string;
  itemprop: string | null;
  itemtype: string | null;
  /** Other attributes some platforms mark comments with (data-spot-im-class, data-comment-id, ...). */
  data: Record<string, string> | null;
  /** Position in document (pre-)order, shadow content where its host is. */
  order: number;
  /** Position in `postorder`; the subtree is postorder[index - size + 1 .. index]. */
  index: number;
  size: number;
  /** Visible characters (whitespace trimmed per text node) in the subtree. */
  text: number;
  /** Of which inside links. */
  linkText: number;
  /** Characters whose nearest block ancestor is this element (0 for inline elements). */
  ownText: number;
  ownLinkText: number;
  /** Commas in the own text (a prose signal Readability counts). */
  ownCommas: number;
  /** Forms in the subtree (comment forms are not comments). */
  forms: number;
  /** Free slot for detectors that aggregate a score bottom-up. */
  score: number;
}

export interface PageStats {
  /** Elements in post-order: children before their parents. */
  postorder: ElementStats[];
  byElement: Map<Element, ElementStats>;
  /** h1-h3 in page order. */
  headings: ElementStats[];
  shadowRoots: ShadowRoot[];
  /** JSON-LD script elements met in the walk (the walk skips scripts' text, not their existence). */
  jsonLd: Element[];
}

const DATA_ATTRIBUTES = new Set([
  'data-spot-im-class',
  'data-comment-id',
  'data-post-id',
  'data-message-id',
  'data-vf-comment-id',
  'data-role',
  'data-testid',
]);

const HIDING_CLASS =
  /(?:^|\s)(?:hidden|hide|hiddenbox|is-hidden|d-none|display-none|js-hidden|invisible|visuallyhidden|visually-hidden|sr-only|screen-reader-text)(?:\s|$)/;
const HIDING_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

export function measurePage(root: Element): PageStats {
  const postorder: ElementStats[] = [];
  const byElement = new Map<Element, ElementStats>();
  const headings: ElementStats[] = [];
  const shadowRoots: ShadowRoot[] = [];
  const jsonLd: Element[] = [];
  let order = 0;

  const visitChildren = (
    parentNode: ParentNode,
    stats: ElementStats,
    ownBlock: ElementStats,
    link: boolean,
  ) => {
    for (let child = parentNode.firstChild; child; child = child.nextSibling) {
      const type = child.nodeType;
      if (type === 3) {
        const value = child.nodeValue as string;
        const n = value.trim().length;
        if (n === 0) continue;
        stats.text += n;
        ownBlock.ownText += n;
        for (let i = value.indexOf(','); i >= 0; i = value.indexOf(',', i + 1)) ownBlock.ownCommas++;
        if (link) {
          stats.linkText += n;
          ownBlock.ownLinkText += n;
        }
      } else if (type === 1) {
        const cs = visit(child as Element, stats, ownBlock, link);
        if (!cs) continue;
        stats.text += cs.text;
        stats.linkText += cs.linkText;
        stats.forms += cs.forms;
      }
    }
  };

  const visit = (el: Element, parent: ElementStats | null, block: ElementStats | null, inLink: boolean) => {
    const localName = el.localName;
    if (localName.startsWith('gloss-')) return null;
    const tag = localName.toUpperCase();
    if (SKIPPED_TAGS.has(tag)) {
      if (tag === 'SCRIPT' && el.getAttribute('type')?.includes('ld+json')) jsonLd.push(el);
      return null;
    }
    let name = '';
    let id = '';
    let itemprop: string | null = null;
    let itemtype: string | null = null;
    let data: Record<string, string> | null = null;
    // Reading only the attributes an element has is several times cheaper in jsdom than probing for each.
    if (el.hasAttributes()) {
      for (const attr of el.getAttributeNames()) {
        switch (attr) {
          case 'class':
            name = name
              ? `${(el.getAttribute('class') as string).toLowerCase()} ${name}`
              : (el.getAttribute('class') as string).toLowerCase();
            break;
          case 'id':
            id = el.getAttribute('id') as string;
            name = name ? `${name} ${id.toLowerCase()}` : id.toLowerCase();
            break;
          case 'hidden':
            return null;
          case 'style':
            if (HIDING_STYLE.test(el.getAttribute('style') as string)) return null;
            break;
          case 'itemprop':
            itemprop = el.getAttribute('itemprop');
            break;
          case 'itemtype':
            itemtype = el.getAttribute('itemtype');
            break;
          default:
            if (DATA_ATTRIBUTES.has(attr)) {
              data ??= {};
              data[attr] = el.getAttribute(attr) as string;
            }
        }
      }
    }
    // Pages hide templates and closed boxes with utility classes; without layout, the class is the only clue.
    if (name && HIDING_CLASS.test(name)) return null;
    const stats: ElementStats = {
      element: el,
      parent,
      tag,
      name,
      id,
      itemprop,
      itemtype,
      data,
      order: order++,
      index: 0,
      size: 0,
      text: 0,
      linkText: 0,
      ownText: 0,
      ownLinkText: 0,
      ownCommas: 0,
      forms: tag === 'FORM' ? 1 : 0,
      score: 0,
    };
    byElement.set(el, stats);
    const ownBlock = block && INLINE_TAGS.has(tag) ? block : stats;
    const link = inLink || tag === 'A';
    if (tag === 'H1' || tag === 'H2' || tag === 'H3') headings.push(stats);
    const first = postorder.length;
    const shadow = el.shadowRoot;
    if (shadow) {
      shadowRoots.push(shadow);
      visitChildren(shadow, stats, ownBlock, link);
    }
    visitChildren(el, stats, ownBlock, link);
    stats.index = postorder.length;
    stats.size = postorder.length - first + 1;
    postorder.push(stats);
    return stats;
  };

  visit(root, null, null, false);
  return { postorder, byElement, headings, shadowRoots, jsonLd };
}

/** The elements of a subtree, in post-order (the element itself last). */
export function subtree(stats: PageStats, s: ElementStats): ElementStats[] {
  return stats.postorder.slice(s.index - s.size + 1, s.index + 1);
}

export function isInside(inner: ElementStats, outer: ElementStats): boolean {
  return inner.index <= outer.index && inner.index > outer.index - outer.size;
}
