/**
 * Tags as readers type them, and `#tag` terms in a search.
 *
 * A tag is free text (a word or a few: "local politics"). In the editors tags are typed separated by commas;
 * in a search, `#word` or `#"a few words"` asks for highlights carrying that tag, compared without regard to
 * case, while the rest of the query searches words as before.
 */

/** The tags in what a reader typed: comma-separated, spaces collapsed, the first spelling of each kept. */
export function parseTagInput(input: string): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const piece of input.split(',')) {
    // A leading "#" is how tags are shown; typing it back means the same tag.
    // Quotes would not survive a `#"..."` search term.
    const tag = piece
      .replace(/"/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^#+\s*/, '');
    const key = tag.toLowerCase();
    if (tag && !seen.has(key)) {
      seen.add(key);
      tags.push(tag);
    }
  }
  return tags;
}

/** What the tag editors show for `tags` (parseTagInput reads it back as the same list). */
export function formatTagInput(tags: readonly string[]): string {
  return tags.join(', ');
}

/** The search term that finds highlights carrying `tag`. */
export function tagQuery(tag: string): string {
  return /^[^\s"#]+$/.test(tag) ? `#${tag}` : `#"${tag.replace(/"/g, '')}"`;
}

/** A search split into the tags it asks for and the words left over. */
export interface SearchQuery {
  tags: string[];
  words: string;
}

const TAG_TERM = /(^|\s)#(?:"([^"]*)"?|([^\s"#]+))/g;

export function parseSearchQuery(query: string): SearchQuery {
  const tags: string[] = [];
  const words = query.replace(TAG_TERM, (_m, lead: string, quoted?: string, bare?: string) => {
    const tag = (quoted ?? bare ?? '').replace(/\s+/g, ' ').trim();
    if (tag && !tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
    return lead;
  });
  return { tags, words: words.replace(/\s+/g, ' ').trim() };
}
