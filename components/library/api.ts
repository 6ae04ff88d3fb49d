import type { FacetValue, LibraryFilters, LibraryPage, StoriesPage } from '../../messaging/protocol';
import type { RequestPayload } from '../../messaging/schema';
import type { Annotation } from '../../storage/annotation';
import type { Headline } from '../../storage/db';
import type { NotesApi } from '../notes-api';
import type { TransferApi } from '../transfer';

export type BulkAction = RequestPayload<'library.bulk'>['action'];

import type { ViewState } from './view-state';

/** What the library page needs from the extension, passed in so the components run in tests without it. */
export interface LibraryApi extends TransferApi, NotesApi {
  stories(offset: number, limit: number): Promise<StoriesPage>;
  search(text: string, filters: LibraryFilters, offset: number, limit: number): Promise<LibraryPage>;
  facets(kind: 'tag' | 'commenter' | 'site'): Promise<FacetValue[]>;
  storyAnnotations(pageUrl: string): Promise<Annotation[]>;
  /** The headlines the story has shown, oldest first. */
  headlines(pageUrl: string): Promise<Headline[]>;
  /** The ids of every highlight the search and filters find. */
  resultIds(text: string, filters: LibraryFilters): Promise<string[]>;
  /** Highlights by id, whole (at most BULK_CHUNK_IDS). */
  getAnnotations(ids: string[]): Promise<Annotation[]>;
  /** One chunk of a bulk action into batch `batchId` (the first chunk's), for one Undo. */
  bulk(
    ids: string[],
    action: BulkAction,
    batchId: string | null,
  ): Promise<{ changed: number; batchId: string | null }>;
  /** Renames tag `from` across the library (a merge when `to` is in use), or removes it (`to` null). */
  editTag(from: string, to: string | null): Promise<{ changed: number; batchId: string | null }>;
  /** Opens the story in a tab, scrolled to the highlight. */
  openAt(pageUrl: string, id: string): Promise<void>;
  /** Calls `listener` when annotations change elsewhere; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Puts the view in the page's address; `push` makes a history entry (Back returns to the previous view). */
  showView(view: ViewState, push: boolean): void;
}
