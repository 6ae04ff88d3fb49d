import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { PageSummary } from '../messaging/protocol';
import { type Annotation, isPageNote } from '../storage/annotation';
import { type Settings, siteKey } from '../storage/settings';
import { tagQuery } from '../storage/tags';
import { type AnnotationActions, AnnotationCard } from './AnnotationCard';
import { formatCount, highlightCount } from './format';
import { groupByRegion } from './grouping';
import type { NotesApi } from './notes-api';
import { PageNoteSection } from './PageNote';
import { Transfer } from './Transfer';
import type { TransferApi } from './transfer';

/** Everything the popup needs from the extension, passed in so the components run in tests. */
export interface PopupApi extends TransferApi, NotesApi {
  currentPage(): Promise<{ pageUrl: string | null; title: string }>;
  pageAnnotations(pageUrl: string): Promise<Annotation[]>;
  pages(): Promise<PageSummary[]>;
  search(query: string): Promise<Annotation[]>;
  /** Scrolls the current tab to the highlight; false when it is not on the page. */
  jump(id: string): Promise<boolean>;
  openPage(url: string): void;
  /** Opens the library page in a tab: every story, search and filters over the whole library. */
  openLibrary(): void;
  /** Opens a stored page in a new tab and scrolls to the highlight once the page shows it. */
  openAt(url: string, id: string): Promise<void>;
  settings(): Promise<Settings>;
  saveSettings(patch: Partial<Settings>): Promise<Settings>;
  openOptions(): void;
  /** Loads the current tab's page again. */
  reloadTab(): void;
  /** Calls `listener` whenever stored highlights change elsewhere (a tab, the note editor); returns the unsubscribe. */
  onChange?(listener: () => void): () => void;
}

type View = 'page' | 'all';

const VIEWS: View[] = ['page', 'all'];

interface PageWithAnnotations {
  page: PageSummary;
  annotations: Annotation[];
}

const SEARCH_DEBOUNCE_MS = 150;
/** Changes come in bursts (an import, a page reporting several orphans): one reload answers the burst. */
const CHANGE_DEBOUNCE_MS = 100;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function AnnotationList({
  annotations,
  actionsFor,
}: {
  annotations: Annotation[];
  actionsFor(a: Annotation): AnnotationActions;
}) {
  return (
    <ul class="annotations">
      {annotations.map((a) => (
        // Keyed by id only: a card being edited stays mounted (and keeps the typed text) when the list reloads.
        <AnnotationCard key={a.id} annotation={a} actions={actionsFor(a)} />
      ))}
    </ul>
  );
}

function PageHeading({
  url,
  title,
  count,
  onOpen,
}: {
  url: string;
  title: string;
  count?: number;
  onOpen(): void;
}) {
  return (
    <header class="page-heading">
      <a
        href={url}
        onClick={(e) => {
          e.preventDefault();
          onOpen();
        }}
      >
        {title || url}
      </a>
      <span class="url">
        {new URL(url).hostname}
        {count !== undefined && ` · ${highlightCount(count)}`}
      </span>
    </header>
  );
}

function groupByPage(annotations: Annotation[]): { url: string; title: string; annotations: Annotation[] }[] {
  const byPage = new Map<string, { url: string; title: string; annotations: Annotation[] }>();
  for (const a of annotations) {
    const entry = byPage.get(a.pageUrl) ?? { url: a.pageUrl, title: a.pageTitle, annotations: [] };
    entry.annotations.push(a);
    byPage.set(a.pageUrl, entry);
  }
  return [...byPage.values()];
}

