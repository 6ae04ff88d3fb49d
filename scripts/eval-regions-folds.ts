/**
 * Site-grouped cross-validation folds for the regions corpus. Pages of one site share a template, so a rule
 * or weight fitted on one of them is not tested by another: every page of a site goes to the same fold, and
 * a figure measured on a fold the change was not developed (or trained) on says how it does on new sites.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusPage } from './eval-regions-lib';

/** Folds the corpus is split into unless the caller says otherwise. */
export const DEFAULT_FOLDS = 5;

/** Hosts every blog links to (share buttons, feeds, ad networks): never the page's own site. */
const THIRD_PARTY_HOST =
  /facebook|twitter|google|feedburner|feedproxy|addthis|sharethis|amazon|wordpress\.org|w3\.org|doubleclick|youtube|flickr|digg|delicious|stumbleupon|reddit|technorati|creativecommons|gravatar|linkedin|pinterest|schema\.org|ogp\.me|disqus|yahoo|apple|microsoft|adobe|typekit|cloudfront|akamai|gmpg|purl|bit\.ly|instagram/;

/** Second-level labels under a country code (`bbc.co.uk`): the site is one label further left. */
const COUNTRY_SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov']);

/** The registrable part of a host name: `blogs.nytimes.com` and `www.nytimes.com` are one site. */
export function siteOfHost(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  const keep =
    labels.length >= 3 &&
    COUNTRY_SECOND_LEVEL.has(labels[labels.length - 2] ?? '') &&
    labels[labels.length - 1]?.length === 2
      ? 3
      : 2;
  return labels.slice(-keep).join('.');
}

function hostOf(url: string | null | undefined): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

const CANONICAL = /<link[^>]+rel=["']?canonical[^>]*>|<meta[^>]+og:url[^>]*>/i;
const TAG_URL = /(?:href|content)=["']?(https?:\/\/[^"'>\s]+)/i;
const LINK_HOST = /href=["']?https?:\/\/([a-z0-9.-]+)/gi;

/**
 * The site a corpus page comes from: its recorded URL, else the page's canonical / og:url, else (Readability's
 * fixtures are named after their site) the fixture's name, else the host its own links point to most.
 */
export function siteOf(page: CorpusPage, html = readFileSync(join(page.dir, 'page.html'), 'utf8')): string {
  const recorded = hostOf(page.truth.url);
  if (recorded) return siteOfHost(recorded);
  const canonical = hostOf(TAG_URL.exec(CANONICAL.exec(html)?.[0] ?? '')?.[1]);
  if (canonical) return siteOfHost(canonical);
  if (page.truth.source === 'readability') return `fixture:${page.id.replace(/-\d+$/, '')}`;
  const counts = new Map<string, number>();
  for (const match of html.matchAll(LINK_HOST)) {
    const host = match[1] ?? '';
    if (THIRD_PARTY_HOST.test(host)) continue;
    const site = siteOfHost(host);
    counts.set(site, (counts.get(site) ?? 0) + 1);
  }
  let best = `page:${page.id}`;
  let bestCount = 0;
  for (const [site, n] of counts) {
    if (n > bestCount || (n === bestCount && site < best)) {
      best = site;
      bestCount = n;
    }
  }
  return best;
}

function hashOf(text: string): string {
  return createHash('sha256').update(`regions-folds:${text}`).digest('hex');
}

/**
 * Fold index per page id. Sites go, largest first (ties in hash order), to the fold with the fewest pages so
 * far: folds of about equal size whatever a big site weighs, and the same folds on every machine.
 */
export function assignFolds(pages: CorpusPage[], k = DEFAULT_FOLDS): Map<string, number> {
  const bySite = new Map<string, string[]>();
  for (const page of pages) {
    const site = siteOf(page);
    const ids = bySite.get(site);
    if (ids) ids.push(page.id);
    else bySite.set(site, [page.id]);
  }
  const sites = [...bySite.entries()]
    .map(([site, ids]) => ({ ids, hash: hashOf(site) }))
    .sort((a, b) => b.ids.length - a.ids.length || (a.hash < b.hash ? -1 : 1));
  const sizes = new Array<number>(k).fill(0);
  const fold = new Map<string, number>();
  for (const { ids } of sites) {
    let smallest = 0;
    for (let i = 1; i < k; i++) if ((sizes[i] ?? 0) < (sizes[smallest] ?? 0)) smallest = i;
    for (const id of ids) fold.set(id, smallest);
    sizes[smallest] = (sizes[smallest] ?? 0) + ids.length;
  }
  return fold;
}
