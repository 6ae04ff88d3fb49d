import { v5 as uuidV5 } from 'uuid';
import type { Selector } from '../annotator/selectors';
import { type Annotation, type AnnotationRegion, DEFAULT_COLOR } from './annotation';
import { ValidationError } from './errors';
import { fromHypothesis, hypothesisList, isHypothesisAnnotation } from './import-hypothesis';
import { fromRow } from './row';
import {
  checkColor,
  checkDates,
  checkPageUrl,
  checkRegion,
  checkSelectors,
  checkString,
  checkTags,
  describeType,
  isRecord,
  LIMITS,
  Problems,
  preview,
  UUID,
} from './validate';

/**
 * Reading an import file: finding its items and turning each into a valid annotation or a reason. No
 * storage here, so the library page can split a file into chunks with the same rules the background applies.
 */

/** What makes a file unusable as a whole: the reader is told in their language (components/transfer.ts). */
export type CollectionProblem = 'notAnExport' | 'endless' | 'notAList' | 'elsewhere';
/** Also what `parseImport` finds, which reads a whole file at once (tests and tools; pages use chunks). */
export type FileProblem = CollectionProblem | 'notJson' | 'tooMany';

/** The file as a whole is unusable (not JSON, not an annotation collection, too large). */
export class ImportFormatError extends ValidationError {
  override name = 'ImportFormatError';
  constructor(
    readonly problem: FileProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface ParsedImport {
  annotations: Annotation[];
  /** One line per rejected item, e.g. `Item 3: color: expected one of yellow, …`. */
  errors: string[];
}

/**
 * Reads a Gloss export, or any W3C Web Annotation collection, into annotations, validating every field.
 * Bad items are reported by position and skipped; the rest still import.
 *
 * Accepts the collection as text or as parsed JSON; an AnnotationCollection (items in `first.items`, or in
 * `items` as some tools write it) or a single AnnotationPage. Annotations from other tools get Gloss
 * defaults for what W3C has no term for (yellow, region `page`, or `story` for a note on the page itself,
 * anchored), and need a `urn:uuid:` id so a
 * second import of the same file updates rather than duplicates.
 *
 * Dates must make sense at clock `now`: not in the future (beyond MAX_CLOCK_SKEW_MS), not modified before
 * created. An item dated in the year 9999 would otherwise win every newer-wins comparison forever.
 *
 * @throws ImportFormatError when the input is not such a collection at all, or holds more than 100 000 items.
 */
export function parseImport(json: unknown, now: number = Date.now()): ParsedImport {
  let data = json;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      throw new ImportFormatError('notJson', 'This file is not valid JSON, so it cannot be a Gloss export.');
    }
  }
  const { items, refused } = findItems(data);
  if (items.length > LIMITS.importItems) {
    throw new ImportFormatError(
      'tooMany',
      `This file holds ${items.length} annotations; Gloss imports at most ${LIMITS.importItems} at a time.`,
    );
  }
  const parsed = parseItems(items, now);
  return { ...parsed, errors: [...refused, ...parsed.errors] };
}

/**
 * Validates `items` (a whole file's, or one chunk of it starting at item `firstIndex`), reporting bad ones by
 * their position in the file. `seen` carries the ids of earlier chunks, so an id given twice in one file is
 * imported once.
 */
export function parseItems(
  items: readonly unknown[],
  now: number,
  firstIndex = 0,
  seen: Set<string> = new Set(),
): ParsedImport {
  const annotations: Annotation[] = [];
  const errors: string[] = [];
  items.forEach((item, i) => {
    const problems = new Problems();
    const annotation = parseItem(item, problems, now);
    const position = firstIndex + i + 1;
    if (!annotation) {
      errors.push(`Item ${position}: ${problems.list.join('; ')}`);
    } else if (seen.has(annotation.id)) {
      errors.push(`Item ${position}: id: urn:uuid:${annotation.id} appears earlier in the file; skipped`);
    } else {
      seen.add(annotation.id);
      annotations.push(annotation);
    }
  });
  return { annotations, errors };
}

const NOT_A_COLLECTION =
  'This file is not a Gloss export: expected W3C Web Annotations (an AnnotationCollection, a page or list of them) or a Hypothesis export.';

