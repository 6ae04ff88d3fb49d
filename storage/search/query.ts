import type { Annotation, AnnotationRegion, HighlightColor } from '../annotation';
import type { GlossDb } from '../db';
import { fromRow } from '../row';
import { parseSearchQuery } from '../tags';
import { tokenize } from '../words';
import { CLOCK_BLOCK, exactTermRange, type PostingRow, prefixRange } from './postings';
import { facetTerm } from './terms';

/** Filters of the library view; each narrows the results, and all combine with the search text. */
export interface LibraryFilters {
  color?: HighlightColor;
  tag?: string;
  region?: AnnotationRegion['kind'];
  commenter?: string;
  site?: string;
  /** Saved (createdAt) at or after this time, in ms. */
  from?: number;
  /** Saved before this time, in ms. */
  to?: number;
}

export interface LibraryQuery {
  text: string;
  filters?: LibraryFilters;
}

export interface LibraryPage {
  /** Annotations matching the filters and at least one search term (all of them, with allTermsOnly). */
  total: number;
  /** Of those, how many match every term; they come first. */
  allTerms: number;
  /** The search terms as the index saw them, for marking matches. */
  terms: string[];
  offset: number;
  items: Annotation[];
}

export interface SearchOptions {
  /** Only annotations matching every term (the popup's search); the library lists partial matches after. */
  allTermsOnly?: boolean;
}

/**
 * More terms than this in one search are ignored: match counts are kept per doc in a byte, and a reader's
 * query is a few words.
 */
export const MAX_SEARCH_TERMS = 16;

/** Every doc number's clocks, and the live ones newest first: what ranking and date filters read. */
interface Clocks {
  updatedAt: Float64Array;
  createdAt: Float64Array;
  byRecency: Int32Array;
}

interface Ranked {
  docs: Int32Array;
  total: number;
  allTerms: number;
}

/**
 * What searches read from the index, kept between requests while nothing writes: typing a word asks for
 * the same postings and clocks keystroke after keystroke, and scrolling asks for pages of the same ranking.
 */
interface Snapshot {
  generation: number;
  clocks?: Clocks;
  /** Postings rows per key range read, by `lo NUL hi`. */
  postings: Map<string, PostingRow[]>;
  rankings: Map<string, Ranked>;
}

/** Postings ranges kept per snapshot; a long session of typing must not keep every prefix it ever saw. */
const MAX_CACHED_RANGES = 256;
/** Rankings kept per snapshot, for paging back and forth through recent searches. */
const MAX_CACHED_RANKINGS = 16;

const snapshots = new WeakMap<GlossDb, Snapshot>();

function snapshotOf(db: GlossDb): Snapshot {
  const current = snapshots.get(db);
  if (current && current.generation === db.indexGeneration) return current;
  const fresh: Snapshot = { generation: db.indexGeneration, postings: new Map(), rankings: new Map() };
  snapshots.set(db, fresh);
  return fresh;
}

