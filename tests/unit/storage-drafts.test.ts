import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { GlossDb } from '../../storage/db';
import {
  commitDraft,
  createDraft,
  keepDraft,
  MAX_DRAFTS,
  type NewDraft,
  openEditDraft,
  pageDrafts,
  TooManyDraftsError,
  UNTOUCHED_TTL_MS,
} from '../../storage/drafts';
import { createAnnotation, updateAnnotation } from '../../storage/repository';
import { freshDb, newInput } from './storage-fixtures';

let db: GlossDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

function input(): NewDraft {
  const { pageUrl, pageTitle, region, selectors, quote, color } = newInput();
  return { pageUrl, pageTitle, region, selectors, quote, color };
}

const fields = { note: 'Ask the clerk', color: 'green' as const, tags: ['clerk'] };

describe('drafts', () => {
  it('keeps what is typed, and saving it twice stores one highlight', async () => {
    db = freshDb();
    const draft = await createDraft(db, input());
    await keepDraft(db, draft.id, fields);
    expect((await pageDrafts(db, draft.pageUrl)).map((d) => d.note)).toEqual(['Ask the clerk']);
    const [first, second] = await Promise.all([
      commitDraft(db, draft.id, fields),
      commitDraft(db, draft.id, fields),
    ]);
    expect(await db.annotations.count()).toBe(1);
    expect(first.status === 'saved' && second.status === 'saved').toBe(true);
    if (first.status === 'saved' && second.status === 'saved')
      expect(second.annotation.id).toBe(first.annotation.id);
    expect(await pageDrafts(db, draft.pageUrl)).toEqual([]);
  });

  it('offers for resuming only drafts with something typed', async () => {
    db = freshDb();
    const empty = await createDraft(db, input());
    expect(await pageDrafts(db, empty.pageUrl)).toEqual([]);
  });

  it('an edit saves only over the version it started from, or the one the reader chose to overwrite', async () => {
    db = freshDb();
    const stored = await createAnnotation(db, newInput({ note: 'first' }));
    const edit = await openEditDraft(db, stored);
    const elsewhere = await updateAnnotation(db, stored.id, { note: 'changed in another window' });
    const result = await commitDraft(db, edit.id, fields);
    expect(result.status).toBe('conflict');
    if (result.status === 'conflict') expect(result.stored.note).toBe('changed in another window');
    expect((await db.annotations.get(stored.id))?.note).toBe('changed in another window');
    const forced = await commitDraft(db, edit.id, fields, elsewhere.updatedAt);
    expect(forced.status).toBe('saved');
    expect((await db.annotations.get(stored.id))?.note).toBe('Ask the clerk');
    expect(await db.drafts.count()).toBe(0);
  });

  it('reopening an edit finds the text kept from before', async () => {
    db = freshDb();
    const stored = await createAnnotation(db, newInput({ note: 'first' }));
    const edit = await openEditDraft(db, stored);
    await keepDraft(db, edit.id, { ...fields, note: 'half a thought' });
    expect((await openEditDraft(db, stored)).note).toBe('half a thought');
  });

  it('makes room by dropping old untouched drafts, and refuses once every draft holds typing', async () => {
    db = freshDb();
    const now = Date.now();
    await db.drafts.bulkAdd(
      Array.from({ length: MAX_DRAFTS }, (_, i) => ({
        ...input(),
        id: `d${i}`,
        kind: 'new' as const,
        annotationId: null,
        baseUpdatedAt: null,
        note: i === 0 ? '' : 'typed',
        tags: [],
        createdAt: now - i,
        updatedAt: now - i,
        committedId: null,
      })),
    );
    const made = await createDraft(db, input(), now);
    expect(await db.drafts.get('d0')).toBeUndefined();
    expect(await db.drafts.count()).toBe(MAX_DRAFTS);
    await keepDraft(db, made.id, fields, now);
    await expect(createDraft(db, input(), now)).rejects.toBeInstanceOf(TooManyDraftsError);
    // Untouched drafts expire on their own.
    const later = now + UNTOUCHED_TTL_MS + 1;
    await db.drafts.bulkDelete(['d1', 'd2']);
    await createDraft(db, input(), later);
    expect(await db.drafts.count()).toBe(MAX_DRAFTS - 1);
  });
});
