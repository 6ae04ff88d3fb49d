import type { Selector } from '../annotator/selectors';
import {
  type AnnotationPatch,
  type AnnotationRegion,
  HIGHLIGHT_COLORS,
  type HighlightColor,
} from '../storage/annotation';
import { ValidationError } from '../storage/errors';
import {
  checkColor,
  checkRegion,
  checkSelectors,
  checkTags,
  Problems,
  validatePatch,
} from '../storage/validate';
import {
  type BackgroundRequest,
  type BackgroundRequestType,
  type Draft,
  type ExtensionEvent,
  GlossError,
  type PageCommand,
  type PageIdentity,
} from './protocol';

/**
 * Runtime validation of every message: the background trusts nothing it receives, since a content script
 * lives next to hostile page code and any bug there must not reach the database as malformed data.
 */

const MAX_QUOTE = 10_000;
const MAX_NOTE = 100_000;
const MAX_STRING = 4_000;
const MAX_IMPORT = 50 * 1024 * 1024;

type Obj = Record<string, unknown>;

function invalid(message: string): never {
  throw new GlossError('invalid', message);
}

function object(value: unknown, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid(`${what} must be an object`);
  return value as Obj;
}

function string(value: unknown, what: string, max = MAX_STRING): string {
  if (typeof value !== 'string') invalid(`${what} must be a string`);
  if (value.length > max) invalid(`${what} is longer than ${max} characters`);
  return value;
}

function nonEmpty(value: unknown, what: string, max = MAX_STRING): string {
  const s = string(value, what, max);
  if (s.length === 0) invalid(`${what} must not be empty`);
  return s;
}

function integer(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    invalid(`${what} must be a non-negative integer`);
  }
  return value;
}

function httpUrl(value: unknown, what: string): string {
  const s = nonEmpty(value, what);
  let parsed: URL;
  try {
    parsed = new URL(s);
  } catch {
    invalid(`${what} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') invalid(`${what} must be an http(s) URL`);
  return s;
}

/** Runs one of storage's field checks (shared with import) and turns its problems into a GlossError. */
function checked<T>(check: (problems: Problems) => T | undefined): T {
  const problems = new Problems();
  const value = check(problems);
  if (value === undefined || !problems.ok) invalid(problems.list.join('; ') || 'invalid value');
  return value;
}

const selectors = (value: unknown): Selector[] => checked((p) => checkSelectors(value, 'selectors', p));
const region = (value: unknown): AnnotationRegion => checked((p) => checkRegion(value, 'region', p));
const isColor = (value: unknown): value is HighlightColor =>
  typeof value === 'string' && (HIGHLIGHT_COLORS as readonly string[]).includes(value);
const color = (value: unknown): HighlightColor => checked((p) => checkColor(value, 'colour', p));
const tags = (value: unknown): string[] => checked((p) => checkTags(value, 'tags', p));

function page(value: unknown): PageIdentity {
  const o = object(value, 'page');
  return {
    url: httpUrl(o.url, 'page URL'),
    canonical:
      o.canonical === null || o.canonical === undefined ? null : string(o.canonical, 'canonical URL'),
    title: string(o.title ?? '', 'page title', 1_000),
  };
}

function draft(value: unknown): Draft {
  const o = object(value, 'draft');
  return {
    region: region(o.region),
    selectors: selectors(o.selectors),
    quote: nonEmpty(o.quote, 'quote', MAX_QUOTE),
    color: color(o.color),
  };
}

function patch(value: unknown): AnnotationPatch {
  let changes: AnnotationPatch;
  try {
    changes = validatePatch(value);
  } catch (e) {
    if (e instanceof ValidationError) invalid(e.message);
    throw e;
  }
  if (Object.keys(changes).length === 0) invalid('nothing to change');
  return changes;
}

function id(value: unknown): string {
  return nonEmpty(value, 'id', 100);
}

/** Checks a message's shape and returns a clean copy holding only the fields the protocol knows. */
export function validateRequest(raw: unknown): BackgroundRequest {
  const m = object(raw, 'message');
  const type = m.type as BackgroundRequestType;
  switch (type) {
    case 'page.load':
      return { type, page: page(m.page) };
    case 'annotation.create':
      return {
        type,
        page: page(m.page),
        draft: draft(m.draft),
        note: string(m.note ?? '', 'note', MAX_NOTE),
      };
    case 'draft.create':
      return { type, page: page(m.page), draft: draft(m.draft) };
    case 'draft.get':
      return { type, draftId: id(m.draftId) };
    case 'draft.commit':
      return {
        type,
        draftId: id(m.draftId),
        note: string(m.note, 'note', MAX_NOTE),
        color: color(m.color),
        tags: tags(m.tags ?? []),
      };
    case 'annotation.get':
    case 'annotation.delete':
      return { type, id: id(m.id) };
    case 'annotation.update':
      return { type, id: id(m.id), patch: patch(m.patch) };
    case 'annotations.setAnchored': {
      if (!Array.isArray(m.ids) || m.ids.length > 10_000) invalid('ids must be a list');
      if (typeof m.anchored !== 'boolean') invalid('anchored must be true or false');
      return { type, ids: m.ids.map(id), anchored: m.anchored };
    }
    case 'annotations.forPage':
      return { type, pageUrl: httpUrl(m.pageUrl, 'page URL') };
    case 'annotations.search':
      return { type, query: string(m.query, 'search', 500) };
    case 'annotation.undoDelete':
    case 'page.undoDelete':
      return { type, id: id(m.id) };
    case 'page.open':
      return { type, url: httpUrl(m.url, 'page URL'), revealId: id(m.revealId) };
    case 'tab.page':
      return { type, tabId: integer(m.tabId, 'tab id') };
    case 'export':
      if (m.format !== 'w3c' && m.format !== 'markdown') invalid('export format must be w3c or markdown');
      return { type, format: m.format };
    case 'import':
      return { type, text: string(m.text, 'import file', MAX_IMPORT) };
    case 'pages.list':
      return { type };
    case 'editor.close':
      return m.deleted === undefined ? { type } : { type, deleted: id(m.deleted) };
    case 'editor.preview':
      return { type, color: color(m.color) };
    default:
      return invalid(`unknown request ${JSON.stringify(String(m.type)).slice(0, 60)}`);
  }
}

/** Requests a content script may make; everything else needs an extension page (popup, note editor). */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<BackgroundRequestType> = new Set([
  'page.load',
  'annotation.create',
  'draft.create',
  'annotations.setAnchored',
  'page.undoDelete',
]);

export function validatePageCommand(raw: unknown): PageCommand | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Obj;
  switch (m.type) {
    case 'page.changed':
      return typeof m.pageUrl === 'string' ? { type: m.type, pageUrl: m.pageUrl } : null;
    case 'page.scrollTo':
      return typeof m.id === 'string' ? { type: m.type, id: m.id } : null;
    case 'page.highlightSelection':
      return { type: m.type };
    case 'page.closeEditor':
      if (m.deleted === undefined) return { type: m.type };
      return typeof m.deleted === 'string' && m.deleted.length <= 200
        ? { type: m.type, deleted: m.deleted }
        : null;
    case 'page.previewColor':
      return isColor(m.color) ? { type: m.type, color: m.color } : null;
    case 'page.info':
      return { type: m.type };
    default:
      return null;
  }
}

/** An announcement from the background, or null for anything else (e.g. requests meant for the background). */
export function validateExtensionEvent(raw: unknown): ExtensionEvent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Obj;
  if (m.type === 'annotations.changed' && typeof m.pageUrl === 'string')
    return { type: m.type, pageUrl: m.pageUrl };
  return null;
}
