import type { Selector } from '../annotator/selectors';
import { type Annotation, type AnnotationRegion, DEFAULT_COLOR } from './annotation';
import type { GlossDb, ImportRow } from './db';
import { ImportNotFoundError, ValidationError } from './errors';
import { fromRow, inWriteTransaction, refreshPages, toRow } from './repository';
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
  latestSaneTime,
  Problems,
  preview,
  UUID,
} from './validate';

/** The file as a whole is unusable (not JSON, not an annotation collection, too large). */
export class ImportFormatError extends ValidationError {
  override name = 'ImportFormatError';
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
 * defaults for what W3C has no term for (yellow, region `page`, anchored), and need a `urn:uuid:` id so a
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
      throw new ImportFormatError('This file is not valid JSON, so it cannot be a Gloss export.');
    }
  }
  const items = findItems(data);
  if (items.length > LIMITS.importItems) {
    throw new ImportFormatError(
      `This file holds ${items.length} annotations; Gloss imports at most ${LIMITS.importItems} at a time.`,
    );
  }
  const annotations: Annotation[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const problems = new Problems();
    const annotation = parseItem(item, problems, now);
    if (!annotation) {
      errors.push(`Item ${i + 1}: ${problems.list.join('; ')}`);
    } else if (seen.has(annotation.id)) {
      errors.push(`Item ${i + 1}: id: urn:uuid:${annotation.id} appears earlier in the file; skipped`);
    } else {
      seen.add(annotation.id);
      annotations.push(annotation);
    }
  });
  return { annotations, errors };
}

const NOT_A_COLLECTION =
  'This file is not a Gloss export: expected a W3C Web Annotation collection (type "AnnotationCollection").';

function hasType(v: Record<string, unknown>, type: string): boolean {
  return v.type === type || (Array.isArray(v.type) && v.type.includes(type));
}

function findItems(data: unknown): unknown[] {
  if (!isRecord(data)) throw new ImportFormatError(NOT_A_COLLECTION);
  let page: unknown;
  if (hasType(data, 'AnnotationCollection')) {
    if (typeof data.first === 'string') {
      throw new ImportFormatError(
        'This collection lists its annotations at another address; download them into one file first.',
      );
    }
    page = data.first ?? { items: data.items };
  } else if (hasType(data, 'AnnotationPage')) {
    page = data;
  } else {
    throw new ImportFormatError(NOT_A_COLLECTION);
  }
  const items = isRecord(page) ? page.items : undefined;
  if (items === undefined) return [];
  if (!Array.isArray(items)) throw new ImportFormatError(`${NOT_A_COLLECTION} Its items are not a list.`);
  return items;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function parseId(v: unknown, problems: Problems): string | undefined {
  if (typeof v === 'string') {
    const id = v.startsWith('urn:uuid:') ? v.slice('urn:uuid:'.length) : v;
    if (UUID.test(id)) return id;
  }
  problems.add('id', `expected urn:uuid:<uuid>, got ${preview(v)}`);
  return undefined;
}

function parseDate(v: unknown, path: string, problems: Problems): number | undefined {
  const ms = typeof v === 'string' && ISO_DATE.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isSafeInteger(ms) && ms >= 0) return ms;
  problems.add(path, `expected an ISO 8601 date-time, got ${preview(v)}`);
  return undefined;
}

function parseTarget(v: unknown, problems: Problems): { pageUrl?: string; selectors?: Selector[] } {
  let target = v;
  if (Array.isArray(target)) {
    if (target.length !== 1) {
      problems.add('target', `expected one target, got ${target.length}`);
      return {};
    }
    target = target[0];
  }
  if (!isRecord(target)) {
    problems.add('target', `expected an object with source and selector, got ${describeType(target)}`);
    return {};
  }
  const pageUrl = checkPageUrl(target.source, 'target.source', problems);
  const raw = target.selector;
  const selectors = checkSelectors(isRecord(raw) ? [raw] : raw, 'target.selector', problems);
  return { pageUrl, selectors };
}

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
    if (!isRecord(body) || body.type !== 'TextualBody') {
      problems.add(path, 'only TextualBody bodies (notes and tags) can be imported');
      return;
    }
    const purpose = body.purpose ?? 'commenting';
    if (purpose === 'tagging') tags.push(body.value);
    else if (purpose === 'commenting' || purpose === 'describing') {
      const v = checkString(body.value, `${path}.value`, LIMITS.note, problems);
      if (v !== undefined) notes.push(v);
    } else problems.add(`${path}.purpose`, `unsupported purpose ${preview(purpose)}`);
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
  const id = parseId(item.id, problems);
  const createdAt = parseDate(item.created, 'created', problems);
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
  let quote: string | undefined;
  const quoteSource = item['gloss:quote'] ?? (selectors ? findQuote(selectors) : undefined);
  if (quoteSource !== undefined) {
    quote = checkString(quoteSource, 'gloss:quote', LIMITS.quote, problems, { nonEmpty: true });
  } else if (selectors) {
    problems.add('gloss:quote', 'no quote: neither gloss:quote nor a TextQuoteSelector');
  }
  const color =
    item['gloss:color'] === undefined
      ? DEFAULT_COLOR
      : checkColor(item['gloss:color'], 'gloss:color', problems);
  const region: AnnotationRegion | undefined =
    item['gloss:region'] === undefined
      ? { kind: 'page' }
      : checkRegion(item['gloss:region'], 'gloss:region', problems);
  const rawAnchored = item['gloss:anchored'] ?? true;
  const anchored = typeof rawAnchored === 'boolean' ? rawAnchored : undefined;
  if (anchored === undefined)
    problems.add('gloss:anchored', `expected true or false, got ${preview(rawAnchored)}`);

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
    selectors,
    quote,
    note,
    color,
    tags,
    createdAt,
    updatedAt,
    anchored,
  });
}

