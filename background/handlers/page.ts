import { i18n } from '#i18n';
import { GlossError, type PageClaim, type PageLoad, type PaintSpec } from '../../messaging/protocol';
import { type Annotation, isPageNote } from '../../storage/annotation';
import { createDraft, getDraft, openEditDraft, pageDrafts } from '../../storage/drafts';
import { noteHeadline } from '../../storage/headlines';
import {
  createAnnotation,
  deleteAnnotation,
  getAnnotation,
  listPageAnnotations,
  restoreAnnotation,
  setAnchored,
  setPageQuotes,
} from '../../storage/repository';
import { pagePrefs } from '../../storage/settings';
import { getSettings } from '../../storage/settings-store';
import type { Services } from '../app';
import type { FromFor, HandlersOf } from './types';

/** What painting needs of an annotation; its note and tags stay in the extension. */
export function paintSpec(a: Annotation): PaintSpec {
  return {
    id: a.id,
    selectors: a.selectors,
    color: a.color,
    hasNote: a.note !== '',
    pageQuote: a.pageQuote ?? null,
  };
}

type ContentFrom = FromFor<'page.load'>;

async function storyOf(from: ContentFrom, s: Services): Promise<string> {
  return (await s.tabs.storyOf(from)).pageUrl;
}

const gone = () => new GlossError('not-found', i18n.t('errors.notOnPage'));

/** Opens the editor on a draft for the frame that asked: the ticket is the editor's only key. */
async function editorTicket(from: ContentFrom, draftId: string, s: Services): Promise<{ ticket: string }> {
  return { ticket: await s.tickets.issue(from.tabId, from.frameId, draftId) };
}

/** The story a frame shows, as its content script paints it; the tab's story too when it is the top frame. */
async function loadPage(page: PageClaim, from: ContentFrom, s: Services): Promise<PageLoad> {
  const { pageUrl } = await s.tabs.pageOf(from, page.canonical);
  const reveal =
    from.frameId === 0 ? await s.tabs.topFrameLoaded(from.tabId, from.tabUrl, pageUrl, page.title) : null;
  // The site the reader is on is the tab's: a comment frame from elsewhere on it is off with it.
  const prefs = pagePrefs(await getSettings(s.db), from.tabUrl, await s.deps.shortcuts());
  // On a site the reader turned Gloss off on, the page gets nothing to paint or resume.
  const [stored, drafts] = prefs.off
    ? [[], []]
    : await Promise.all([listPageAnnotations(s.db, pageUrl), pageDrafts(s.db, pageUrl)]);
  // A page note has no passage to paint; and a story with only a page note starts nothing in its frames.
  const annotations = stored.filter((a) => !isPageNote(a));
  if (from.frameId === 0) {
    s.deps.showCount(from.tabId, annotations.length);
    if (stored.length > 0) await noteHeadline(s.db, pageUrl, page.title, s.now());
  }
  return {
    annotations: annotations.map(paintSpec),
    drafts: drafts.map((d) => ({ draftId: d.id, selectors: d.selectors, color: d.color })),
    prefs,
    // Only a highlight of this story: a redirect to another story must not scroll to a stranger.
    ...(reveal && annotations.some((a) => a.id === reveal) ? { reveal } : {}),
  };
}

export const pageHandlers: HandlersOf<
  | 'page.enter'
  | 'page.wake'
  | 'page.load'
  | 'annotation.create'
  | 'annotations.setAnchored'
  | 'annotations.setPageQuote'
  | 'page.undoDelete'
  | 'menu.point'
  | 'draft.create'
  | 'editor.issue'
  | 'editor.resume'
