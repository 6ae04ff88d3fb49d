import { i18n } from '#i18n';
import type { ExportChunk, ExportFormat, ImportReport, UndoImportReport } from '../messaging/protocol';
import type { Annotation } from '../storage/annotation';
import { exportMarkdown, exportW3C } from '../storage/export';
import { ExportAssembler } from '../storage/export-assembler';
import { csvHeader, csvRows } from '../storage/export-csv';
import {
  type CollectionProblem,
  type FoundItems,
  findItems,
  ImportFormatError,
} from '../storage/import-format';
import { chunkItems, type ItemChunk } from './import-chunks';

/**
 * Import and export as the popup and the library page both run them: a file a chunk at a time (each chunk
 * one transaction, the whole file one Undo), so no message ever carries the whole library.
 */

/** Counts of an import so far, summed over its chunks. */
export interface ImportTally {
  done: number;
  total: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Kept as stored: the stored copy was newer, or edited differently since the file was made. */
  keptNewer: number;
  keptConflicting: number;
  /** Items refused, and the first SHOWN_ERRORS reasons. */
  failed: number;
  errors: string[];
  batchId: string | null;
}

/** Error lines kept for display: a hostile file can have 100,000 bad items. */
export const SHOWN_ERRORS = 20;

/**
 * Per format: the file's extension and type, and the button's label (after "Export"): the format's own name,
 * the same in every language. Its tooltip is the message `transfer.hint.<format>`.
 */
export const EXPORT_FILES: Record<ExportFormat, { ext: string; mime: string; label: string }> = {
  w3c: { ext: 'json', mime: 'application/json', label: 'JSON' },
  markdown: { ext: 'md', mime: 'text/markdown', label: 'Markdown' },
  csv: { ext: 'csv', mime: 'text/csv', label: 'CSV' },
};

export interface TransferApi {
  importChunk(chunk: ItemChunk, batchId: string | null): Promise<ImportReport>;
  /** What importing the chunk would do, writing nothing. */
  previewChunk(chunk: ItemChunk): Promise<ImportReport>;
  undoImport(batchId: string): Promise<UndoImportReport>;
  exportChunk(format: ExportFormat, offset: number, generated: number): Promise<ExportChunk>;
  /** Offers the file to the reader (a download). */
  save(filename: string, mime: string, parts: string[]): void;
}

/** An import stopped part way: what was imported before it stays (and is undone with its batch). */
export class ImportStopped extends Error {
  constructor(
    reason: unknown,
    readonly tally: ImportTally | null,
  ) {
    super(reason instanceof Error ? reason.message : String(reason), { cause: reason });
  }
}

/** The annotations in an import file, or a reader-facing reason it has none. */
export async function readImportFile(file: Pick<File, 'name' | 'text'>): Promise<FoundItems> {
  let data: unknown;
  try {
    data = JSON.parse(await file.text());
  } catch {
    throw new Error(i18n.t('transfer.notJson', { file: file.name }));
  }
  try {
    return findItems(data);
  } catch (e) {
    // findItems finds only what is wrong with a collection; its own words are English.
    if (e instanceof ImportFormatError)
      throw new Error(i18n.t(`errors.import.${e.problem as CollectionProblem}`));
    throw e;
  }
}

/** Before the first chunk: what was refused on reading the file is already counted. */
function startTally({ items, refused }: FoundItems): ImportTally {
  return {
    done: 0,
    total: items.length,
    added: 0,
    updated: 0,
    unchanged: 0,
    keptNewer: 0,
    keptConflicting: 0,
    failed: refused.length,
    errors: refused.slice(0, SHOWN_ERRORS),
    batchId: null,
  };
}

function tallied(t: ImportTally, r: ImportReport, done: number): ImportTally {
  return {
    done,
    total: t.total,
    added: t.added + r.added,
    updated: t.updated + r.updated,
    unchanged: t.unchanged + r.unchanged,
    keptNewer: t.keptNewer + r.skippedOlder,
    keptConflicting: t.keptConflicting + r.skippedConflicting,
    failed: t.failed + r.errors.length,
    errors: [...t.errors, ...r.errors].slice(0, SHOWN_ERRORS),
    batchId: r.batchId ?? t.batchId,
  };
}

/**
 * Chunks sent before the oldest one is answered. Two keep the background busy: it takes in the next chunk
 * (the message, each item's checks) while it writes one, and writes them in the order they were sent
 * (background/handlers/notebook.ts). More would only hold more of the file in messages at once.
 */
export const CHUNKS_IN_FLIGHT = 2;

interface Sent {
  chunk: ItemChunk;
  reply: Promise<ImportReport>;
}

/**
 * Sends a file's items chunk by chunk to `send`, summing the reports into a tally given after each; throws
 * ImportStopped on a failure, once every chunk sent has answered (one sent after the failed one may have
 * been written: the tally counts it). With `oneBatch`, each chunk goes into the batch the first one opened.
 */
