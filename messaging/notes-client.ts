import type { NotesApi } from '../components/notes-api';
import type { Annotation } from '../storage/annotation';
import { request } from './client';

const storedVersion = ({ id, note, color, tags, updatedAt }: Annotation) => ({
  id,
  note,
  color,
  tags,
  updatedAt,
});

/** Edits, deletes and page notes as extension pages (the popup, the library) send them. */
export const notesClient: NotesApi = {
  async update(id, patch, expectedUpdatedAt) {
    const result = await request('annotation.update', { id, patch, expectedUpdatedAt });
    if (result.status === 'conflict') return storedVersion(result.stored);
  },
  async remove(id) {
    await request('annotation.delete', { id });
  },
  async undoDelete(id) {
    await request('annotation.undoDelete', { id });
  },
  async createPageNote(pageUrl, pageTitle, note, tags) {
    const result = await request('pageNote.create', { pageUrl, pageTitle, note, tags });
    if (result.status === 'conflict') return storedVersion(result.stored);
  },
};
