import type { Selector } from '../annotator/selectors';
import type { Annotation, AnnotationPatch, AnnotationRegion, HighlightColor } from '../storage/annotation';

/**
 * The one protocol between content scripts, extension pages (popup, note editor) and the background.
 * Requests go to the background (runtime.sendMessage); page commands go from the background or the popup
 * to a tab's content scripts (tabs.sendMessage). Every reply is a {@link Reply} so that failures travel as
 * values and reach the reader instead of vanishing in a rejected promise nobody awaits.
 */

/** What a content script knows about the page it runs in; the background derives the page key from it. */
export interface PageIdentity {
  url: string;
  canonical: string | null;
  title: string;
}

/** A highlight the reader has made but not saved yet (the note editor finishes it). */
export interface Draft {
  region: AnnotationRegion;
  selectors: Selector[];
  quote: string;
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
}

export type ExportFormat = 'w3c' | 'markdown';

/** A request or command that carries nothing but its type. */
export type NoPayload = Record<never, never>;

/** Requests answered by the background, with the type of each reply's value. */
export interface BackgroundRequests {
  /** Content script: the page key and its annotations, to paint on load. */
  'page.load': {
    req: { page: PageIdentity };
    /** `reveal`: an annotation to scroll to, when the popup opened this tab to show it. */
    res: { pageUrl: string; annotations: Annotation[]; reveal?: string };
  };
  /** Content script: save a highlight (a draft plus an optional note) at once. */
  'annotation.create': { req: { page: PageIdentity; draft: Draft; note: string }; res: Annotation };
  /** Content script: park a draft for the note editor, which commits it on Save. */
  'draft.create': { req: { page: PageIdentity; draft: Draft }; res: { draftId: string } };
  'draft.get': { req: { draftId: string }; res: Draft };
  'draft.commit': {
    req: { draftId: string; note: string; color: HighlightColor; tags?: string[] };
    res: Annotation;
  };
  'annotation.get': { req: { id: string }; res: Annotation };
  'annotation.update': { req: { id: string; patch: AnnotationPatch }; res: Annotation };
  'annotation.delete': { req: { id: string }; res: { id: string } };
  /** Puts back a highlight deleted in the last minutes, exactly as it was (the popup's Undo). */
  'annotation.undoDelete': { req: { id: string }; res: Annotation };
  /**
   * Content script: Undo on the page after a deletion in the note editor. Only for a highlight of the story the
   * tab shows, and it answers nothing: notes never go to a web page's process.
   */
  'page.undoDelete': { req: { id: string }; res: null };
  'annotations.setAnchored': { req: { ids: string[]; anchored: boolean }; res: null };
  'annotations.forPage': { req: { pageUrl: string }; res: Annotation[] };
  'annotations.search': { req: { query: string }; res: Annotation[] };
  'pages.list': { req: NoPayload; res: PageSummary[] };
  /** Popup: the page key of a tab, from its content script or, failing that, its URL. */
  'tab.page': { req: { tabId: number }; res: { pageUrl: string | null; title: string } };
  /** Popup: open a stored page in a new tab and scroll to one of its highlights once it is painted. */
  'page.open': { req: { url: string; revealId: string }; res: null };
  export: { req: { format: ExportFormat }; res: { filename: string; mime: string; text: string } };
  import: { req: { text: string }; res: ImportReport };
  /**
   * Note editor: ask the tab that shows it to close it; `deleted` names the highlight the reader just deleted
   * there, so the page can offer Undo.
   */
  'editor.close': { req: { deleted?: string }; res: null };
  /** Note editor: show the passage in the colour the reader is trying, until Save or Cancel. */
  'editor.preview': { req: { color: HighlightColor }; res: null };
}

/** Commands a tab's content scripts answer. */
export interface PageCommands {
  'page.changed': { req: { pageUrl: string }; res: null };
  'page.highlightSelection': { req: NoPayload; res: { highlighted: boolean } };
  'page.scrollTo': { req: { id: string }; res: { found: boolean } };
  'page.closeEditor': { req: { deleted?: string }; res: null };
  'page.previewColor': { req: { color: HighlightColor }; res: null };
  'page.info': { req: NoPayload; res: { pageUrl: string | null; title: string } };
}

/**
 * Announcements from the background to open extension pages (popup, library tab), so they stay current
 * while highlights change elsewhere. Nothing answers them.
 */
export interface ExtensionEvents {
  /** A page's annotations were created, edited, deleted, imported, or found / lost on the page. */
  'annotations.changed': { pageUrl: string };
}

export type BackgroundRequestType = keyof BackgroundRequests;
export type PageCommandType = keyof PageCommands;

export type Message<M, K extends keyof M> = M[K] extends { req: infer Q } ? { type: K } & Q : never;
export type BackgroundRequest = {
  [K in BackgroundRequestType]: Message<BackgroundRequests, K>;
}[BackgroundRequestType];
export type PageCommand = { [K in PageCommandType]: Message<PageCommands, K> }[PageCommandType];
export type ExtensionEvent = {
  [K in keyof ExtensionEvents]: { type: K } & ExtensionEvents[K];
}[keyof ExtensionEvents];

export type ErrorCode =
  | 'invalid'
  | 'forbidden'
  | 'not-found'
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
