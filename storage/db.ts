import { Dexie, type Table, type Transaction } from 'dexie';
import type { Selector } from '../annotator/selectors';
import type { Annotation, AnnotationRegion, HighlightColor } from './annotation';
import type { ClockRow, PostingRow, SearchMetaRow } from './search/postings';
import { rebuildSearchIndex } from './search/rebuild';
import type { SettingsRow } from './settings';

/**
 * The stored shape of an annotation: the public `Annotation` plus what the search index needs (see
 * storage/search/). Neither field leaves storage/: both are set on every write (storage/search/writer.ts)
 * and stripped on every read, so they cannot go stale or leak into exports.
 */
export interface AnnotationRow extends Annotation {
  /** The terms this row is indexed under in `postings` (words and facets), so a rewrite removes exactly them. */
  words: string[];
  /** Its number in the search index: postings and clocks refer to annotations by it. Never reused. */
  doc: number;
}

/** One row per page that has annotations, so "All pages" lists titles without scanning annotations. */
export interface PageRow {
  /** Normalised page URL, equal to the `pageUrl` of its annotations. */
  url: string;
  /** Title seen when the page's most recent annotation was made. */
  title: string;
  /** Latest `updatedAt` among the page's annotations. */
  updatedAt: number;
  /** Number of annotations on the page; the row is deleted when it would reach 0. */
  count: number;
}

/**
 * The headlines a story has shown, oldest first (storage/headlines.ts): what tabs saw, not derived from the
 * annotations, so page rows (recomputed from them) stay derived. Deleted with the story's page row.
 */
export interface HeadlinesRow {
  url: string;
  history: Headline[];
}

/** A story's title as a tab showed it, and when it was first seen so. */
export interface Headline {
  title: string;
  seenAt: number;
}

/**
 * What the reader is typing in a note editor, kept as it is typed so that nothing is lost when the browser
 * stops the service worker, the page navigates, or the editor frame goes away. A `new` draft is a highlight
 * not saved yet (its passage and region come from the content script); an `edit` draft is an unsaved change
 * to a stored annotation, made against version `baseUpdatedAt`.
 */
export interface DraftRow {
  /** A random id for a new highlight; `edit:<annotation id>` for an edit, so one edit per annotation is kept. */
  id: string;
  kind: 'new' | 'edit';
  pageUrl: string;
  pageTitle: string;
  /** The annotation an `edit` draft changes. */
  annotationId: string | null;
  /** The stored version an `edit` draft started from: a save over another version is a conflict. */
  baseUpdatedAt: number | null;
  region: AnnotationRegion;
  selectors: Selector[];
  quote: string;
  note: string;
  color: HighlightColor;
  tags: string[];
  createdAt: number;
  updatedAt: number;
  /** Set in the transaction that saved a `new` draft: a second Save returns this annotation, not a copy. */
  committedId: string | null;
}

/**
 * One import, so it can be undone as a whole: the ids it added, and the stored rows it replaced as they were
 * before, each with the `updatedAt` the import wrote. Undo puts back the old rows and removes the added ones,
 * except those the reader edited since (their stored `updatedAt` is no longer the one written here).
 * Written in the same transaction as the import's annotations (storage/import.ts).
 */
export interface ImportRow {
  id: string;
  at: number;
  added: { id: string; updatedAt: number }[];
  replaced: { before: Annotation; updatedAt: number }[];
  /**
   * Annotations a bulk delete removed, as they were, put back by Undo unless one with the id exists again.
   * Absent in batches written before bulk deletes existed (read as none).
   */
  removed?: Annotation[];
  /** Set once undone, so a second Undo changes nothing; `added` and `replaced` are emptied then. */
  undoneAt: number | null;
  /**
   * Set when newer imports pushed this one out of the few that can be undone: `added` and `replaced` are
   * emptied (a large import's copies must not pile up), the row stays so Undo can say why it cannot.
   */
  prunedAt: number | null;
}

export interface SchemaVersion {
  version: number;
  /** Dexie store declarations; `null` deletes a table. */
  stores: Record<string, string | null>;
  /** Rewrites existing rows into this version's shape; runs inside the version-change transaction. */
  upgrade?: (tx: Transaction) => Promise<unknown> | undefined;
}