/** Pages of a collection followed through inline `next` links: a bound, since a file can link in a circle. */
const MAX_INLINE_PAGES = 10_000;

function hasType(v: Record<string, unknown>, type: string): boolean {
  return v.type === type || (Array.isArray(v.type) && v.type.includes(type));
}

/** What an import file holds: its items, unvalidated, and the reasons for what was left out on reading. */
export interface FoundItems {
  items: unknown[];
  refused: string[];
}

/** The items of an AnnotationPage and of the pages its inline `next` links lead to. */
function pageItems(first: unknown): unknown[] {
  const items: unknown[] = [];
  let page = first;
  for (let n = 0; page !== undefined && page !== null; n++) {
    if (typeof page === 'string') {
      throw new ImportFormatError(
        'elsewhere',
        'This collection lists its annotations at another address; download them into one file first.',
      );
    }
    if (!isRecord(page) || n >= MAX_INLINE_PAGES)
      throw new ImportFormatError('endless', `${NOT_A_COLLECTION} Its pages do not end.`);
    if (page.items !== undefined) {
      if (!Array.isArray(page.items))
        throw new ImportFormatError('notAList', `${NOT_A_COLLECTION} Its items are not a list.`);
      for (const item of page.items) items.push(item);
    }
    page = page.next;
  }
  return items;
}

/** Hypothesis annotations become W3C items; everything else is passed on as it is, for validation. */
function converted(list: readonly unknown[]): FoundItems {
  const items: unknown[] = [];
  const refused: string[] = [];
  for (const entry of list) {
    if (!isHypothesisAnnotation(entry)) {
      items.push(entry);
      continue;
    }
    const c = fromHypothesis(entry);
    if ('item' in c) items.push(c.item);
    else refused.push(c.refused);
  }
  return { items, refused };
}

/**
 * The items of an import file, unvalidated: a W3C AnnotationCollection (its pages inline, under `first`
 * and `next`, or its items directly), an AnnotationPage, one Annotation, a list of annotations, or a
 * Hypothesis export.
 * @throws ImportFormatError when `data` is none of these.
 */
export function findItems(data: unknown): FoundItems {
  if (Array.isArray(data)) return converted(data);
  if (!isRecord(data)) throw new ImportFormatError('notAnExport', NOT_A_COLLECTION);
  if (hasType(data, 'AnnotationCollection'))
    return converted(pageItems(data.first ?? { items: data.items ?? [] }));
  if (hasType(data, 'AnnotationPage')) return converted(pageItems(data));
  if (hasType(data, 'Annotation') || isHypothesisAnnotation(data)) return converted([data]);
  const hypothesis = hypothesisList(data);
  if (hypothesis) return converted(hypothesis);
  throw new ImportFormatError('notAnExport', NOT_A_COLLECTION);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The namespace of the ids Gloss makes for imported annotations whose id is not a UUID (UUID v5, RFC 9562):
 * the same IRI always gives the same id, so importing a file again updates rather than duplicates.
 */
const IMPORTED_ID_NAMESPACE = '6f1d3a52-8c47-4b0e-9e21-5a7c0d9b3f68';
/** Characters of a foreign id: an IRI, in practice well under this. */
const MAX_ID_LENGTH = 2048;

/**
 * A Gloss id from a W3C id in any IRI form (`urn:uuid:…`, a bare UUID, `https://…`), or, for an annotation
 * without one, from what it says: its page, its quote and when it was made.
 */
function parseId(v: unknown, problems: Problems, identity: () => string | undefined): string | undefined {
  if (typeof v === 'string' && v !== '' && v.length <= MAX_ID_LENGTH) {
    const uuid = v.startsWith('urn:uuid:') ? v.slice('urn:uuid:'.length) : v;
    return UUID.test(uuid) ? uuid.toLowerCase() : uuidV5(v, IMPORTED_ID_NAMESPACE);
  }
  if (v === undefined) {
    const name = identity();
    return name === undefined ? undefined : uuidV5(name, IMPORTED_ID_NAMESPACE);
  }
  problems.add(
    'id',
    `expected an IRI (e.g. urn:uuid:<uuid>) of at most ${MAX_ID_LENGTH} characters, got ${preview(v)}`,
  );
  return undefined;
}

function parseDate(v: unknown, path: string, problems: Problems): number | undefined {
  const ms = typeof v === 'string' && ISO_DATE.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isSafeInteger(ms) && ms >= 0) return ms;
  problems.add(path, `expected an ISO 8601 date-time, got ${preview(v)}`);
  return undefined;
}

