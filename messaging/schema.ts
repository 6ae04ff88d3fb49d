import * as v from 'valibot';
import type { Selector } from '../annotator/selectors';
import {
  type AnnotationPatch,
  type AnnotationRegion,
  type HighlightColor,
  REGION_KINDS,
} from '../storage/annotation';
import { EXPORT_FORMATS } from '../storage/export-formats';
import { POSTING_SHARD } from '../storage/search/postings';
import type { LibraryFilters } from '../storage/search/query';
import { type Settings, validateSettingsPatch } from '../storage/settings';
import {
  checkColor,
  checkPassageRegion,
  checkSelectors,
  checkTags,
  LIMITS,
  Problems,
  validatePatch,
} from '../storage/validate';

/**
 * Every request the background answers, declared once: its payload schema (valibot, the request types are
 * inferred from it) and which kind of sender may make it. Field rules (lengths, colours, selectors, tags) are
 * storage/validate.ts's, the same ones import applies to a file, so a message and an import can never disagree
 * about what a valid annotation is.
 */

/** Who sent a message, as the browser tells it (never as the message claims). */
export type SenderKind =
  /** A content script in a web page's frame. */
  | 'content'
  /** The note editor: an extension page framed on a web page, acting only through its one-time ticket. */
  | 'editor'
  /** The popup, the library tab and other extension pages. */
  | 'extension';

/** A storage field check (shared with import) as a schema step: its problems become the issue's message. */
function checkedBy<T>(check: (value: unknown, path: string, problems: Problems) => T | undefined) {
  // Typed as T on the way in too, so callers get the field's type; the check itself trusts nothing.
  return v.pipe(
    v.custom<T>(() => true),
    v.rawTransform<T, T>(({ dataset, addIssue, NEVER }) => {
      const problems = new Problems();
      const value = check(dataset.value, 'value', problems);
      if (value === undefined || !problems.ok) {
        addIssue({ message: problems.list.join('; ') || 'invalid value' });
        return NEVER;
      }
      return value;
    }),
  );
}

