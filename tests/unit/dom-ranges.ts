import type { Selector } from '../../annotator/selectors';

/** Range over the n-th occurrence of `quote` inside one text node of root. */
export function rangeInTextNode(root: Element, quote: string, occurrence = 0): Range {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const data = (n as Text).data;
    for (let at = data.indexOf(quote); at !== -1; at = data.indexOf(quote, at + 1)) {
      if (seen++ === occurrence) {
        const r = root.ownerDocument.createRange();
        r.setStart(n, at);
        r.setEnd(n, at + quote.length);
        return r;
      }
    }
  }
  throw new Error(`"${quote}" #${occurrence} not on the page`);
}

/** Range over the first occurrence of `quote` in root's raw text, which may cross element boundaries. */
export function rangeAcrossNodes(root: Element, quote: string): Range | null {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const at = nodes
    .map((n) => n.data)
    .join('')
    .indexOf(quote);
  if (at < 0) return null;
  const locate = (pos: number, isEnd: boolean): [Text, number] => {
    let seen = 0;
    for (const n of nodes) {
      if (pos < seen + n.data.length || (isEnd && pos === seen + n.data.length)) return [n, pos - seen];
      seen += n.data.length;
    }
    throw new Error('out of range');
  };
  const range = root.ownerDocument.createRange();
  range.setStart(...locate(at, false));
  range.setEnd(...locate(at + quote.length, true));
  return range;
}

/** Selectors as they come back from storage. */
export const roundTrip = (s: Selector[]): Selector[] => JSON.parse(JSON.stringify(s));

/** Reading text before the range, to tell copies of a quote apart. */
export function textBefore(r: Range): string {
  const b = r.startContainer.ownerDocument?.createRange() ?? document.createRange();
  b.setStart(document.body, 0);
  b.setEnd(r.startContainer, r.startOffset);
  return b.toString().replace(/\s+/g, ' ').trim();
}