/**
 * Every schema the extension has ever shipped, oldest first. Never edit a version that has shipped:
 * readers have databases in that shape.
 *
 * To change the schema, append an entry, e.g.
 *
 *   {
 *     version: 2,
 *     stores: { annotations: 'id, pageUrl, [pageUrl+createdAt], updatedAt, *tags, *words, [pageUrl+updatedAt]' },
 *     upgrade: (tx) => tx.table('annotations').toCollection().modify((row) => { row.newField = ...; }),
 *   },
 *
 * and add an entry keyed `2` to UPGRADE_CASES in tests/unit/storage-upgrade.test.ts: it seeds a database
 * declared up to version 1 with real rows, reopens it with the full list, and checks the upgraded rows.
 * That test fails if a version here has no upgrade case.
 *
 * Index notes for v1: `anchored` is deliberately not indexed. Booleans are not valid IndexedDB keys, so
 * rows would silently be left out of such an index; no popup query needs it (orphans are listed per page,
 * from the page's own annotations). `[pageUrl+createdAt]` serves the per-page list in order, `updatedAt`
 * recent-first lists, `*words` prefix search, `*tags` tag filters, and `pages.updatedAt` the "All pages" list.
 */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      annotations: 'id, pageUrl, [pageUrl+createdAt], updatedAt, *tags, *words',
      pages: 'url, updatedAt',
    },
  },
  {
    // Drafts (what a reader is typing, kept through worker stops) and import batches (for Undo import).
    // New tables only: existing rows are not rewritten.
    version: 2,
    stores: {
      drafts: 'id, pageUrl, updatedAt',
      imports: 'id, at',
    },
  },
  {
    // The library's search index (storage/search/): postings of doc numbers per term and facet, clocks per
    // doc number. `*words` goes: a multi-entry index of every word costs ~25 index entries per write and
    // cannot rank or count a common word without reading most of the table. `&doc` finds the rows of a
    // result page; `words` stays on the row, unindexed, as the record of what was indexed.
    // `[pageUrl+updatedAt]` gives a page row its last activity without reading the page's annotations.
    // `pageUrl`, `updatedAt` and `*tags` go: the compound indexes serve a page's rows, the postings serve
    // recency and tags, and each index entry costs every write (a third of an import's time).
    version: 3,
    stores: {
      annotations: 'id, [pageUrl+createdAt], [pageUrl+updatedAt], &doc',
      postings: 'key',
      clocks: 'block',
      searchMeta: 'name',
    },
    upgrade: rebuildSearchIndex,
  },
  {
    // Each story's headline history (storage/headlines.ts) and the reader's settings (storage/settings.ts).
    // New tables only: existing rows are not rewritten.
    version: 4,
    stores: { headlines: 'url', settings: 'name' },
  },
];

export const CURRENT_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]?.version ?? 1;

/** Declares the schema history on `db`, up to and including `upTo` (tests use older versions). */
export function declareSchema(db: Dexie, upTo: number = CURRENT_SCHEMA_VERSION): void {
  for (const { version, stores, upgrade } of SCHEMA_VERSIONS) {
    if (version > upTo) break;
    const declared = db.version(version).stores(stores);
    if (upgrade) declared.upgrade(upgrade);
  }
}

export class GlossDb extends Dexie {
  annotations!: Table<AnnotationRow, string>;
  pages!: Table<PageRow, string>;
  drafts!: Table<DraftRow, string>;
  imports!: Table<ImportRow, string>;
  postings!: Table<PostingRow, string>;
  clocks!: Table<ClockRow, number>;
  searchMeta!: Table<SearchMetaRow, string>;
  headlines!: Table<HeadlinesRow, string>;
  settings!: Table<SettingsRow, string>;
  /**
   * Moves before and after every write transaction (storage/repository.ts), so what a search cached from
   * the index (storage/search/query.ts) is dropped as soon as the index may have changed.
   */
  indexGeneration = 0;

  /** What a write transaction takes: every table an annotation write touches (storage/repository.ts). */
  writeTables(): Table[] {
    return [
      this.annotations,
      this.pages,
      this.drafts,
      this.imports,
      this.postings,
      this.clocks,
      this.searchMeta,
      this.headlines,
      this.settings,
    ];
  }

  constructor(name: string) {
    super(name);
    declareSchema(this);
  }
}

/**
 * Opens (lazily, on first query) the Gloss database. Only the background and extension pages may call
 * this: in a content script IndexedDB belongs to the news site's origin, where its scripts could read notes.
 * Tests pass a fresh name per test for isolation.
 */
export function openGlossDb(name = 'gloss'): GlossDb {
  return new GlossDb(name);
}

/**
 * Asks the browser not to evict Gloss's storage under disk pressure. Returns whether storage is persistent.
 * Never throws: a refusal (or a browser without the API) must not stop the extension from working.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage) return false;
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return true;
    if (typeof storage.persist !== 'function') return false;
    return await storage.persist();
  } catch {
    return false;
  }
}
