import { tokenize } from '../../storage/words';

/** A piece of displayed text, marked when it is a word the search matched. */
export interface Segment {
  text: string;
  match: boolean;
}

/** The same word runs `tokenize` finds, located in the original text so they can be marked in place. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Splits `text` into segments, marking each word that starts with one of `terms` (the index's terms, as the
 * background returned them). Words are folded with the index's own tokenizer, so what is marked is what
 * matched: `cafe` marks "Café".
 */
export function markMatches(text: string, terms: readonly string[]): Segment[] {
  if (terms.length === 0 || text === '') return [{ text, match: false }];
  const segments: Segment[] = [];
  let at = 0;
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const folded = tokenize(word)[0] ?? '';
    if (!terms.some((t) => folded.startsWith(t))) continue;
    const start = m.index ?? 0;
    if (start > at) segments.push({ text: text.slice(at, start), match: false });
    segments.push({ text: word, match: true });
    at = start + word.length;
  }
  if (at < text.length) segments.push({ text: text.slice(at), match: false });
  return segments;
}
