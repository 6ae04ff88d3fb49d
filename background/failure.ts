import { i18n } from '#i18n';
import { type ErrorCode, fail, GlossError, type Reply } from '../messaging/protocol';
import {
  ConflictError,
  ImportNotFoundError,
  NotFoundError,
  QuotaError,
  StorageError,
  toStorageError,
  UndoneMeanwhileError,
} from '../storage/errors';

/** Any failure as the Reply a caller shows: our own errors keep their code, storage errors get theirs. */
export function toFailure(e: unknown): Reply<never> {
  if (e instanceof GlossError) return fail(e.code, e.message);
  const unwrapped = toStorageError(e);
  if (unwrapped instanceof StorageError) {
    const code: ErrorCode =
      unwrapped.code === 'validation'
        ? 'invalid'
        : unwrapped.code === 'not-found' || unwrapped.code === 'quota' || unwrapped.code === 'conflict'
          ? unwrapped.code
          : 'storage';
    return fail(code, describeStorageError(unwrapped));
  }
  return fail('storage', describeStorageError(e));
}

/**
 * A sentence a reader can act on, in their language, for any error thrown by storage/. Worded here, not in
 * storage/, which tests and tools also run outside the extension. A validation error's own message (which
 * field of which item is wrong) is a diagnosis of the data, and stays as written.
 */
export function describeStorageError(e: unknown): string {
  const err = toStorageError(e);
  if (err instanceof ImportNotFoundError)
    return err.pruned
      ? i18n.t('errors.importPruned', { count: err.keptBatches })
      : i18n.t('errors.importUnknown');
  if (err instanceof NotFoundError) return i18n.t('errors.notFound');
  if (err instanceof ConflictError) return i18n.t('errors.conflict');
  if (err instanceof QuotaError) return i18n.t('errors.quota');
  if (err instanceof UndoneMeanwhileError) return i18n.t(`errors.undoneMeanwhile.${err.batch}`);
  if (err instanceof StorageError) return err.message;
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  switch (name) {
    case 'DatabaseClosedError':
    case 'OpenFailedError':
    case 'InvalidStateError':
      return i18n.t('errors.cannotOpen');
    case 'VersionError':
    case 'UpgradeError':
      return i18n.t('errors.newerVersion');
    case 'MissingAPIError':
      return i18n.t('errors.noStorage');
    default:
      return err instanceof Error && err.message
        ? i18n.t('errors.storageDetail', { detail: err.message })
        : i18n.t('errors.storage');
  }
}
