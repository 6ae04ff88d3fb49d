import type { HighlightColor } from '../storage/annotation';
import type { StoredVersion } from './ConflictChoice';

/** Editing what the reader saved, as the popup and the library both do it (messaging/notes-client.ts). */
export interface NotesApi {
  /** Saves an edit made on version `expectedUpdatedAt`; resolves with the stored version on a conflict. */
  update(
    id: string,
    patch: { note: string; color: HighlightColor; tags: string[] },
    expectedUpdatedAt: number,
  ): Promise<void | StoredVersion>;
  remove(id: string): Promise<void>;
  /** Puts back a highlight or page note deleted a moment ago. */
  undoDelete(id: string): Promise<void>;
  /** Writes the story's page note; resolves with the one it had already instead, if it had one. */
  createPageNote(
    pageUrl: string,
    pageTitle: string,
    note: string,
    tags: string[],
  ): Promise<(StoredVersion & { id: string }) | undefined>;
}
