import type { Selector } from '../annotator/selectors';
import type { Annotation, HighlightColor } from '../storage/annotation';
import type { Headline } from '../storage/db';
import type { ExportChunk } from '../storage/export-stream';
import type { LibraryPage } from '../storage/search/query';
import type { PagePrefs, Settings } from '../storage/settings';

/**
 * The one protocol between content scripts, extension pages (popup, note editor) and the background.
 * Requests go to the background (runtime.sendMessage); page commands go from the background or the popup
 * to a tab's content scripts (tabs.sendMessage). Every reply is a {@link Reply} so that failures travel as
 * values and reach the reader instead of vanishing in a rejected promise nobody awaits.
 */

export type { BackgroundRequest, BackgroundRequestType, Draft, PageClaim } from './schema';

/**
 * What a content script needs to paint one highlight, and nothing more: never the note's text or tags. A
 * page's scripts live next to the content script, so whatever it holds they may learn.
 */
export interface PaintSpec {
  id: string;
  selectors: Selector[];
  color: HighlightColor;
  hasNote: boolean;
  /** How the page showed the passage last, where that differed from the saved quote (Annotation.pageQuote). */
  pageQuote: string | null;
}

/** A note the reader began on this story and has not saved: painted, and offered to resume. */
export interface ResumableDraft {
  draftId: string;
  selectors: Selector[];
  color: HighlightColor;
}

export interface PageSummary {
  url: string;
  title: string;
  updatedAt: number;
  count: number;
}

export interface ImportReport {
  added: number;
  updated: number;
  skippedOlder: number;
  /** Same edit time as the stored copy but different content: the stored copy is kept. */
  skippedConflicting: number;
  unchanged: number;
  errors: string[];
  /** Undoes this import as a whole (`import.undo`); null when it changed nothing. */
  batchId: string | null;
}

export interface UndoImportReport {
  removed: number;
  restored: number;
  /** Annotations edited since the import: kept as the reader left them. */
  keptEdited: number;
}

export type { ExportFormat } from '../storage/export-formats';

export type { ExportChunk } from '../storage/export-stream';
export type { LibraryFilters, LibraryPage } from '../storage/search/query';

/** A page of the library's stories, newest activity first. */
export interface StoriesPage {
  total: number;
  offset: number;
  pages: PageSummary[];
}

/** A filter's values in the library, most used first (tags, commenters and sites). */
export interface FacetValue {
  /** Lower case, as the index keeps it: what a filter or a tag edit takes. */
  value: string;
  /** As the reader wrote it: what the library shows. */
  label: string;
  count: number;
}

/** The fields a reader edits in the note editor or on a popup card. */
export interface NoteFields {
  note: string;
  color: HighlightColor;
  tags: string[];
}

/** What the note editor shows when it opens with its ticket. */
export interface EditorState extends NoteFields {
  kind: 'new' | 'edit';
  quote: string;
  /** What is stored now, for an edit: the reader's kept text may differ from it. */
  stored: (NoteFields & { updatedAt: number }) | null;
}

/** A save over a version the reader did not see: both are shown, and the reader chooses. */
export type SaveResult<T> = { status: 'saved'; value: T } | { status: 'conflict'; stored: Annotation };

/** A request or command that carries nothing but its type. */
export type NoPayload = Record<never, never>;

/**
 * What a frame shows of its story: the highlights to paint, one to scroll to, notes left unsaved there, and
 * how the reader set Gloss up for it.
 */
export interface PageLoad {
  annotations: PaintSpec[];
  reveal?: string;
  drafts: ResumableDraft[];
  prefs: PagePrefs;
}

/** The value each background request answers with. */
export interface BackgroundReplies {
  /** The story's highlights when it has anything to show (Gloss is then started in the frame), else null. */
  'page.enter': { load: PageLoad | null; prefs: PagePrefs };
  'page.wake': null;
  'page.load': PageLoad;
  'annotation.create': PaintSpec;
  'annotations.setAnchored': null;
  'annotations.setPageQuote': null;
  'page.undoDelete': null;
  'menu.point': null;
  'draft.create': { ticket: string };
  'editor.issue': { ticket: string };
  'editor.resume': { ticket: string };
  'editor.open': EditorState;
  'editor.keep': null;
  'editor.save': SaveResult<null>;
  'editor.delete': null;
  'editor.close': null;
  'editor.preview': null;
  'annotations.forPage': Annotation[];
  'annotations.search': Annotation[];
  'pages.list': PageSummary[];
  'annotation.update': SaveResult<Annotation>;
  'annotation.delete': { id: string };
  'annotation.undoDelete': Annotation;
  'tab.page': { pageUrl: string | null; title: string };
  'page.open': null;
  'story.headlines': Headline[];
  'settings.get': Settings;
  'settings.set': Settings;
  'library.deleteAll': { deleted: number };
  /** The page note written, or the one the story had already (a conflict: both are shown). */
  'pageNote.create': SaveResult<Annotation>;
  'import.undo': UndoImportReport;
  'library.pages': StoriesPage;
  'library.search': LibraryPage;
  'library.facets': FacetValue[];
  'export.chunk': ExportChunk;
  'import.chunk': ImportReport;
  'import.preview': ImportReport;
  'library.ids': string[];
  'annotations.get': Annotation[];
  /** `batchId` goes to `import.undo` to take the whole action back. */
  'library.bulk': { changed: number; batchId: string | null };
  /** `batchId` goes to `import.undo` to take the edit back. */
  'tags.edit': { changed: number; batchId: string | null };
}

/** Commands a tab's content scripts answer. */
export interface PageCommands {
  /** Sent only to the tabs showing the story whose annotations changed: they load them again. */
  'page.changed': { req: NoPayload; res: null };
  'page.highlightSelection': { req: NoPayload; res: { highlighted: boolean } };
  'page.addNote': { req: NoPayload; res: null };
  'page.toggleHighlights': { req: NoPayload; res: null };
  'page.scrollTo': { req: { id: string }; res: { found: boolean } };
  'page.closeEditor': { req: { deleted?: string }; res: null };
  'page.previewColor': { req: { color: HighlightColor }; res: null };
  /** The reader chose Edit note in the context menu on this highlight. */
  'page.editHighlight': { req: { id: string }; res: null };
  /** The reader deleted this highlight from the context menu: the page offers Undo. */
  'page.offerUndo': { req: { id: string }; res: null };
}

/**
 * Announcements from the background to open extension pages (popup, library tab), so they stay current
 * while highlights change elsewhere. Nothing answers them.
 */
export interface ExtensionEvents {
  /**
   * Stories' annotations were created, edited, deleted, imported, or found / lost on the page: all those of
   * one moment in one message (an import chunk touches hundreds of stories).
   */
  'annotations.changed': { pageUrls: string[] };
}

export type PageCommandType = keyof PageCommands;

export type Message<M, K extends keyof M> = M[K] extends { req: infer Q } ? { type: K } & Q : never;
export type PageCommand = { [K in PageCommandType]: Message<PageCommands, K> }[PageCommandType];
export type ExtensionEvent = {
  [K in keyof ExtensionEvents]: { type: K } & ExtensionEvents[K];
}[keyof ExtensionEvents];

export type ErrorCode =
  | 'invalid'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'rate-limited'
  | 'quota'
  | 'storage'
  | 'unavailable'
  | 'internal';

export type Reply<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; error: string };

export class GlossError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GlossError';
  }
}

export function ok<T>(value: T): Reply<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, error: string): Reply<never> {
  return { ok: false, code, error };
}
