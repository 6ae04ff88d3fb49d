/**
 * Typed storage errors. Callers (the background, which answers the popup and the content script) switch on
 * the class or on `code` — the code survives structured cloning across the message boundary, a class does not.
 */

export type StorageErrorCode = 'not-found' | 'quota' | 'validation' | 'conflict' | 'storage';

export class StorageError extends Error {
  readonly code: StorageErrorCode = 'storage';
  // Names are spelled out, not taken from the class: minifiers rename classes in the built extension.
  override name = 'StorageError';
}

export class NotFoundError extends StorageError {
  override name = 'NotFoundError';
  override readonly code = 'not-found';
  constructor(
    readonly id: string,
    message = `No annotation with id ${id}`,
  ) {
    super(message);
  }
}

/**
 * An import that cannot be undone: `pruned` when Gloss no longer keeps what it replaced (only the last
 * few imports are kept), otherwise no import with that id was ever recorded.
 */
export class ImportNotFoundError extends NotFoundError {
  override name = 'ImportNotFoundError';
  constructor(
    id: string,
    readonly pruned: boolean,
    readonly keptBatches: number,
  ) {
    super(
      id,
      pruned
        ? `This import can no longer be undone: Gloss keeps what an import changed only for the last ${keptBatches} imports.`
        : 'This import can no longer be undone: Gloss has no record of it.',
    );
  }
}

export class QuotaError extends StorageError {
  override name = 'QuotaError';
  override readonly code = 'quota';
  constructor(cause?: unknown) {
    super(
      "Your browser's storage is full, so Gloss could not save this. Free some disk space or delete old " +
        'annotations, then try again.',
      { cause },
    );
  }
}

export class ValidationError extends StorageError {
  override name = 'ValidationError';
  override readonly code = 'validation';
}

/** What a batch of writes is, to the reader told it was undone while it ran. */
export type BatchKind = 'import' | 'tagEdit' | 'change';

/** A batch (an import, a tag edit, a bulk change) undone while it ran: the rest of it is not done. */
export class UndoneMeanwhileError extends ValidationError {
  override name = 'UndoneMeanwhileError';
  constructor(readonly batch: BatchKind) {
    const what = { import: 'import', tagEdit: 'tag edit', change: 'change' }[batch];
    super(`This ${what} was undone while it ran: the rest of it was not done.`);
  }
}

/** The annotation changed since the caller read it (another tab or window edited it). */
export class ConflictError extends StorageError {
  override name = 'ConflictError';
  override readonly code = 'conflict';
  constructor(
    readonly id: string,
    readonly expectedUpdatedAt: number,
    readonly actualUpdatedAt: number,
  ) {
    super(`Annotation ${id} was changed elsewhere since it was opened`);
  }
}

const MAX_CAUSE_DEPTH = 8;

/**
 * Quota failures reach us in several wrappings: a bare DOMException from IndexedDB, Dexie's own
 * QuotaExceededError, or an AbortError/BulkError from a transaction whose commit failed, with the real
 * reason in `inner`, `cause` or `failures`. Walk them all rather than trusting the outermost name.
 */
export function isQuotaExceeded(e: unknown, depth = 0): boolean {
  if (depth > MAX_CAUSE_DEPTH || e === null || typeof e !== 'object') return false;
  const err = e as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  // Legacy DOMException code 22 is QUOTA_EXCEEDED_ERR; some engines only set that.
  if (typeof DOMException !== 'undefined' && e instanceof DOMException && err.code === 22) return true;
  if (isQuotaExceeded(err.inner, depth + 1) || isQuotaExceeded(err.cause, depth + 1)) return true;
  if (Array.isArray(err.failures)) return err.failures.some((f) => isQuotaExceeded(f, depth + 1));
  return false;
}

/** Maps low-level failures to our typed errors; our own errors pass through unchanged. */
export function toStorageError(e: unknown): unknown {
  if (e instanceof StorageError) return e;
  // Dexie re-wraps errors thrown inside a transaction when their name matches a DOMException name
  // (our NotFoundError does); the original is kept in `inner`.
  const inner = typeof e === 'object' && e !== null ? (e as { inner?: unknown }).inner : undefined;
  if (inner instanceof StorageError) return inner;
  if (isQuotaExceeded(e)) return new QuotaError(e);
  return e;
}
