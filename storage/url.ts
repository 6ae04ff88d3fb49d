/**
 * Page URL normalisation: one story, one key, whatever link led to it (a share button, a newsletter,
 * a search ad, the AMP version).
 *
 * Invalid input throws `InvalidUrlError` rather than returning a result type: callers only normalise URLs
 * of pages a content script is running on (always http(s)) or URLs from an import file (already
 * validated), so a non-http(s) URL here is a bug or hostile input, and a throw cannot be ignored by accident.
 */

export class InvalidUrlError extends Error {
  constructor(readonly url: string) {
    super(`Not an http(s) page address: ${url.length > 200 ? `${url.slice(0, 200)}…` : url}`);
    this.name = 'InvalidUrlError';
  }
}

/** Query parameters that say how a reader arrived, never which story they are reading. Lowercase. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'igsh',
  'mc_cid',
  'mc_eid',
  'mkt_tok',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  '_openstat',
  '__twitter_impression',
  'ref_src',
  'ref_url',
  'cmpid',
  'cmp', // The Guardian: ?CMP=share_btn_tw
  'ocid', // MSN
  'smid', // New York Times share links
  'smtyp',
  'sr_share',
  'emc',
  'xtor', // AT Internet, common on French news sites
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  'wickedid',
  'vero_id',
  's_kwcid',
  'spm',
]);

/** Whole families of tracking parameters, matched as lowercase prefixes. */
const TRACKING_PREFIXES = [
  'utm_',
  'at_' /* BBC, AT Internet */,
  'ns_' /* comScore */,
  'pk_',
  'mtm_',
  'hsa_',
  'oly_',
];

function isTrackingParam(rawKey: string): boolean {
  let key: string;
  try {
    key = decodeURIComponent(rawKey.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    key = rawKey.toLowerCase();
  }
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((p) => key.startsWith(p));
}

function parseHttpUrl(input: string, base?: string): URL | null {
  let url: URL;
  try {
    url = base === undefined ? new URL(input) : new URL(input, base);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/** Prefixes that publishers put in front of the same site for mobile and AMP editions. */
const EDITION_PREFIXES = ['www.', 'm.', 'amp.'];

function siteHost(hostname: string): string {
  for (const prefix of EDITION_PREFIXES) {
    if (hostname.startsWith(prefix) && hostname.length > prefix.length) return hostname.slice(prefix.length);
  }
  return hostname;
}

/**
 * Same site, approximated without a public-suffix list: the hosts are equal, or equal once one leading
 * `www.` / `m.` / `amp.` is removed from each. So `m.example.com` may point its canonical at
 * `www.example.com`, but `news.example.com` may not point at `example.com`, and no host may point at
 * another domain. A page cannot move its annotations to somebody else's site by lying in its canonical link.
 */
export function isSameSite(a: URL, b: URL): boolean {
  return a.hostname === b.hostname || siteHost(a.hostname) === siteHost(b.hostname);
}

/**
 * Sort and filter the raw `key=value` pieces instead of going through URLSearchParams, which would re-encode
 * values (`%20` -> `+`, `?flag` -> `?flag=`) and could change what the server sees when the reader follows
 * the stored link. The sort is stable, so repeated keys keep their relative order (it can matter: `?id=1&id=2`).
 */
function normalizeQuery(search: string): string {
  if (search.length <= 1) return '';
  const kept = search
    .slice(1)
    .split('&')
    .filter((piece) => piece !== '' && !isTrackingParam(piece.split('=', 1)[0] ?? ''));
  const keyOf = (piece: string) => piece.split('=', 1)[0] ?? '';
  kept.sort((x, y) => {
    const kx = keyOf(x);
    const ky = keyOf(y);
    return kx < ky ? -1 : kx > ky ? 1 : 0;
  });
  return kept.length ? `?${kept.join('&')}` : '';
}

/**
 * The key under which a page's annotations are stored.
 *
 * `canonical` is the page's `<link rel="canonical">` (absolute, or relative to `url`); it wins when it is a
 * valid http(s) URL on the same site (see `isSameSite`), otherwise it is ignored. The result has no
 * fragment, no tracking parameters, remaining parameters sorted by key, a lowercase host, no default port
 * and no empty `?`. Path case is kept (paths are case-sensitive on most servers). The scheme is kept too:
 * `http:` and `https:` may serve different documents.
 *
 * Idempotent: normalizePageUrl(normalizePageUrl(u)) === normalizePageUrl(u), which import relies on.
 * @throws InvalidUrlError when `url` is not an absolute http(s) URL.
 */
export function normalizePageUrl(url: string, canonical?: string | null): string {
  const page = parseHttpUrl(url.trim());
  if (!page) throw new InvalidUrlError(url);
  let chosen = page;
  if (canonical?.trim()) {
    const candidate = parseHttpUrl(canonical.trim(), page.href);
    if (candidate && isSameSite(page, candidate)) chosen = candidate;
  }
  // URL already lowercases the host, drops default ports, and resolves dot segments.
  const out = new URL(chosen.href);
  out.hash = '';
  out.username = '';
  out.password = '';
  const query = normalizeQuery(out.search);
  return `${out.protocol}//${out.host}${out.pathname}${query}`;
}

/** True for strings `normalizePageUrl` accepts. */
export function isHttpUrl(url: string): boolean {
  return parseHttpUrl(url.trim()) !== null;
}
