import { i18n } from '#i18n';
import { GlossError } from '../../messaging/protocol';
import { commitDraft, deleteDraft, getDraft, keepDraft } from '../../storage/drafts';
import { getAnnotation } from '../../storage/repository';
import type { Services } from '../app';
import type { Ticket } from '../tickets';
import { takeAway } from './page';
import type { FromFor, HandlersOf } from './types';

type EditorFrom = FromFor<'editor.open'>;

const refused = () => new GlossError('forbidden', i18n.t('errors.editorClosed'));

/** The ticket this editor frame opened; every editor request after `editor.open` needs it. */
async function heldTicket(ticket: string, from: EditorFrom, s: Services): Promise<Ticket> {
  const held = await s.tickets.held(ticket, from.tabId, from.frameId);
  if (!held) throw refused();
  return held;
}

async function draftOf(t: Ticket, s: Services) {
  const draft = await getDraft(s.db, t.draftId);
  if (!draft) throw new GlossError('not-found', i18n.t('errors.noteGone'));
  return draft;
}

/** The editor is done: its frame closes on the page, which offers Undo when a highlight was deleted. */
async function finish(ticket: string, t: Ticket, s: Services, deleted?: string): Promise<void> {
  await s.tickets.end(ticket);
  s.deps.sendToTab(t.tabId, { type: 'page.closeEditor', ...(deleted ? { deleted } : {}) }, t.frameId);
}

export const editorHandlers: HandlersOf<
  'editor.open' | 'editor.keep' | 'editor.save' | 'editor.delete' | 'editor.close' | 'editor.preview'
> = {
  async 'editor.open'({ ticket }, from, s) {
    const t = await s.tickets.open(ticket, from.tabId, from.frameId);
    if (!t) throw refused();
    const draft = await draftOf(t, s);
    let stored = null;
    if (draft.kind === 'edit') {
      const annotation = await getAnnotation(s.db, draft.annotationId ?? '');
      if (!annotation) {
        await deleteDraft(s.db, draft.id);
        throw new GlossError('not-found', i18n.t('errors.deletedElsewhere'));
      }
      stored = {
        note: annotation.note,
        color: annotation.color,
        tags: annotation.tags,
        updatedAt: annotation.updatedAt,
      };
    }
    return {
      kind: draft.kind,
      quote: draft.quote,
      note: draft.note,
      color: draft.color,
      tags: draft.tags,
      stored,
    };
  },

  async 'editor.keep'({ ticket, note, color, tags }, from, s) {
    const t = await heldTicket(ticket, from, s);
    await keepDraft(s.db, t.draftId, { note, color, tags }, s.now());
    return null;
  },

  async 'editor.save'({ ticket, note, color, tags, overwrite }, from, s) {
    const t = await heldTicket(ticket, from, s);
    const draft = await draftOf(t, s);
    const result = await commitDraft(s.db, draft.id, { note, color, tags }, overwrite);
    if (result.status === 'conflict') return result;
    await s.changed(result.annotation.pageUrl);
    await finish(ticket, t, s);
    return { status: 'saved', value: null };
  },

  async 'editor.delete'({ ticket }, from, s) {
    const t = await heldTicket(ticket, from, s);
    const draft = await draftOf(t, s);
    await deleteDraft(s.db, draft.id);
    if (draft.kind === 'new' || !draft.annotationId) {
      await finish(ticket, t, s);
      return null;
    }
    const deleted = await takeAway(draft.annotationId, s);
    await finish(ticket, t, s, deleted.id);
    return null;
  },

  async 'editor.close'({ ticket, discard }, from, s) {
    const t = await heldTicket(ticket, from, s);
    // Cancel drops what was typed; any other close (Escape on the page, leaving the story) keeps it.
    if (discard) await deleteDraft(s.db, t.draftId);
    await finish(ticket, t, s);
    return null;
  },

  async 'editor.preview'({ ticket, color }, from, s) {
    const t = await heldTicket(ticket, from, s);
    s.deps.sendToTab(t.tabId, { type: 'page.previewColor', color }, t.frameId);
    return null;
  },
};
