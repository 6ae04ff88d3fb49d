/**
 * Search tokens. The same function tokenises stored text and queries, so they always agree.
 *
 * Tokens are runs of Unicode letters, digits and combining marks (marks are part of words in Devanagari,
 * Thai, ...), lowercased, with Latin/Greek/Cyrillic accents folded so `cafe` finds `café`. Scripts written
 * without spaces (Chinese, Japanese) become one token per run, so only prefix-of-run search works there.
 */

const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
/** Combining diacritical marks (U+0300–U+036F) only: folding other marks would change letters. */
const DIACRITICS = /[\u0300-\u036f]/g;
/** Longer runs (URLs squashed together, base64) are noise and bloat the index; the prefix still matches. */
const MAX_TOKEN_LENGTH = 40;

export function tokenize(text: string): string[] {
  const folded = text.normalize('NFKD').replace(DIACRITICS, '').normalize('NFC').toLowerCase();
  const tokens = folded.match(TOKEN) ?? [];
  return tokens.map((t) => (t.length > MAX_TOKEN_LENGTH ? t.slice(0, MAX_TOKEN_LENGTH) : t));
}

/** Distinct tokens of all `texts`, sorted for stable rows. */
export function searchWords(...texts: string[]): string[] {
  const words = new Set<string>();
  for (const text of texts) for (const token of tokenize(text)) words.add(token);
  return [...words].sort();
}
