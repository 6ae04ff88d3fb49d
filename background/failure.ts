import { type ErrorCode, fail, GlossError, type Reply } from '../messaging/protocol';
import { describeStorageError, StorageError, toStorageError } from '../storage/errors';

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
