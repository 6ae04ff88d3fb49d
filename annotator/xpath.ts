/**
 * Simple XPaths (`/div[2]/p[3]`) between a root element and its descendants, resolved by walking children so
 * they work without document.evaluate (happy-dom) and without namespace trouble in XHTML documents.
 */

/** Path from root to el as /name[n] steps, n counting same-named element siblings from 1. */
export function xpathFor(root: Element, el: Element): string | null {
  const steps: string[] = [];
  for (let cur: Element | null = el; cur !== root; cur = cur.parentElement) {
    if (!cur) return null;
    const name = cur.localName;
    let n = 1;
    for (let s = cur.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === name) n++;
    steps.unshift(`${name}[${n}]`);
  }
  return `/${steps.join('/')}`;
}

const STEP = /^([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(?:\[(\d+)\])?$/;

/** Element named by a path from xpathFor (or any path of plain /name[n] steps); null if it no longer exists. */
export function resolveXPath(root: Element, path: string): Element | null {
  if (path === '/' || path === '') return root;
  if (!path.startsWith('/')) return null;
  let cur: Element = root;
  for (const step of path.slice(1).split('/')) {
    const m = STEP.exec(step);
    if (!m) return null;
    const name = (m[1] as string).toLowerCase();
    let n = m[2] ? Number(m[2]) : 1;
    let next: Element | null = null;
    for (let c = cur.firstElementChild; c; c = c.nextElementSibling) {
      if (c.localName.toLowerCase() === name && --n === 0) {
        next = c;
        break;
      }
    }
    if (!next) return null;
    cur = next;
  }
  return cur;
}

/** Characters of el's textContent before the boundary point (container, offset), which must lie inside el. */
export function textOffsetInElement(el: Element, container: Node, offset: number): number {
  let target: Node | null;
  let extra = 0;
  if (container.nodeType === 3) {
    target = container;
    extra = offset;
  } else {
    target = container.childNodes[offset] ?? null;
    if (!target) {
      // Boundary after the container's last child: everything inside the container precedes it.
      let count = 0;
      const doc = el.ownerDocument as Document;
      const walker = doc.createTreeWalker(el, 4);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const pos = container.compareDocumentPosition(n);
        // Stop at the first text node after the container's subtree.
        if (n !== container && (pos & 4) !== 0 && (pos & 16) === 0) break;
        count += (n as Text).data.length;
      }
      return count;
    }
  }
  let count = 0;
  const walker = (el.ownerDocument as Document).createTreeWalker(el, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n === target) return count + extra;
    const pos = target.compareDocumentPosition(n);
    // A text node inside or after an element target: the boundary lies before it.
    if ((pos & 4) !== 0 || (pos & 16) !== 0) return count;
    count += (n as Text).data.length;
  }
  return count;
}

/** Inverse of textOffsetInElement: the text node and offset holding character `offset` of el's textContent. */
export function pointAtTextOffset(el: Element, offset: number): { node: Text; offset: number } | null {
  const walker = (el.ownerDocument as Document).createTreeWalker(el, 4);
  let remaining = offset;
  let last: Text | null = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    if (remaining < t.data.length) return { node: t, offset: remaining };
    remaining -= t.data.length;
    last = t;
  }
  if (last && remaining === 0) return { node: last, offset: last.data.length };
  return null;
}