/**
 * How many imports can be undone. Each keeps the stored rows it replaced as they were, which for a
 * 100 000-item backup is a second copy of most of the database: older imports drop those copies.
 */
export const UNDOABLE_IMPORTS = 5;

/**
 * How many imports are remembered at all (older than UNDOABLE_IMPORTS, only their id and dates), so an
 * Undo of one of them says why it cannot be done rather than that it never happened.
 */
export const REMEMBERED_IMPORTS = 50;

export interface ImportResult {
  /** New to this browser. */
  added: number;
  /** Replaced a stored copy that was older. */
  updated: number;
  /** The stored copy was edited more recently; it was kept. */
  skippedOlder: number;
  /** Identical to the stored copy. */
  unchanged: number;
  /** Same edit time as the stored copy but different content; the stored copy was kept. */
  skippedConflicting: number;
  /**
   * Annotations refused here, one line each (`Annotation <id>: modified: … is in the future`): dates that
   * make no sense at this import's clock, or an id given twice. parseImport already reports a file's bad
   * items by position, so after it this stays empty; it guards callers that build annotations themselves.
   */
  rejected: string[];
  /** The batch `undoImport` takes to undo this import; null when the import changed nothing. */
  batchId: string | null;
}

/**
 * Stores annotations from `parseImport` in one transaction: all or nothing. For an id already stored, the
 * copy with the newer `updatedAt` wins, so importing an old backup never silently undoes later edits; the
 * counts tell the reader what happened. A stored `updatedAt` in the future (beyond MAX_CLOCK_SKEW_MS past
 * `now`, written before dates were checked) is not a real edit time and never counts as newer, so a real
 * backup can be restored over it. Page rows are recomputed for every page touched.
 *
 * In the same transaction it records an import batch (ImportRow): the ids it added with the `updatedAt` it
 * wrote, and the rows it replaced as they were before, so `undoImport(db, result.batchId)` can take it back.
 * Only the last UNDOABLE_IMPORTS batches keep what they replaced.
 */
export async function importAnnotations(
  db: GlossDb,
  annotations: readonly Annotation[],
  now: number = Date.now(),
): Promise<ImportResult> {
  const result: ImportResult = {
    added: 0,
    updated: 0,
    skippedOlder: 0,
    unchanged: 0,
    skippedConflicting: 0,
    rejected: [],
    batchId: null,
  };
  const incoming: Annotation[] = [];
  const seen = new Set<string>();
  for (const annotation of annotations) {
    const problems = new Problems();
    if (seen.has(annotation.id)) problems.add('id', 'given more than once in this import; skipped');
    else checkDates(annotation.createdAt, annotation.updatedAt, now, problems);
    if (problems.ok) {
      seen.add(annotation.id);
      incoming.push(annotation);
    } else {
      result.rejected.push(`Annotation ${annotation.id}: ${problems.list.join('; ')}`);
    }
  }
  if (incoming.length === 0) return result;
  const latest = latestSaneTime(now);
  return inWriteTransaction(db, async () => {
    const existing = await db.annotations.bulkGet(incoming.map((a) => a.id));
    const batch: ImportRow = {
      id: crypto.randomUUID(),
      at: now,
      added: [],
      replaced: [],
      undoneAt: null,
      prunedAt: null,
    };
    const writes: Annotation[] = [];
    const touchedPages = new Set<string>();
    incoming.forEach((annotation, i) => {
      const stored = existing[i];
      if (!stored) {
        result.added++;
        batch.added.push({ id: annotation.id, updatedAt: annotation.updatedAt });
      } else if (annotation.updatedAt > stored.updatedAt || stored.updatedAt > latest) {
        result.updated++;
        batch.replaced.push({ before: fromRow(stored), updatedAt: annotation.updatedAt });
        touchedPages.add(stored.pageUrl);
      } else if (annotation.updatedAt < stored.updatedAt) {
        result.skippedOlder++;
        return;
      } else {
        if (deepEqual(fromRow(stored), fromRow(annotation))) result.unchanged++;
        else result.skippedConflicting++;
        return;
      }
      writes.push(annotation);
      touchedPages.add(annotation.pageUrl);
    });
    if (writes.length === 0) return result;
    await db.annotations.bulkPut(writes.map(toRow));
    await refreshPages(db, touchedPages);
    await db.imports.add(batch);
    await pruneImports(db, batch.id, now);
    result.batchId = batch.id;
    return result;
  });
}

