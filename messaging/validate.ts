import type { Selector } from '../annotator/selectors';
import {
  type AnnotationPatch,
  type AnnotationRegion,
  HIGHLIGHT_COLORS,
  type HighlightColor,
} from '../storage/annotation';
import {
  type BackgroundRequest,
  type BackgroundRequestType,
  type Draft,
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
const MAX_SELECTORS = 12;
const MAX_SELECTOR_DEPTH = 4;
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

function nullableString(value: unknown, what: string): string | null {
  return value === null || value === undefined ? null : string(value, what);
}

function integer(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    invalid(`${what} must be a non-negative integer`);
  }
  return value;
}

function color(value: unknown): HighlightColor {
  if (!HIGHLIGHT_COLORS.includes(value as HighlightColor))
    invalid(`colour must be one of ${HIGHLIGHT_COLORS.join(', ')}`);
  return value as HighlightColor;
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

export function validateSelector(value: unknown, depth = 0): Selector {
  if (depth > MAX_SELECTOR_DEPTH) invalid('selectors are nested too deeply');
  const o = object(value, 'selector');
  const refinedBy = o.refinedBy === undefined ? undefined : validateSelector(o.refinedBy, depth + 1);
  const withRefinement = <T extends Selector>(s: T): T => (refinedBy ? { ...s, refinedBy } : s);
  switch (o.type) {
    case 'TextQuoteSelector': {
      const s: Selector = { type: 'TextQuoteSelector', exact: nonEmpty(o.exact, 'quote', MAX_QUOTE) };
      if (o.prefix !== undefined) s.prefix = string(o.prefix, 'prefix');
      if (o.suffix !== undefined) s.suffix = string(o.suffix, 'suffix');
      return s;
    }
    case 'TextPositionSelector': {
      const start = integer(o.start, 'start');
      const end = integer(o.end, 'end');
      if (end < start) invalid('a position selector must not end before it starts');
      return { type: 'TextPositionSelector', start, end };
    }
    case 'CssSelector':
      return withRefinement({ type: 'CssSelector', value: nonEmpty(o.value, 'CSS selector') });
    case 'XPathSelector':
      return withRefinement({ type: 'XPathSelector', value: nonEmpty(o.value, 'XPath') });
    case 'RangeSelector':
      return withRefinement({
        type: 'RangeSelector',
        startSelector: validateSelector(o.startSelector, depth + 1),
        endSelector: validateSelector(o.endSelector, depth + 1),
      });
    default:
      return invalid(`unknown selector type ${JSON.stringify(String(o.type)).slice(0, 40)}`);
  }
}

function selectors(value: unknown): Selector[] {
  if (!Array.isArray(value) || value.length === 0) invalid('selectors must be a non-empty list');
  if (value.length > MAX_SELECTORS) invalid(`at most ${MAX_SELECTORS} selectors`);
  return value.map((s) => validateSelector(s));
}

function region(value: unknown): AnnotationRegion {
  const o = object(value, 'region');
  switch (o.kind) {
    case 'article':
      return { kind: 'article' };
    case 'page':
      return { kind: 'page' };
    case 'comment':
      return {
        kind: 'comment',
        author: nullableString(o.author, 'comment author'),
        commentKey: nullableString(o.commentKey, 'comment key'),
      };
    default:
      return invalid('region kind must be article, comment or page');
  }
}

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
  const o = object(value, 'patch');
  const p: AnnotationPatch = {};
  if (o.note !== undefined) p.note = string(o.note, 'note', MAX_NOTE);
  if (o.color !== undefined) p.color = color(o.color);
  if (o.tags !== undefined) {
    if (!Array.isArray(o.tags) || o.tags.length > 50) invalid('tags must be a list of at most 50');
    p.tags = o.tags.map((t) => nonEmpty(t, 'tag', 100));
  }
  if (o.anchored !== undefined) {
    if (typeof o.anchored !== 'boolean') invalid('anchored must be true or false');
    p.anchored = o.anchored;
  }
  if (Object.keys(p).length === 0) invalid('nothing to change');
  return p;
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
      return { type, draftId: id(m.draftId), note: string(m.note, 'note', MAX_NOTE), color: color(m.color) };
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
      return { type };
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
      return { type: m.type };
    case 'page.info':
      return { type: m.type };
    default:
      return null;
  }
}