const text = (max: number) => v.pipe(v.string(), v.maxLength(max, `longer than ${max} characters`));
const nonEmptyText = (max: number) => v.pipe(text(max), v.minLength(1, 'must not be empty'));
const id = nonEmptyText(100);
const color = checkedBy<HighlightColor>(checkColor);
const tags = checkedBy<string[]>(checkTags);
const note = text(LIMITS.note);
const httpUrl = v.pipe(
  text(LIMITS.url),
  v.check((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an http(s) address'),
);
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** A time in milliseconds, as storage writes them. */
const version = count;

/**
 * What a content script may say about its page: only what the browser cannot tell (the canonical link, used
 * only when it is same-site with the frame's real address, and the title). The address comes from the sender.
 */
const pageClaim = v.object({
  canonical: v.nullable(text(LIMITS.url)),
  title: text(LIMITS.pageTitle),
});

/** A highlight the reader has made but not saved yet. */
const draft = v.object({
  region: checkedBy<AnnotationRegion>(checkPassageRegion),
  selectors: checkedBy<Selector[]>(checkSelectors),
  quote: nonEmptyText(LIMITS.quote),
  color,
});

const noteFields = { note, color, tags };

/** Rows one library request may ask for: a screenful or a few, never the whole library at once. */
export const LIBRARY_PAGE_LIMIT = 500;
/**
 * Items of an import file in one `import.chunk`: one transaction each. As many as a postings shard holds: a
 * chunk of new annotations fills a shard of its own (storage/search/writer.ts), one postings row per term
 * it uses, so a word common to the whole file is written once per chunk and fewer, larger chunks import
 * faster.
 */
export const IMPORT_CHUNK_ITEMS = POSTING_SHARD;
/** Highlights one bulk action or fetch names: one transaction each; a larger selection comes in chunks. */
export const BULK_CHUNK_IDS = 5_000;

const pageWindow = {
  offset: count,
  limit: v.pipe(count, v.maxValue(LIBRARY_PAGE_LIMIT)),
};

const time = v.pipe(v.number(), v.integer(), v.minValue(0));
const filterText = text(LIMITS.tag);
/** The library's filters (storage/search/query.ts), each optional; the URL of a bookmarked view carries them. */
const filters = v.pipe(
  v.object({
    color: v.optional(color),
    tag: v.optional(filterText),
    region: v.optional(v.picklist(REGION_KINDS)),
    commenter: v.optional(text(LIMITS.author)),
    site: v.optional(filterText),
    from: v.optional(time),
    to: v.optional(time),
  }),
  v.transform((f): LibraryFilters => f),
);
const ticket = nonEmptyText(100);

/** A change checked by a storage validator (which throws naming every problem): a change of nothing is refused. */
function changeCheckedBy<T extends object>(validate: (value: unknown) => T) {
  return v.pipe(
    v.custom<T>(() => true),
    v.rawTransform<T, T>(({ dataset, addIssue, NEVER }) => {
      try {
        const changes = validate(dataset.value);
        if (Object.keys(changes).length === 0) {
          addIssue({ message: 'nothing to change' });
          return NEVER;
        }
        return changes;
      } catch (e) {
        addIssue({ message: e instanceof Error ? e.message : String(e) });
        return NEVER;
      }
    }),
  );
}
const patch = changeCheckedBy<AnnotationPatch>(validatePatch);
const settingsPatch = changeCheckedBy<Partial<Settings>>(validateSettingsPatch);

function request<const F extends readonly SenderKind[], const E extends Record<string, v.GenericSchema>>(
  from: F,
  entries: E,
) {
  return { from, payload: v.object(entries) };
}

const content = ['content'] as const;
const editor = ['editor'] as const;
const extension = ['extension'] as const;

export const REQUESTS = {
  // The page loader (entrypoints/loader.ts): a frame's page loaded; the reader selected text there.
  'page.enter': request(content, { page: pageClaim }),
  'page.wake': request(content, {}),
  // Content script: its page.
  'page.load': request(content, { page: pageClaim }),
  'annotation.create': request(content, { page: pageClaim, draft }),
  'annotations.setAnchored': request(content, {
    ids: v.pipe(v.array(id), v.maxLength(LIMITS.importItems)),
    anchored: v.boolean(),
  }),
  /** How the page shows passages now, where that differs from the saved quote (null: it matches again). */
  'annotations.setPageQuote': request(content, {
    changes: v.pipe(
      v.array(v.object({ id, pageQuote: v.nullable(nonEmptyText(LIMITS.quote)) })),
      v.maxLength(LIBRARY_PAGE_LIMIT),
    ),
  }),
  'page.undoDelete': request(content, { id }),
  /** The highlight under the reader's pointer (null: none), for the context menu's Edit note and Delete. */
  'menu.point': request(content, { id: v.nullable(id) }),
  // Content script: opening the note editor, which then acts only through the ticket it was issued.
  'draft.create': request(content, { page: pageClaim, draft }),
  'editor.issue': request(content, { id }),
  'editor.resume': request(content, { draftId: id }),
  // The note editor.
  'editor.open': request(editor, { ticket }),
  'editor.keep': request(editor, { ticket, ...noteFields }),
  'editor.save': request(editor, {
    ticket,
    ...noteFields,
    /** The stored version the reader chose to overwrite after a conflict. */
    overwrite: v.optional(version),
  }),
  'editor.delete': request(editor, { ticket }),
  'editor.close': request(editor, { ticket, discard: v.boolean() }),
  'editor.preview': request(editor, { ticket, color }),
  // Extension pages.
  'annotations.forPage': request(extension, { pageUrl: httpUrl }),
  'annotations.search': request(extension, { query: text(500) }),
  'pages.list': request(extension, {}),
  'annotation.update': request(extension, { id, patch, expectedUpdatedAt: version }),
  'annotation.delete': request(extension, { id }),
  'annotation.undoDelete': request(extension, { id }),
  'tab.page': request(extension, { tabId: count }),
  'page.open': request(extension, { url: httpUrl, revealId: id }),
  // Options.
  'settings.get': request(extension, {}),
  'settings.set': request(extension, { patch: settingsPatch }),
  /** Deletes every annotation, draft, import record and headline: the reader confirmed it in Options. */
  'library.deleteAll': request(extension, {}),
  /** The headlines a story has shown, oldest first. */
  'story.headlines': request(extension, { url: httpUrl }),
  /** A note on the story as a whole; edited and deleted afterwards as any annotation is. */
  'pageNote.create': request(extension, {
    pageUrl: httpUrl,
    pageTitle: text(LIMITS.pageTitle),
    note: nonEmptyText(LIMITS.note),
    tags,
  }),
  // The library page: stories and search in pages, import and export in chunks (no message holds it all).
  'library.pages': request(extension, pageWindow),
  'library.search': request(extension, { text: text(500), filters, ...pageWindow }),
  'library.facets': request(extension, { kind: v.picklist(['tag', 'commenter', 'site']) }),
  'export.chunk': request(extension, {
    format: v.picklist(EXPORT_FORMATS),
    offset: count,
    /** The export's own time, the same in every chunk's head. */
    generated: time,
  }),
  'import.chunk': request(extension, {
    /** Raw items of the file, validated here item by item with import's rules. */
    items: v.pipe(v.array(v.unknown()), v.maxLength(IMPORT_CHUNK_ITEMS)),
    /** Position of the first item in the file, so errors name items as the reader's file numbers them. */
    firstIndex: count,
    /** The import this chunk belongs to (what the first chunk that changed something answered), or null. */
    batchId: v.nullable(id),
  }),
  /** What importing a chunk would do (counts and reasons), writing nothing: the preview before an import. */
  'import.preview': request(extension, {
    items: v.pipe(v.array(v.unknown()), v.maxLength(IMPORT_CHUNK_ITEMS)),
    firstIndex: count,
  }),
  'import.undo': request(extension, { batchId: id }),
  /** The ids of every highlight a search and filters find: what an action over all the results acts on. */
  'library.ids': request(extension, { text: text(500), filters }),
  /** Some highlights, whole (an export of a selection). */
  'annotations.get': request(extension, { ids: v.pipe(v.array(id), v.maxLength(BULK_CHUNK_IDS)) }),
  /** One chunk of a bulk action on selected highlights, into the batch the first chunk opened (one Undo). */
  'library.bulk': request(extension, {
    ids: v.pipe(v.array(id), v.maxLength(BULK_CHUNK_IDS)),
    action: v.variant('kind', [
      v.object({ kind: v.literal('delete') }),
      v.object({ kind: v.literal('tag'), tag: nonEmptyText(LIMITS.tag) }),
      v.object({ kind: v.literal('untag'), tag: nonEmptyText(LIMITS.tag) }),
    ]),
    batchId: v.nullable(id),
  }),
  /** Renames tag `from` to `to` across the library (a merge if `to` is in use), or removes it (`to` null). */
  'tags.edit': request(extension, {
    from: nonEmptyText(LIMITS.tag),
    to: v.nullable(nonEmptyText(LIMITS.tag)),
  }),
} as const;

export type BackgroundRequestType = keyof typeof REQUESTS;
export type RequestPayload<K extends BackgroundRequestType> = v.InferOutput<(typeof REQUESTS)[K]['payload']>;
/** What a caller passes (before the schema's checks and clean-up). */
export type RequestInput<K extends BackgroundRequestType> = v.InferInput<(typeof REQUESTS)[K]['payload']>;
export type BackgroundRequest = {
  [K in BackgroundRequestType]: { type: K } & RequestPayload<K>;
}[BackgroundRequestType];

export type Draft = v.InferOutput<typeof draft>;
export type PageClaim = v.InferOutput<typeof pageClaim>;

/** The request's cleaned payload (unknown keys dropped), or the reason it was refused. */
export function parseRequest(
  raw: unknown,
): { ok: true; request: BackgroundRequest } | { ok: false; error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: 'a message must be an object' };
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(REQUESTS, type)) {
    // Named by its JS type unless it is text: `String()` of a hostile object can throw.
    const name = typeof type === 'string' ? JSON.stringify(type).slice(0, 60) : `of type ${typeof type}`;
    return { ok: false, error: `unknown request ${name}` };
  }
  const entry = REQUESTS[type as BackgroundRequestType];
  const parsed = v.safeParse(entry.payload, raw);
  if (!parsed.success) {
    const [issue] = parsed.issues;
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return { ok: false, error: `${type}: ${path ? `${path}: ` : ''}${issue.message}` };
  }
  return { ok: true, request: { type, ...parsed.output } as BackgroundRequest };
}
