import type { Selector, TextQuoteSelector } from '../annotator/selectors';

/**
 * A link that opens a story at a quote: a URL text fragment (`#:~:text=`, https://wicg.github.io/scroll-to-text-fragment/),
 * which Chromium, Safari and Firefox follow without Gloss, so a copied or exported link works for anyone.
 *
 * Browsers match a fragment's terms on word boundaries, so a quote that begins or ends inside a word is
 * widened to the whole word with the saved context; a long quote is given by its first and last words
 * (`textStart,textEnd`); a few words of context on each side (`prefix-,` and `,-suffix`) pick the right copy
 * of a phrase that stands on the page more than once.
 */

/** Words of context on each side: enough to tell copies apart, few enough to survive small edits. */
export const CONTEXT_WORDS = 3;
/** A quote of more words than this is linked by its first and last WORDS_AT_EACH_END words. */
export const WHOLE_QUOTE_WORDS = 10;
export const WORDS_AT_EACH_END = 4;

export interface Passage {
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** Which end of a text a step works from: the quote's start meets the prefix, its end meets the suffix. */
type Side = 'start' | 'end';

const WORD_CHAR = /[\p{L}\p{N}]/u;

function words(text: string): string[] {
  return text.split(/\s+/u).filter((w) => w !== '');
}

/**
 * Up to CONTEXT_WORDS whole words of a context next to the quote (`side`: the context's end that touches it).
 * Its far end was cut at a width, maybe inside a word, and a fragment term must start and end at word edges.
 */
function contextWords(context: string, side: Side): string[] {
  const all = words(context);
  const farEdge = side === 'end' ? context.at(0) : context.at(-1);
  if (farEdge && WORD_CHAR.test(farEdge)) {
    if (side === 'end') all.shift();
    else all.pop();
  }
  return side === 'start' ? all.slice(0, CONTEXT_WORDS) : all.slice(Math.max(0, all.length - CONTEXT_WORDS));
}

/**
 * Splits the context that touches the quote at `side` into the part of a word the quote cut (which joins the
 * quote) and the whole words beyond it (which become the fragment's context).
 */
function splitContext(quote: string, context: string, side: Side): { joined: string; rest: string } {
  const quoteEdge = side === 'start' ? quote.at(0) : quote.at(-1);
  const contextEdge = side === 'start' ? context.at(-1) : context.at(0);
  if (!quoteEdge || !contextEdge || !WORD_CHAR.test(quoteEdge) || !WORD_CHAR.test(contextEdge)) {
    return { joined: '', rest: context };
  }
  const cut = side === 'start' ? /[\p{L}\p{N}]+$/u : /^[\p{L}\p{N}]+/u;
  const joined = context.match(cut)?.[0] ?? '';
  const rest = side === 'start' ? context.slice(0, -joined.length) : context.slice(joined.length);
  return { joined, rest };
}

/** Percent-encodes a term, including the characters the directive's own syntax uses. */
function encodeTerm(term: string): string {
  return encodeURIComponent(term).replace(/-/g, '%2D').replace(/,/g, '%2C').replace(/&/g, '%26');
}

/** The `text=` directive's value for a passage, or null when the quote holds no words at all. */
export function textDirective(passage: Passage): string | null {
  const before = splitContext(passage.exact, passage.prefix ?? '', 'start');
  const after = splitContext(passage.exact, passage.suffix ?? '', 'end');
  const quote = words(`${before.joined}${passage.exact}${after.joined}`);
  if (quote.length === 0) return null;
  const terms: string[] = [];
  const prefix = contextWords(before.rest, 'end');
  if (prefix.length) terms.push(`${encodeTerm(prefix.join(' '))}-`);
  if (quote.length > WHOLE_QUOTE_WORDS) {
    terms.push(encodeTerm(quote.slice(0, WORDS_AT_EACH_END).join(' ')));
    terms.push(encodeTerm(quote.slice(-WORDS_AT_EACH_END).join(' ')));
  } else {
    terms.push(encodeTerm(quote.join(' ')));
  }
  const suffix = contextWords(after.rest, 'start');
  if (suffix.length) terms.push(`-${encodeTerm(suffix.join(' '))}`);
  return terms.join(',');
}

function quoteSelector(selectors: readonly Selector[]): TextQuoteSelector | undefined {
  for (const s of selectors) {
    if (s.type === 'TextQuoteSelector') return s;
    if ('refinedBy' in s && s.refinedBy) {
      const inner = quoteSelector([s.refinedBy]);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * The story's address opening at the passage. The page's own fragment is dropped: a text directive after it
 * would make some pages' routers treat the whole as an unknown route.
 */
export function passageLink(pageUrl: string, quote: string, selectors: readonly Selector[] = []): string {
  const selector = quoteSelector(selectors);
  const directive = textDirective(selector ?? { exact: quote });
  const base = pageUrl.split('#', 1)[0] ?? pageUrl;
  return directive === null ? base : `${base}#:~:text=${directive}`;
}
