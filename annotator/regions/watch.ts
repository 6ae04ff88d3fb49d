/**
 * Re-detects regions when content arrives (lazy comments, "show comments" buttons, infinite threads).
 * Batched and cheap: attribute/style-only changes and changes inside Gloss's own elements are ignored, and
 * the callback runs only when the detected regions actually differ.
 */
import type { PageRegions } from '../regions';
import { detectRegions } from '../regions';
import { isGlossOwned } from './dom';

const SETTLE_MS = 150;

function insideGloss(node: Node | null): boolean {
  for (let n = node; n; n = n.parentNode) {
    if (n.nodeType === 1 && isGlossOwned(n as Element)) return true;
  }
  return false;
}

function isWhitespaceText(node: Node): boolean {
  return node.nodeType === 3 && (node as Text).data.trim() === '';
}

function relevant(record: MutationRecord): boolean {
  if (record.type === 'attributes') return false;
  if (record.type === 'characterData') return !insideGloss(record.target);
  const changed = [...Array.from(record.addedNodes), ...Array.from(record.removedNodes)];
  const meaningful = changed.filter(
    (n) => !isWhitespaceText(n) && !(n.nodeType === 1 && isGlossOwned(n as Element)) && n.nodeType !== 8,
  );
  return meaningful.length > 0 && !insideGloss(record.target);
}

export function sameRegions(a: PageRegions, b: PageRegions): boolean {
  if (a.article !== b.article || a.comments.length !== b.comments.length) return false;
  return a.comments.every((c, i) => c.element === b.comments[i]?.element);
}

export function watchRegions(doc: Document, onChange: (regions: PageRegions) => void): () => void {
  const view = doc.defaultView;
  const Observer = view?.MutationObserver ?? globalThis.MutationObserver;
  let current = detectRegions(doc);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const setTimer = view?.setTimeout.bind(view) ?? setTimeout;
  const clearTimer = view?.clearTimeout.bind(view) ?? clearTimeout;

  const redetect = (): void => {
    timer = null;
    if (stopped) return;
    const next = detectRegions(doc);
    if (sameRegions(current, next)) return;
    current = next;
    onChange(next);
  };

  const observer = new Observer((records) => {
    if (timer !== null || stopped) return;
    if (!records.some(relevant)) return;
    timer = setTimer(redetect, SETTLE_MS);
  });
  const observeTree = (root: Node): void =>
    observer.observe(root, { childList: true, subtree: true, characterData: true });
  observeTree(doc);
  // Shadow roots (Coral) are separate trees: mutations inside them do not reach the document observer.
  const observed = new WeakSet<ShadowRoot>();
  const observeShadowRoots = (regions: PageRegions): void => {
    for (const c of regions.comments) {
      const root = c.element.getRootNode();
      if (root !== doc && root.nodeType === 11 && !observed.has(root as ShadowRoot)) {
        observed.add(root as ShadowRoot);
        observeTree(root);
      }
    }
  };
  observeShadowRoots(current);
  const originalOnChange = onChange;
  onChange = (regions) => {
    observeShadowRoots(regions);
    originalOnChange(regions);
  };

  return () => {
    stopped = true;
    observer.disconnect();
    if (timer !== null) clearTimer(timer);
    timer = null;
  };
}
