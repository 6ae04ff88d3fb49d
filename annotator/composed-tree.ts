/**
 * The tree the reader sees: the document with every open shadow root in place of its host's children, and each
 * slot showing the nodes assigned to it. Comment widgets (Coral Talk and others) render into open shadow roots,
 * so the text index, selections and highlights follow this tree rather than the document's own. Closed roots
 * stay out of reach, Gloss's own UI among them.
 */

const ELEMENT = 1;
const FRAGMENT = 11;

/** The open shadow root `node` hosts, if any. */
export function openShadowRoot(node: Node): ShadowRoot | null {
  return node.nodeType === ELEMENT ? (node as Element).shadowRoot : null;
}

function isSlot(node: Node): node is HTMLSlotElement {
  return node.nodeType === ELEMENT && (node as Element).localName === 'slot';
}

/** The host a shadow root hangs from, or null for a document or a plain fragment. */
export function hostOf(root: Node): Element | null {
  return root.nodeType === FRAGMENT ? ((root as ShadowRoot).host ?? null) : null;
}

/** Parent in the composed tree: a shadow root's is its host. */
export function composedParent(node: Node): Node | null {
  return hostOf(node) ?? node.parentNode;
}

export function composedContains(ancestor: Node, node: Node): boolean {
  for (let n: Node | null = node; n; n = composedParent(n)) if (n === ancestor) return true;
  return false;
}

/**
 * The children `node` shows in the composed tree when they are not its own child nodes: its open shadow root's
 * children, or the nodes assigned to a slot. Null means "its child nodes", the case of almost every node.
 */
export function shownChildren(node: Node): ArrayLike<Node> | null {
  const shadow = openShadowRoot(node);
  if (shadow) return shadow.childNodes;
  if (isSlot(node)) {
    const assigned = node.assignedNodes();
    if (assigned.length > 0) return assigned;
  }
  return null;
}

function flatParent(node: Node): Node | null {
  return (node as Element).assignedSlot ?? composedParent(node);
}

function flatFirstChild(node: Node): Node | null {
  const shown = shownChildren(node);
  return shown ? (shown[0] ?? null) : node.firstChild;
}

function flatNextSibling(node: Node): Node | null {
  const slot = (node as Element).assignedSlot;
  if (slot) {
    const assigned = slot.assignedNodes();
    return assigned[assigned.indexOf(node) + 1] ?? null;
  }
  return node.nextSibling;
}

/**
 * The node after `node` in composed-tree order, within `root`: its first child unless `skipChildren`, else the
 * next sibling of it or of its nearest ancestor that has one. Null past the end of `root`.
 */
export function nextInComposedTree(node: Node, root: Node, skipChildren = false): Node | null {
  if (!skipChildren) {
    const child = flatFirstChild(node);
    if (child) return child;
  }
  for (let n: Node | null = node; n && n !== root; n = flatParent(n)) {
    const next = flatNextSibling(n);
    if (next) return next;
  }
  return null;
}

/**
 * A range can only lie within one tree. Given a start and an end that may lie in different trees (a selection
 * dragged from the story into a comment widget's shadow root), returns the end point moved into the start's
 * tree: before the host it lies under, or at the end of the start's shadow root when the end lies beyond it.
 */
export function endInTreeOf(start: Node, endNode: Node, endOffset: number): [Node, number] {
  const startRoot = start.getRootNode();
  let point: [Node, number] = [endNode, endOffset];
  for (let n = endNode; n.getRootNode() !== startRoot; ) {
    const host = hostOf(n.getRootNode());
    const parent = host?.parentNode;
    if (!host || !parent) return [startRoot, startRoot.childNodes.length];
    point = [parent, Array.prototype.indexOf.call(parent.childNodes, host)];
    n = host;
  }
  return point;
}

/** Open shadow roots `node` lies in, innermost first. */
export function shadowRootsAround(node: Node): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  for (let root = node.getRootNode(); hostOf(root); root = (hostOf(root) as Element).getRootNode()) {
    roots.push(root as ShadowRoot);
  }
  return roots;
}