/**
 * The page and the passage an item is about. A target without a selector (an IRI, or an object with only
 * `source`) is the page itself: a page note, `selectors` null.
 */
function parseTarget(v: unknown, problems: Problems): { pageUrl?: string; selectors?: Selector[] | null } {
  let target = v;
  if (Array.isArray(target)) {
    if (target.length !== 1) {
      problems.add('target', `expected one target, got ${target.length}`);
      return {};
    }
    target = target[0];
  }
  if (typeof target === 'string')
    return { pageUrl: checkPageUrl(target, 'target', problems), selectors: null };
  if (!isRecord(target)) {
    problems.add('target', `expected an object with source and selector, got ${describeType(target)}`);
    return {};
  }
  const pageUrl = checkPageUrl(target.source, 'target.source', problems);
  const raw = target.selector;
  if (raw === undefined) return { pageUrl, selectors: null };
  const selectors = checkSelectors(isRecord(raw) ? [raw] : raw, 'target.selector', problems);
  return { pageUrl, selectors };
}

/** W3C motivations (used as a body's `purpose`) whose body Gloss keeps as a tag. */
const TAG_PURPOSES = new Set(['tagging', 'classifying']);
/** Those whose body says nothing beyond the highlight itself. */
const MARK_PURPOSES = new Set(['highlighting', 'bookmarking']);
/** A Choice lists the same body in several forms; any one of them will do. */
const CHOICE_TYPES = new Set(['Choice', 'oa:Choice']);

/**
 * A body as text Gloss can keep: a TextualBody's value; for a body that is a resource elsewhere (an IRI, an
 * image, a SpecificResource), its address, since Gloss fetches nothing; a Choice's first such form.
 * Undefined, with a problem, for one that says nothing Gloss can show.
 */
function bodyText(body: unknown, path: string, problems: Problems): string | undefined {
  if (typeof body === 'string') return checkString(body, path, LIMITS.note, problems, { nonEmpty: true });
  if (!isRecord(body)) {
    problems.add(path, `expected a body object or an IRI, got ${describeType(body)}`);
    return undefined;
  }
  if (typeof body.type === 'string' && CHOICE_TYPES.has(body.type) && Array.isArray(body.items)) {
    for (const [i, item] of body.items.entries()) {
      const quiet = new Problems();
      const text = bodyText(item, `${path}.items[${i}]`, quiet);
      if (text !== undefined && quiet.ok) return text;
    }
    problems.add(path, 'a Choice with no form Gloss can keep');
    return undefined;
  }
  if (body.value !== undefined) return checkString(body.value, `${path}.value`, LIMITS.note, problems);
  const address = body.source ?? body.id;
  if (typeof address === 'string') return checkString(address, `${path}.id`, LIMITS.note, problems);
  problems.add(path, 'a body with no value and no address');
  return undefined;
}

/**
 * A W3C annotation's bodies as Gloss's note and tags. Every kind of body is taken (see bodyText); tagging and
 * classifying bodies become tags, highlighting and bookmarking ones add nothing, all others join the note.
 */
function parseBodies(item: Record<string, unknown>, problems: Problems): { note: string; tags: unknown[] } {
  const notes: string[] = [];
  const tags: unknown[] = [];
  if (item.bodyValue !== undefined) {
    const v = checkString(item.bodyValue, 'bodyValue', LIMITS.note, problems);
    if (v !== undefined) notes.push(v);
  }
  const raw = item.body;
  const bodies = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  bodies.forEach((body, i) => {
    const path = `body[${i}]`;
    const purpose = isRecord(body) ? (body.purpose ?? 'commenting') : 'commenting';
    if (typeof purpose !== 'string') {
      problems.add(`${path}.purpose`, `expected text, got ${describeType(purpose)}`);
      return;
    }
    if (MARK_PURPOSES.has(purpose)) return;
    if (TAG_PURPOSES.has(purpose)) {
      tags.push(isRecord(body) ? body.value : body);
      return;
    }
    const text = bodyText(body, path, problems);
    if (text) notes.push(text);
  });
  return { note: notes.join('\n\n'), tags };
}