function remember<V>(cache: Map<string, V>, key: string, value: V, max: number): V {
  if (cache.size >= max) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

async function loadClocks(db: GlossDb): Promise<Clocks> {
  const rows = await db.clocks.toArray();
  const size = rows.reduce((max, row) => Math.max(max, (row.block + 1) * CLOCK_BLOCK), 0);
  const updatedAt = new Float64Array(size);
  const createdAt = new Float64Array(size);
  for (const row of rows) {
    updatedAt.set(row.updatedAt, row.block * CLOCK_BLOCK);
    createdAt.set(row.createdAt, row.block * CLOCK_BLOCK);
  }
  let live = 0;
  for (let d = 0; d < size; d++) if (updatedAt[d] !== 0) live++;
  const byRecency = new Int32Array(live);
  let at = 0;
  for (let d = 0; d < size; d++) if (updatedAt[d] !== 0) byRecency[at++] = d;
  // Newest first; the later doc number first on a tie, so the order is total and stable between requests.
  byRecency.sort((a, b) => (updatedAt[b] as number) - (updatedAt[a] as number) || b - a);
  return { updatedAt, createdAt, byRecency };
}

async function loadRange(db: GlossDb, snapshot: Snapshot, [lo, hi]: [string, string]): Promise<Int32Array[]> {
  const key = `${lo}\u0000${hi}`;
  const cached = snapshot.postings.get(key);
  if (cached) return cached.map((row) => row.docs);
  const rows =
    narrowed(snapshot, lo, hi) ?? (await db.postings.where(':id').between(lo, hi, true, true).toArray());
  return remember(snapshot.postings, key, rows, MAX_CACHED_RANGES).map((row) => row.docs);
}

/**
 * The rows of [lo, hi] taken from a cached wider prefix range, when there is one: typing "co" after "c"
 * reads nothing from storage. Only prefix ranges (`prefix` to `prefix` + U+FFFF) nest this way.
 */
function narrowed(snapshot: Snapshot, lo: string, hi: string): PostingRow[] | undefined {
  if (hi !== prefixRange(lo)[1]) return undefined;
  for (let length = lo.length - 1; length > 0; length--) {
    const [wideLo, wideHi] = prefixRange(lo.slice(0, length));
    const wider = snapshot.postings.get(`${wideLo}\u0000${wideHi}`);
    if (wider) return wider.filter((row) => row.key.startsWith(lo));
  }
  return undefined;
}

/** The query's terms: tokens that another token extends are implied by it ("clim" by "climate"). */
function searchTerms(words: string): string[] {
  const tokens = [...new Set(tokenize(words))].slice(0, MAX_SEARCH_TERMS);
  return tokens.filter((t) => !tokens.some((other) => other !== t && other.startsWith(t)));
}

function facetTerms(tags: readonly string[], filters: LibraryFilters): string[] {
  const terms = tags.map((tag) => facetTerm('tag', tag));
  if (filters.tag) terms.push(facetTerm('tag', filters.tag));
  if (filters.color) terms.push(facetTerm('color', filters.color));
  if (filters.region) terms.push(facetTerm('region', filters.region));
  if (filters.commenter) terms.push(facetTerm('commenter', filters.commenter));
  if (filters.site) terms.push(facetTerm('site', filters.site));
  return [...new Set(terms)];
}

async function rank(
  db: GlossDb,
  snapshot: Snapshot,
  clocks: Clocks,
  terms: readonly string[],
  facets: readonly string[],
  filters: LibraryFilters,
  allTermsOnly: boolean,
): Promise<Ranked> {
  const size = clocks.updatedAt.length;
  // A doc passes the filters when every facet's postings hold it.
  let facetHits: Uint8Array | null = null;
  if (facets.length > 0) {
    facetHits = new Uint8Array(size);
    for (const facet of facets) {
      for (const docs of await loadRange(db, snapshot, exactTermRange(facet)))
        for (const d of docs) if (d < size) facetHits[d] = (facetHits[d] as number) + 1;
    }
  }
  // Per doc, how many terms it matches; `lastTerm` stops a doc counting twice for one prefix ("th": the, that).
  const matches = new Uint8Array(size);
  const lastTerm = new Uint8Array(size);
  for (let t = 0; t < terms.length; t++) {
    const mark = t + 1;
    for (const docs of await loadRange(db, snapshot, prefixRange(terms[t] as string))) {
      for (const d of docs) {
        if (d >= size || lastTerm[d] === mark) continue;
        lastTerm[d] = mark;
        matches[d] = (matches[d] as number) + 1;
      }
    }
  }
  const from = filters.from ?? Number.NEGATIVE_INFINITY;
  const to = filters.to ?? Number.POSITIVE_INFINITY;
  const wanted = facets.length;
  const minimum = terms.length === 0 ? 0 : allTermsOnly ? terms.length : 1;
  // Buckets by match count, each newest first: all terms, then fewer and fewer.
  const buckets: number[][] = Array.from({ length: terms.length + 1 }, () => []);
  for (const d of clocks.byRecency) {
    if (facetHits && facetHits[d] !== wanted) continue;
    const created = clocks.createdAt[d] as number;
    if (created < from || created >= to) continue;
    const m = matches[d] as number;
    if (m < minimum) continue;
    (buckets[m] as number[]).push(d);
  }
  const docs = new Int32Array(buckets.reduce((sum, b) => sum + b.length, 0));
  let at = 0;
  for (let m = terms.length; m >= 0; m--) {
    docs.set(buckets[m] as number[], at);
    at += (buckets[m] as number[]).length;
  }
  return { docs, total: docs.length, allTerms: (buckets[terms.length] as number[]).length };
}

/**
 * One page of the library's annotations for `query`: those matching the filters and the search terms
 * (each term a word prefix: `clim` finds "climate"), those with all terms first, newest change first within
 * each group, then those with fewer terms. With no search text, every annotation the filters let through,
 * newest first. `#tag` in the text filters by tag, as in the popup.
 *
 * Served by the search index (postings.ts): the postings of each term's prefix range and of each facet are
 * merged in bitmaps over doc numbers, ranked by the doc clocks; only the page's own rows are read.
 */
export async function searchLibrary(
  db: GlossDb,
  query: LibraryQuery,
  offset: number,
  limit: number,
  options: SearchOptions = {},
): Promise<LibraryPage> {
  const allTermsOnly = options.allTermsOnly ?? false;
  return db.transaction('r', [db.annotations, db.postings, db.clocks], async () => {
    const { ranked, terms } = await ranking(db, query, allTermsOnly);
    const docs = [...ranked.docs.subarray(offset, offset + Math.max(0, limit))];
    // One index lookup per row, all in flight at once: an `anyOf` cursor hopping between 40 keys is slower.
    const rows = await Promise.all(docs.map((d) => db.annotations.where('doc').equals(d).first()));
    const items = rows.flatMap((row) => (row ? [fromRow(row)] : []));
    return { total: ranked.total, allTerms: ranked.allTerms, terms, offset, items };
  });
}

/** The ranking of `query`, cached per index generation. Must run inside a read transaction. */
async function ranking(db: GlossDb, query: LibraryQuery, allTermsOnly: boolean) {
  const filters = query.filters ?? {};
  const { tags, words } = parseSearchQuery(query.text);
  const terms = searchTerms(words);
  const facets = facetTerms(tags, filters);
  if (allTermsOnly && terms.length === 0 && facets.length === 0)
    return { ranked: { docs: new Int32Array(0), total: 0, allTerms: 0 }, terms };
  const snapshot = snapshotOf(db);
  snapshot.clocks ??= await loadClocks(db);
  const key = JSON.stringify([terms, facets, filters.from, filters.to, allTermsOnly]);
  const ranked =
    snapshot.rankings.get(key) ??
    remember(
      snapshot.rankings,
      key,
      await rank(db, snapshot, snapshot.clocks, terms, facets, filters, allTermsOnly),
      MAX_CACHED_RANKINGS,
    );
  return { ranked, terms };
}

/** The ids of every annotation `query` finds (in no order): what an action over all the results acts on. */
export async function searchLibraryIds(db: GlossDb, query: LibraryQuery): Promise<string[]> {
  return db.transaction('r', [db.annotations, db.postings, db.clocks], async () => {
    const { ranked } = await ranking(db, query, false);
    return (await db.annotations
      .where('doc')
      .anyOf([...ranked.docs])
      .primaryKeys()) as string[];
  });
}