export function PopupApp({ api, initialView }: { api: PopupApi; initialView?: View }) {
  const [view, setView] = useState<View>(initialView ?? 'page');
  const [current, setCurrent] = useState<{ pageUrl: string | null; title: string } | null>(null);
  const [pageAnnotations, setPageAnnotations] = useState<Annotation[]>([]);
  const [allPages, setAllPages] = useState<PageWithAnnotations[]>([]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Annotation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The last highlight deleted here, which the reader can still put back. */
  const [deleted, setDeleted] = useState<{ id: string; quote: string } | null>(null);
  const [loaded, setLoaded] = useState(false);
  const queryRef = useRef(query);
  queryRef.current = query;

  const reload = useCallback(async () => {
    try {
      const page = await api.currentPage();
      setCurrent(page);
      const [forPage, pages] = await Promise.all([
        page.pageUrl ? api.pageAnnotations(page.pageUrl) : Promise.resolve([]),
        api.pages(),
      ]);
      setPageAnnotations(forPage);
      setAllPages(
        await Promise.all(
          pages.map(async (p) => ({ page: p, annotations: await api.pageAnnotations(p.url) })),
        ),
      );
      if (!initialView && !page.pageUrl) setView('all');
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoaded(true);
    }
  }, [api, initialView]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    if (!api.onChange) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = api.onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void reload();
        const q = queryRef.current.trim();
        if (q) api.search(q).then(setResults, (e: unknown) => setError(messageOf(e)));
      }, CHANGE_DEBOUNCE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [api, reload]);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults(null);
      return;
    }
    // An older query's answer arriving after a newer one's must not replace it.
    let superseded = false;
    const timer = setTimeout(() => {
      api.search(q).then(
        (found) => superseded || setResults(found),
        (e: unknown) => superseded || setError(messageOf(e)),
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      superseded = true;
      clearTimeout(timer);
    };
  }, [api, query]);

  const refreshSearch = async () => {
    const q = query.trim();
    if (q) setResults(await api.search(q));
  };

  const baseActions: AnnotationActions = {
    async onSave(id, patch, expectedUpdatedAt) {
      const stored = await api.update(id, patch, expectedUpdatedAt);
      if (stored) return stored;
      await Promise.all([reload(), refreshSearch()]);
    },
    async onDelete(id) {
      const gone = [...pageAnnotations, ...allPages.flatMap((p) => p.annotations), ...(results ?? [])].find(
        (a) => a.id === id,
      );
      await api.remove(id);
      setDeleted({ id, quote: gone ? (isPageNote(gone) ? gone.note : gone.quote) : '' });
      await Promise.all([reload(), refreshSearch()]);
    },
    onTag(tag) {
      setQuery(tagQuery(tag));
    },
  };
  const currentActions: AnnotationActions = {
    ...baseActions,
    async onJump(id) {
      if (!(await api.jump(id))) throw new Error(i18n.t('popup.notOnPage'));
    },
  };
  const actionsFor = (a: Annotation): AnnotationActions =>
    a.pageUrl === current?.pageUrl
      ? currentActions
      : {
          ...baseActions,
          jumpHint: i18n.t('popup.openAtPassage'),
          onJump: (id) => api.openAt(a.pageUrl, id),
        };

  async function undoDelete(): Promise<void> {
    if (!deleted) return;
    try {
      await api.undoDelete(deleted.id);
      setDeleted(null);
      await Promise.all([reload(), refreshSearch()]);
    } catch (err) {
      setDeleted(null);
      setError(i18n.t('popup.undoFailed', { reason: messageOf(err) }));
    }
  }

  let body: preact.ComponentChildren;
  if (!loaded) {
    body = <p class="empty">{i18n.t('common.loading')}</p>;
  } else if (results) {
    body =
      results.length === 0 ? (
        <p class="empty">{i18n.t('popup.noMatch', { query: query.trim() })}</p>
      ) : (
        groupByPage(results).map((p) => (
          <section key={p.url} class="page">
            <PageHeading url={p.url} title={p.title} onOpen={() => api.openPage(p.url)} />
            <AnnotationList annotations={p.annotations} actionsFor={actionsFor} />
          </section>
        ))
      );
  } else if (view === 'page') {
    const groups = groupByRegion(pageAnnotations);
    const story = current?.pageUrl;
    body = !story ? (
      <p class="empty">{i18n.t('popup.notAPage')}</p>
    ) : (
      <>
        <PageNoteSection
          pageUrl={story}
          annotations={pageAnnotations}
          actions={currentActions}
          onCreate={async (note, tags) => {
            const stored = await api.createPageNote(story, current.title, note, tags);
            await reload();
            return stored;
          }}
        />
        {groups.length === 0 ? (
          <p class="empty">{i18n.t('popup.noHighlightsHere')}</p>
        ) : (
          groups.map((g) => (
            <section key={g.key} class={`group group-${g.key.split(':')[0]}`}>
              <h2>{g.title}</h2>
              {g.key === 'orphaned' && <p class="hint">{i18n.t('popup.orphanedHint')}</p>}
              <AnnotationList annotations={g.annotations} actionsFor={actionsFor} />
            </section>
          ))
        )}
      </>
    );
  } else {
    body =
      allPages.length === 0 ? (
        <p class="empty">{i18n.t('popup.noHighlights')}</p>
      ) : (
        allPages.map(({ page, annotations }) => (
          <section key={page.url} class="page">
            <PageHeading
              url={page.url}
              title={page.title}
              count={page.count}
              onOpen={() => api.openPage(page.url)}
            />
            <AnnotationList annotations={annotations} actionsFor={actionsFor} />
          </section>
        ))
      );
  }

  const pageCount = pageAnnotations.filter((a) => !isPageNote(a)).length;
  return (
    <div class="popup">
      <header class="top">
        <h1>{i18n.t('extension.name')}</h1>
        <nav class="views" aria-label={i18n.t('popup.views')}>
          {VIEWS.map((key) => (
            <button
              key={key}
              type="button"
              aria-pressed={view === key && !results}
              onClick={() => {
                setQuery('');
                setView(key);
              }}
            >
              {key === 'all'
                ? i18n.t('popup.allPages')
                : pageCount
                  ? i18n.t('popup.thisPageCount', { count: formatCount(pageCount) })
                  : i18n.t('popup.thisPage')}
            </button>
          ))}
          <button type="button" onClick={() => api.openLibrary()}>
            {i18n.t('popup.library')}
          </button>
          <button
            type="button"
            class="options-link"
            aria-label={i18n.t('popup.options')}
            title={i18n.t('popup.optionsHint')}
            onClick={() => api.openOptions()}
          >
            ⚙
          </button>
        </nav>
      </header>
      <div class="search">
        <label class="visually-hidden" for="gloss-search">
          {i18n.t('common.search')}
        </label>
        <input
          id="gloss-search"
          type="search"
          placeholder={i18n.t('popup.searchPlaceholder')}
          value={query}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
        />
      </div>
      {error && (
        <p class="error banner" role="alert">
          {error}
        </p>
      )}
      {deleted && (
        <p class="status banner undo" role="status">
          <span>
            {i18n.t('common.deleted', {
              text: deleted.quote.length > 60 ? `${deleted.quote.slice(0, 60)}…` : deleted.quote,
            })}
          </span>
          <button type="button" class="link" onClick={undoDelete}>
            {i18n.t('common.undo')}
          </button>
        </p>
      )}
      {view === 'page' && !results && current?.pageUrl && (
        <>
          <p class="current-title" title={current.pageUrl}>
            {current.title || current.pageUrl}
          </p>
          <SiteSwitch api={api} pageUrl={current.pageUrl} />
        </>
      )}
      <main>{body}</main>
      <footer class="bottom">
        <Transfer
          api={api}
          onImported={() => {
            void reload();
            void refreshSearch();
          }}
        />
      </footer>
    </div>
  );
}