> = {
  async 'page.enter'({ page }, from, s) {
    const load = await loadPage(page, from, s);
    if (load.annotations.length === 0 && load.drafts.length === 0) return { load: null, prefs: load.prefs };
    // Not awaited: the content script starts while this reply travels, and waits for it (entrypoints/loader.ts).
    void s.deps.wake(from.tabId, from.frameId);
    return { load, prefs: load.prefs };
  },

  async 'page.wake'(_payload, from, s) {
    await s.deps.wake(from.tabId, from.frameId);
    return null;
  },

  'page.load': ({ page }, from, s) => loadPage(page, from, s),

  async 'annotation.create'({ page, draft }, from, s) {
    const { pageUrl, title } = await s.tabs.pageOf(from, page.canonical);
    const annotation = await createAnnotation(s.db, {
      ...draft,
      note: '',
      pageUrl,
      pageTitle: from.frameId === 0 ? page.title : title,
    });
    if (from.frameId === 0) await noteHeadline(s.db, pageUrl, page.title, s.now());
    // The tab that made it painted it already; other tabs showing the story repaint.
    await s.changed(pageUrl, from.tabId);
    return paintSpec(annotation);
  },

  async 'annotations.setAnchored'({ ids, anchored }, from, s) {
    // Only the sender's own story: a frame cannot orphan (or revive) another site's annotations.
    const story = await storyOf(from, s);
    const rows = await s.db.annotations.where('id').anyOf(ids).toArray();
    const own = rows.filter((r) => r.pageUrl === story).map((r) => r.id);
    const changes = await s.tabs.reportPainted(from.tabId, from.frameId, own, anchored);
    if (changes.length > 0) {
      for (const pageUrl of await setAnchored(s.db, changes, anchored)) s.deps.announce(pageUrl);
    }
    return null;
  },

  async 'annotations.setPageQuote'({ changes }, from, s) {
    // Only the sender's own story, as for setAnchored.
    const story = await storyOf(from, s);
    if (await setPageQuotes(s.db, story, changes)) s.deps.announce(story);
    return null;
  },

  async 'page.undoDelete'({ id }, from, s) {
    // A tab may put back only its own story's highlights (the one it was told it could undo).
    const deleted = await s.deleted.get(id);
    if (!deleted || deleted.pageUrl !== (await storyOf(from, s)))
      throw new GlossError('not-found', i18n.t('errors.cannotPutBack'));
    await putBack(deleted, s);
    return null;
  },

  async 'menu.point'({ id }, from, s) {
    // Only a highlight of the sender's own story: the menu must never act on another page's annotation.
    const annotation = id === null ? undefined : await getAnnotation(s.db, id);
    const own = annotation && !isPageNote(annotation) && annotation.pageUrl === (await storyOf(from, s));
    s.menu.point(from.tabId, from.frameId, own ? annotation.id : null);
    return null;
  },

  async 'draft.create'({ page, draft }, from, s) {
    const { pageUrl, title } = await s.tabs.pageOf(from, page.canonical);
    const row = await createDraft(
      s.db,
      { ...draft, pageUrl, pageTitle: from.frameId === 0 ? page.title : title },
      s.now(),
    );
    return editorTicket(from, row.id, s);
  },

  async 'editor.issue'({ id }, from, s) {
    const annotation = await getAnnotation(s.db, id);
    // A page note is never painted, so no click on the page can mean it.
    if (!annotation || isPageNote(annotation) || annotation.pageUrl !== (await storyOf(from, s)))
      throw gone();
    const draft = await openEditDraft(s.db, annotation, s.now());
    return editorTicket(from, draft.id, s);
  },

  async 'editor.resume'({ draftId }, from, s) {
    const draft = await getDraft(s.db, draftId);
    if (
      !draft ||
      draft.kind !== 'new' ||
      draft.committedId !== null ||
      draft.pageUrl !== (await storyOf(from, s))
    )
      throw new GlossError('not-found', i18n.t('errors.unsavedGone'));
    return editorTicket(from, draft.id, s);
  },
};

/** Deletes an annotation, kept for a while so that Undo (putBack) can bring it back; returns it. */
export async function takeAway(id: string, s: Services): Promise<Annotation> {
  const deleted = await deleteAnnotation(s.db, id);
  await s.deleted.remember(deleted);
  await s.changed(deleted.pageUrl);
  return deleted;
}

/** Puts a deleted highlight back exactly as it was, never over a newer copy. */
export async function putBack(annotation: Annotation, s: Services): Promise<void> {
  if (!(await restoreAnnotation(s.db, annotation, s.now())))
    throw new GlossError('invalid', i18n.t('errors.existsAgain'));
  await s.deleted.forget(annotation.id);
  await s.changed(annotation.pageUrl);
}