/**
 * Keeps what the last UNDOABLE_IMPORTS imports replaced, remembers REMEMBERED_IMPORTS in all, and forgets
 * the rest. The batch just written is always kept, whatever the clock says about the others' `at`.
 */
async function pruneImports(db: GlossDb, keepId: string, now: number): Promise<void> {
  const newestFirst = await db.imports.orderBy('at').reverse().primaryKeys();
  const ordered = [keepId, ...newestFirst.filter((id) => id !== keepId)];
  const forget = ordered.slice(REMEMBERED_IMPORTS);
  const prune = ordered.slice(UNDOABLE_IMPORTS, REMEMBERED_IMPORTS);
  if (forget.length > 0) await db.imports.bulkDelete(forget);
  if (prune.length > 0) {
    await db.imports
      .where(':id')
      .anyOf(prune)
      .filter((row) => row.prunedAt === null)
      .modify({ added: [], replaced: [], prunedAt: now });
  }
}

export interface UndoImportResult {
  /** Annotations the import had added, now removed. */
  removed: number;
  /** Annotations the import had replaced, now back as they were before it. */
  restored: number;
  /**
   * Annotations the reader changed after the import (edited, or deleted: stored `updatedAt` is not the one
   * the import wrote): left as the reader made them.
   */
  keptEdited: number;
  /** The batch was undone before: this call changed nothing. */
  alreadyUndone: boolean;
  /** Pages whose annotations changed, for the caller to repaint. */
  pageUrls: string[];
}

/**
 * Takes back one import in one transaction: removes the annotations it added and puts back the ones it
 * replaced, except those the reader changed since (counted in `keptEdited`); page rows are recomputed.
 * The batch is marked undone (and its copies dropped), so a second undo changes nothing and says so.
 * @throws ImportNotFoundError (code `not-found`) when no such import is recorded, or it is older than the
 *   last UNDOABLE_IMPORTS and no longer keeps what it replaced (`pruned`).
 */
export async function undoImport(
  db: GlossDb,
  batchId: string,
  now: number = Date.now(),
): Promise<UndoImportResult> {
  return inWriteTransaction(db, async () => {
    const result: UndoImportResult = {
      removed: 0,
      restored: 0,
      keptEdited: 0,
      alreadyUndone: false,
      pageUrls: [],
    };
    const batch = await db.imports.get(batchId);
    if (!batch) throw new ImportNotFoundError(batchId, false, UNDOABLE_IMPORTS);
    if (batch.undoneAt !== null) return { ...result, alreadyUndone: true };
    if (batch.prunedAt !== null) throw new ImportNotFoundError(batchId, true, UNDOABLE_IMPORTS);

    const addedNow = await db.annotations.bulkGet(batch.added.map((a) => a.id));
    const replacedNow = await db.annotations.bulkGet(batch.replaced.map((r) => r.before.id));
    const removals: string[] = [];
    const restores: Annotation[] = [];
    const pages = new Set<string>();
    batch.added.forEach(({ updatedAt }, i) => {
      const stored = addedNow[i];
      if (!stored) return; // Deleted since: already gone.
      if (stored.updatedAt !== updatedAt) {
        result.keptEdited++;
        return;
      }
      removals.push(stored.id);
      pages.add(stored.pageUrl);
      result.removed++;
    });
    batch.replaced.forEach(({ before, updatedAt }, i) => {
      const stored = replacedNow[i];
      if (!stored || stored.updatedAt !== updatedAt) {
        result.keptEdited++;
        return;
      }
      restores.push(before);
      pages.add(stored.pageUrl);
      pages.add(before.pageUrl);
      result.restored++;
    });
    if (removals.length > 0) await db.annotations.bulkDelete(removals);
    if (restores.length > 0) await db.annotations.bulkPut(restores.map(toRow));
    await refreshPages(db, pages);
    await db.imports.put({ ...batch, added: [], replaced: [], undoneAt: now });
    result.pageUrls = [...pages];
    return result;
  });
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
