/**
 * What marks an element as one reader comment, by platform and by naming convention. Each signal yields
 * candidate elements with a "signature": two candidates with the same signature are the same kind of thing
 * (so a candidate containing another of its own signature is a thread holding replies).
 */
import type { ElementStats } from './text-stats';

export interface Candidate {
  element: Element;
  signature: string;
  /** Platform signals are trusted more than naming conventions. */
  strong: boolean;
}

/** Class tokens platforms give one comment (beyond the `comment` word the naming rule already reads). */
const PLATFORM_TOKENS: Record<string, string> = {
  'bbp-reply': 'bbpress-reply',
  'spcv_message-view': 'openweb-message',
  spcv_messageview: 'openweb-message',
};

/**
 * Platform markup for one comment: schema.org microdata, OpenWeb / Viafoura data attributes, and Disqus's
 * `li.post`, which only means a comment inside its post list.
 */
export function platformSignature(s: ElementStats): string | null {
  if (s.itemtype && /schema\.org\/(?:Comment|Answer)\b/i.test(s.itemtype)) return 'schema-comment';
  if (s.itemprop && /(?:^|\s)comment(?:\s|$)/i.test(s.itemprop)) return 'schema-comment';
  const data = s.data;
  if (data) {
    const spot = data['data-spot-im-class'];
    if (spot === 'message-view' || spot === 'message') return 'openweb-message';
    if (data['data-vf-comment-id'] !== undefined) return 'viafoura-comment';
  }
  if (!s.name) return null;
  const tokens = s.name.split(/\s+/);
  for (const token of tokens) {
    const platform = PLATFORM_TOKENS[token];
    if (platform) return platform;
  }
  if (s.tag === 'LI' && tokens.includes('post')) {
    for (let p = s.parent; p; p = p.parent)
      if (/(?:^|\s)(?:post-list|posts)(?:\s|$)/.test(p.name)) return 'disqus-post';
  }
  return null;
}

/**
 * A class token or id naming one comment (or its own body), e.g. `comment`, `comment-body`, `li-comment-12`,
 * `vf-comment`, `commententry`. Plural `comments` and list / form / meta words name sections or parts.
 */
const ITEM_NAME =
  /^(?:([a-z]{1,12})[-_])?comment(?:[-_]?(item|entry|container|wrapper|wrap|box|block|body|content|text|main|inner|holder|single|message|unit|outer|data|area|copy|inside))?(?:[-_]?\d+)?$/;

/** Prefixes that turn a comment word into a UI control or a widget about comments. */
const DENIED_PREFIXES = new Set([
  'no',
  'add',
  'new',
  'leave',
  'write',
  'recent',
  'latest',
  'popular',
  'post',
  'show',
  'view',
  'load',
  'more',
  'toggle',
  'open',
  'close',
  'count',
  'your',
  'my',
  'has',
  'sub',
  'user',
  'most',
  'top',
  'best',
  'fb',
  'facebook',
  'form',
]);

/** Names for the body part of a comment (without its header): used only when nothing names the whole. */
const BODY_PARTS = new Set(['body', 'content', 'text', 'message', 'data', 'copy', 'inside', 'main', 'inner']);

/** The signature a naming convention gives, or null when the element's names do not name one comment. */
export function namedSignature(s: ElementStats): string | null {
  const names = s.name;
  if (!names.includes('comment')) return null;
  let best: string | null = null;
  for (const raw of names.split(/\s+/)) {
    if (!raw.includes('comment')) continue;
    const match = ITEM_NAME.exec(raw);
    if (!match) continue;
    const prefix = match[1];
    if (prefix && DENIED_PREFIXES.has(prefix)) continue;
    const part = match[2] ?? '';
    const kind = BODY_PARTS.has(part) ? 'body' : 'item';
    // Prefer the whole-comment reading when the element carries both kinds of name.
    if (best === null || (kind === 'item' && best.endsWith(':body'))) best = `${s.tag}:${kind}`;
  }
  return best;
}

/** Class tokens naming a comment's author, most specific first. */
const AUTHOR_TOKENS = [
  ['fn'],
  [
    'comment-author-name',
    'comment_author_name',
    'comment-author',
    'comment_author',
    'commentauthor',
    'comment-name',
    'comment_name',
    'commentname',
  ],
  [
    'author-name',
    'author_name',
    'authorname',
    'username',
    'user-name',
    'user_name',
    'commenter',
    'commenter-name',
    'comment-user',
    'poster',
    'nickname',
  ],
  ['author', 'name', 'user', 'byline'],
];
const AUTHOR_RANK = new Map<string, number>();
AUTHOR_TOKENS.forEach((tokens, rank) => {
  for (const token of tokens) AUTHOR_RANK.set(token, rank + 1);
});

/** Platform-prefixed variants: `coral-username`, `spcv_username`, `vf-author-name`, `post-author`. */
const AUTHOR_SUFFIX =
  /[-_](?:username|user-name|user_name|author|author-name|author_name|display-name|displayname|nickname)$/;

/** How strongly an element names a comment's author (lower is stronger), or null. */
export function authorRank(s: ElementStats): number | null {
  if (s.itemprop && /(?:^|\s)(?:author|creator)(?:\s|$)/i.test(s.itemprop)) return 0;
  let best: number | null = null;
  if (s.name) {
    for (const token of s.name.split(/\s+/)) {
      const rank = AUTHOR_RANK.get(token) ?? (AUTHOR_SUFFIX.test(token) ? 3 : undefined);
      if (rank !== undefined && (best === null || rank < best)) best = rank;
    }
  }
  if (best === null && s.data?.['data-role'] === 'username') best = 2;
  if (best === null && s.tag === 'CITE') best = AUTHOR_TOKENS.length;
  return best;
}
