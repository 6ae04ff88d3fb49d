/**
 * Re-detects regions when content arrives (lazy comments, "show comments" buttons, infinite threads).
 * Batched and cheap: attribute/style-only changes and changes inside Gloss's own elements are ignored, and
 * the callback runs only when the detected regions actually differ.
 */
import type { PageRegions } from '../regions';
import { detectRegions } from '../regions';
import { isGlossOwned } from './dom';

const SETTLE_MS = 150;
/**
 * Detection walks the whole page (tens of ms on the heaviest news pages in a real browser). Pages that mutate
 * all the time (ads, tickers) would otherwise have it re-run every SETTLE_MS: waiting BUDGET times the last
 * run's cost keeps it under 1/BUDGET of the main thread.
 */
const BUDGET = 20;

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
  if (a.articleExcluded.length !== b.articleExcluded.length) return false;
  if (!a.articleExcluded.every((e, i) => e === b.articleExcluded[i])) return false;
  return a.comments.every((c, i) => c.element === b.comments[i]?.element);
}

/** How long to wait before the next detection, given the last one's cost and the time since it ended. */
export function redetectDelay(lastCostMs: number, sinceLastRunMs: number): number {
  return Math.max(SETTLE_MS, lastCostMs * BUDGET - sinceLastRunMs);
}

/**
 * Calls `onChange` when the page's regions change. `initial` is a detection the caller has just made, so
 * the page is not walked twice in a row.
 */
export function watchRegions(
  doc: Document,
  onChange: (regions: PageRegions) => void,
  initial?: PageRegions,
): () => void {
  const view = doc.defaultView;
  const Observer = view?.MutationObserver ?? globalThis.MutationObserver;
  const clock = view?.performance ?? globalThis.performance;
  let current = initial ?? detectRegions(doc);
  let lastCost = 0;
  let lastRunEnd = clock.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const setTimer = view?.setTimeout.bind(view) ?? setTimeout;
  const clearTimer = view?.clearTimeout.bind(view) ?? clearTimeout;

  const redetect = (): void => {
    timer = null;
    if (stopped) return;
    const start = clock.now();
    const next = detectRegions(doc);
    lastRunEnd = clock.now();
    lastCost = lastRunEnd - start;
    if (sameRegions(current, next)) return;
    current = next;
    onChange(next);
  };

  const observer = new Observer((records) => {
    if (timer !== null || stopped) return;
    if (!records.some(relevant)) return;
    timer = setTimer(redetect, redetectDelay(lastCost, clock.now() - lastRunEnd));
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