/** The quote of a foreign annotation: the first TextQuoteSelector's `exact`, searching refinements too. */
function findQuote(selectors: readonly Selector[]): string | undefined {
  for (const s of selectors) {
    if (s.type === 'TextQuoteSelector') return s.exact;
    const inner = 'refinedBy' in s && s.refinedBy ? findQuote([s.refinedBy]) : undefined;
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function parseItem(item: unknown, problems: Problems, now: number): Annotation | undefined {
  if (!isRecord(item)) {
    problems.add('item', `expected an annotation object, got ${describeType(item)}`);
    return undefined;
  }
  if (!hasType(item, 'Annotation')) {
    problems.add('type', `expected "Annotation", got ${preview(item.type)}`);
    return undefined;
  }
  // W3C makes `created` optional: an annotation without one is taken as made now.
  const createdAt = item.created === undefined ? now : parseDate(item.created, 'created', problems);
  const updatedAt = item.modified === undefined ? createdAt : parseDate(item.modified, 'modified', problems);
  if (createdAt !== undefined && updatedAt !== undefined) {
    checkDates(createdAt, updatedAt, now, problems, { created: 'created', updated: 'modified' });
  }
  const { pageUrl, selectors } = parseTarget(item.target, problems);
  const bodies = parseBodies(item, problems);
  const note = checkString(bodies.note, 'body (note)', LIMITS.note, problems);
  const tags = checkTags(bodies.tags, 'body (tags)', problems);

  const pageTitle =
    item['gloss:pageTitle'] === undefined
      ? ''
      : checkString(item['gloss:pageTitle'], 'gloss:pageTitle', LIMITS.pageTitle, problems);
  const aboutStory = selectors === null;
  let quote: string | undefined;
  const quoteSource = item['gloss:quote'] ?? (selectors ? findQuote(selectors) : undefined);
  if (aboutStory) {
    // The page itself: a page note, whose note is all there is to keep.
    quote = '';
    if (note === '') problems.add('target', 'no selector and no note: nothing to keep');
  } else if (quoteSource !== undefined) {
    quote = checkString(quoteSource, 'gloss:quote', LIMITS.quote, problems, { nonEmpty: true });
  } else if (selectors) {
    problems.add('gloss:quote', 'no quote: neither gloss:quote nor a TextQuoteSelector');
  }
  const id = parseId(item.id, problems, () =>
    pageUrl === undefined || quote === undefined
      ? undefined
      : JSON.stringify([pageUrl, quote, item.created ?? null]),
  );
  const color =
    item['gloss:color'] === undefined
      ? DEFAULT_COLOR
      : checkColor(item['gloss:color'], 'gloss:color', problems);
  const region: AnnotationRegion | undefined =
    item['gloss:region'] === undefined
      ? { kind: aboutStory ? 'story' : 'page' }
      : checkRegion(item['gloss:region'], 'gloss:region', problems);
  if (region && aboutStory !== (region.kind === 'story'))
    problems.add(
      'gloss:region',
      aboutStory
        ? 'expected story for a target without a selector'
        : 'a passage cannot be about the whole story',
    );
  const rawAnchored = item['gloss:anchored'] ?? true;
  const anchored = typeof rawAnchored === 'boolean' ? rawAnchored : undefined;
  if (anchored === undefined)
    problems.add('gloss:anchored', `expected true or false, got ${preview(rawAnchored)}`);

  const pageQuote =
    item['gloss:pageQuote'] === undefined
      ? undefined
      : checkString(item['gloss:pageQuote'], 'gloss:pageQuote', LIMITS.quote, problems, { nonEmpty: true });
  if (
    !problems.ok ||
    id === undefined ||
    createdAt === undefined ||
    updatedAt === undefined ||
    pageUrl === undefined ||
    selectors === undefined ||
    note === undefined ||
    tags === undefined ||
    pageTitle === undefined ||
    quote === undefined ||
    color === undefined ||
    region === undefined ||
    anchored === undefined
  ) {
    return undefined;
  }
  return fromRow({
    id,
    pageUrl,
    pageTitle,
    region,
    selectors: selectors ?? [],
    quote,
    note,
    color,
    tags,
    createdAt,
    updatedAt,
    anchored,
    ...(pageQuote === undefined ? {} : { pageQuote }),
  });
}
