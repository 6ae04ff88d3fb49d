import { vi } from 'vitest';
import type { StoredVersion } from '../../components/ConflictChoice';
import type { NotesApi } from '../../components/notes-api';
import type { Annotation, HighlightColor } from '../../storage/annotation';

/**
 * An in-memory NotesApi over `state.store`, answering as the background does: an edit on another version
 * gets the stored one back, a second page note for a story gets the first.
 */
export function fakeNotes(state: { store: Annotation[] }) {
  const trash: Annotation[] = [];
  const version = ({ id, note, color, tags, updatedAt }: Annotation) => ({
    id,
    note,
    color,
    tags,
    updatedAt,
  });
  return {
    update: vi.fn(
      async (
        id: string,
        patch: { note: string; color: HighlightColor; tags: string[] },
        expectedUpdatedAt: number,
      ): Promise<StoredVersion | undefined> => {
        const current = state.store.find((a) => a.id === id);
        if (current && current.updatedAt !== expectedUpdatedAt) return version(current);
        state.store = state.store.map((a) =>
          a.id === id ? { ...a, ...patch, updatedAt: a.updatedAt + 1 } : a,
        );
      },
    ),
    remove: vi.fn(async (id: string) => {
      trash.push(...state.store.filter((a) => a.id === id));
      state.store = state.store.filter((a) => a.id !== id);
    }),
    undoDelete: vi.fn(async (id: string) => {
      const back = trash.find((a) => a.id === id);
      if (!back) throw new Error('This highlight can no longer be put back.');
      state.store = [...state.store, back];
    }),
    createPageNote: vi.fn(async (pageUrl: string, pageTitle: string, note: string, tags: string[]) => {
      const stored = state.store.find((a) => a.pageUrl === pageUrl && a.region.kind === 'story');
      if (stored) return version(stored);
      state.store = [
        ...state.store,
        {
          id: `page-note:${pageUrl}`,
          pageUrl,
          pageTitle,
          region: { kind: 'story' },
          selectors: [],
          quote: '',
          note,
          color: 'yellow',
          tags,
          createdAt: Date.UTC(2025, 0, 3),
          updatedAt: Date.UTC(2025, 0, 3),
          anchored: true,
        },
      ];
    }),
  } satisfies NotesApi;
}