async function runChunks(
  found: FoundItems,
  send: (chunk: ItemChunk, batchId: string | null) => Promise<ImportReport>,
  onProgress: (tally: ImportTally) => void,
  oneBatch: boolean,
): Promise<ImportTally> {
  let t = startTally(found);
  const inFlight: Sent[] = [];
  const failures: unknown[] = [];
  const settleOldest = async () => {
    const { chunk, reply } = inFlight.shift() as Sent;
    try {
      t = tallied(t, await reply, t.done + chunk.items.length);
      onProgress(t);
    } catch (e) {
      failures.push(e);
    }
  };
  // Until a chunk has opened the batch, the next one waits for its id: sent without it, it would open a
  // second batch, a second Undo.
  const mustWait = () =>
    inFlight.length >= CHUNKS_IN_FLIGHT || (oneBatch && t.batchId === null && inFlight.length > 0);
  try {
    // Each next chunk is cut (each item measured) while the background works on those sent.
    for (const chunk of chunkItems(found.items)) {
      while (mustWait()) await settleOldest();
      if (failures.length > 0) break;
      inFlight.push({ chunk, reply: send(chunk, t.batchId) });
    }
  } catch (e) {
    failures.push(e);
  }
  while (inFlight.length > 0) await settleOldest();
  if (failures.length > 0) throw new ImportStopped(failures[0], t.done > 0 ? t : null);
  return t;
}

/** Imports a file's items chunk by chunk (each one transaction, all one Undo). */
export function importItems(
  api: Pick<TransferApi, 'importChunk'>,
  found: FoundItems,
  onProgress: (tally: ImportTally) => void = () => {},
): Promise<ImportTally> {
  return runChunks(found, (chunk, batchId) => api.importChunk(chunk, batchId), onProgress, true);
}

/** What importing the file would do, chunk by chunk, writing nothing. */
export function previewItems(
  api: Pick<TransferApi, 'previewChunk'>,
  found: FoundItems,
  onProgress: (tally: ImportTally) => void = () => {},
): Promise<ImportTally> {
  return runChunks(found, (chunk) => api.previewChunk(chunk), onProgress, false);
}

/** The parts of a tally, in words: `3 added`, `1 kept (yours were newer)`, … (`new` for a preview). */
export function tallyParts(t: ImportTally, count: (n: number) => string, preview = false): string[] {
  const parts = [
    i18n.t(preview ? 'transfer.tally.new' : 'transfer.tally.added', { count: count(t.added) }),
    i18n.t('transfer.tally.updated', { count: count(t.updated) }),
  ];
  if (t.keptNewer) parts.push(i18n.t('transfer.tally.keptNewer', { count: count(t.keptNewer) }));
  if (t.keptConflicting)
    parts.push(i18n.t('transfer.tally.keptConflicting', { count: count(t.keptConflicting) }));
  if (t.unchanged) parts.push(i18n.t('transfer.tally.unchanged', { count: count(t.unchanged) }));
  if (t.failed)
    parts.push(
      i18n.t(preview ? 'transfer.tally.refused' : 'transfer.tally.notImported', { count: count(t.failed) }),
    );
  return parts;
}

/** One line for the reader: what an import did. */
export function describeImport(t: ImportTally, count: (n: number) => string = String): string {
  return i18n.t('transfer.done', { parts: tallyParts(t, count).join(', ') });
}

/** Whether importing would change anything at all. */
export function changesAnything(t: ImportTally): boolean {
  return t.added + t.updated > 0;
}

/** Exports the whole library a chunk at a time and offers the file; `onProgress` gets stories done / all. */
export async function exportLibrary(
  api: TransferApi,
  format: ExportFormat,
  onProgress: (done: number, stories: number) => void = () => {},
  now: number = Date.now(),
): Promise<void> {
  const file = new ExportAssembler();
  // The chunk after the next is asked for as soon as the next's offset is known: the background reads it
  // while the last one travels here. Chunks are stateless (an offset into the stories), so one asked for
  // past the end is answered empty and dropped.
  const asked = new Map<number, Promise<ExportChunk>>();
  const ask = (at: number): Promise<ExportChunk> => {
    let chunk = asked.get(at);
    if (!chunk) {
      chunk = api.exportChunk(format, at, now);
      // A chunk never awaited (past the end, or after a failure) must not report its own failure.
      chunk.catch(() => {});
      asked.set(at, chunk);
    }
    return chunk;
  };
  let offset: number | null = 0;
  while (offset !== null) {
    const chunk: ExportChunk = await ask(offset);
    asked.delete(offset);
    if (chunk.next !== null) {
      ask(chunk.next);
      ask(chunk.next + (chunk.next - offset));
    }
    file.add(chunk);
    offset = chunk.next;
    onProgress(offset ?? chunk.pages, chunk.pages);
  }
  const { ext, mime } = EXPORT_FILES[format];
  api.save(`gloss-${new Date(now).toISOString().slice(0, 10)}.${ext}`, mime, file.finish());
}

/** A selection's file, made here from its annotations (a few thousand: no streaming needed). */
export function selectionFile(
  format: ExportFormat,
  annotations: readonly Annotation[],
  now: number,
): string[] {
  const generated = new Date(now);
  if (format === 'w3c') return [JSON.stringify(exportW3C(annotations, [], { generated }), null, 2)];
  if (format === 'markdown') return [exportMarkdown(annotations, [], { generated })];
  const byStory = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const list = byStory.get(a.pageUrl);
    if (list) list.push(a);
    else byStory.set(a.pageUrl, [a]);
  }
  return [csvHeader(), ...[...byStory.values()].map((list) => csvRows(list))];
}

/** Offers the selection as a file in `format`. */
export function saveSelection(
  api: Pick<TransferApi, 'save'>,
  format: ExportFormat,
  annotations: readonly Annotation[],
  now: number = Date.now(),
): void {
  const { ext, mime } = EXPORT_FILES[format];
  const day = new Date(now).toISOString().slice(0, 10);
  api.save(`gloss-selection-${day}.${ext}`, mime, selectionFile(format, annotations, now));
}
