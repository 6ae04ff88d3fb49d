/**
 * The story body as the page itself declares it: schema.org microdata (`itemprop="articleBody"`) or the
 * `articleBody` text of a JSON-LD Article (NewsArticle, BlogPosting, ...), matched back to the element that
 * holds that text. Publishers write these for search engines, so they are usually exact; the caller still
 * checks the declared element against the text-density choice before trusting it.
 */
import type { ElementStats, PageStats } from './text-stats';

/** The declared body element, or null when the page declares none (or none we can find). */
export function findDeclaredBody(doc: Document, stats: PageStats): ElementStats | null {
  return microdataBody(stats) ?? jsonLdBody(doc, stats);
}

function microdataBody(stats: PageStats): ElementStats | null {
  let best: ElementStats | null = null;
  for (const s of stats.postorder) {
    if (!s.itemprop || !/(?:^|\s)articleBody(?:\s|$)/i.test(s.itemprop)) continue;
    if (!best || s.text > best.text) best = s;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// JSON-LD

const ARTICLE_TYPE = /^(?:\w+:)?(?:[A-Za-z]*Article|BlogPosting|SocialMediaPosting|Report|LiveBlogPosting)$/;

function isArticleType(type: unknown): boolean {
  if (typeof type === 'string') return ARTICLE_TYPE.test(type.replace(/^https?:\/\/schema\.org\//, ''));
  return Array.isArray(type) && type.some(isArticleType);
}

/** The longest articleBody of an Article-typed object anywhere in the JSON-LD (graphs, arrays, nesting). */
function articleBodyText(data: unknown, depth = 0): string {
  if (depth > 6 || !data || typeof data !== 'object') return '';
  if (Array.isArray(data)) {
    let best = '';
    for (const item of data) {
      const body = articleBodyText(item, depth + 1);
      if (body.length > best.length) best = body;
    }
    return best;
  }
  const obj = data as Record<string, unknown>;
  let best = typeof obj.articleBody === 'string' && isArticleType(obj['@type']) ? obj.articleBody : '';
  for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemListElement']) {
    const body = articleBodyText(obj[key], depth + 1);
    if (body.length > best.length) best = body;
  }
  return best;
}

function jsonLdScripts(doc: Document, stats: PageStats): Element[] {
  const scripts: Element[] = [];
  for (let el = doc.head?.firstElementChild ?? null; el; el = el.nextElementSibling) {
    if (el.localName === 'script' && el.getAttribute('type')?.includes('ld+json')) scripts.push(el);
  }
  return scripts.concat(stats.jsonLd);
}

const WORD = /[\p{L}\p{N}]+/gu;

function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** How many of the body's first / last words must be found in order, in the element's text. */
const PROBE_WORDS = 8;
/** Elements checked against the text: the walk's sizes narrow the field, textContent is the dear part. */
const MAX_CHECKS = 24;

function jsonLdBody(doc: Document, stats: PageStats): ElementStats | null {
  let body = '';
  for (const script of jsonLdScripts(doc, stats)) {
    try {
      const text = articleBodyText(JSON.parse(script.textContent ?? ''));
      if (text.length > body.length) body = text;
    } catch {
      // Broken JSON-LD is common; it declares nothing.
    }
  }
  const bodyWords = words(body);
  if (bodyWords.length < 2 * PROBE_WORDS) return null;
  const head = bodyWords.slice(0, PROBE_WORDS).join(' ');
  const tail = bodyWords.slice(-PROBE_WORDS).join(' ');
  // The walk measures trimmed characters, so the element holding the body has about the body's length.
  const length = body.replace(/\s+/g, ' ').trim().length;
  const candidates = stats.postorder.filter((s) => s.text >= length * 0.6 && s.text <= length * 4);
  candidates.sort((a, b) => a.text - b.text);
  let checks = 0;
  for (const s of candidates) {
    if (++checks > MAX_CHECKS) break;
    const text = words(s.element.textContent ?? '').join(' ');
    // The smallest element holding both ends of the declared body holds all of it.
    if (text.includes(head) && text.includes(tail)) return s;
  }
  return null;
}