/**
 * Gloss on or off on the current page's site, in one click. Turning it off takes effect at once (pages with
 * Gloss running stand down); a page loaded while Gloss was off needs a reload to offer highlights again.
 */
function SiteSwitch({ api, pageUrl }: { api: PopupApi; pageUrl: string }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [turnedOn, setTurnedOn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.settings().then(setSettings, (e: unknown) => setError(messageOf(e)));
  }, [api]);
  const site = siteKey(pageUrl);
  if (!settings || !site) return null;
  const off = settings.offSites.includes(site);
  const toggle = async () => {
    setError(null);
    try {
      const offSites = off ? settings.offSites.filter((s) => s !== site) : [...settings.offSites, site];
      setSettings(await api.saveSettings({ offSites }));
      setTurnedOn(off);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <p class={`site-switch${off ? ' off' : ''}`}>
      <span>{off ? i18n.t('popup.siteOff', { site }) : i18n.t('popup.siteOn', { site })}</span>
      <button type="button" class="link" onClick={() => void toggle()}>
        {off ? i18n.t('popup.turnOn') : i18n.t('popup.turnOff')}
      </button>
      {turnedOn && (
        <button type="button" class="link" onClick={() => api.reloadTab()}>
          {i18n.t('popup.reload')}
        </button>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </p>
  );
}
