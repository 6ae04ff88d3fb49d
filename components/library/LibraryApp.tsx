import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { LibraryPage, PageSummary, StoriesPage } from '../../messaging/protocol';
import type { Annotation } from '../../storage/annotation';
import { formatCount, highlightCount, storyCount } from '../format';
import { Transfer } from '../Transfer';
import type { LibraryApi } from './api';
import { Filters } from './Filters';
import { PAGE_ROWS, usePagedRows } from './paged-rows';
import { AnnotationRow, StoryRow } from './rows';
import { SelectionBar } from './SelectionBar';
import { StoryView } from './StoryView';
import { TagManager } from './TagManager';
import { MARKS, mark, measureSince } from './timing';
import { VirtualList } from './VirtualList';
import { isSearching, type ViewState } from './view-state';

/** Row heights in px, fixed so the list can place any of 100,000 rows without measuring them. */
const STORY_ROW_PX = 68;
const HIT_ROW_PX = 112;
/** Changes elsewhere come in bursts (an import's chunks): one reload answers a burst. */
const CHANGE_SETTLE_MS = 300;

interface Results<T> {
  key: string;
  total: number;
  first: T[];
}

interface SearchResults extends Results<Annotation> {
  allTerms: number;
  terms: string[];
}

function keyOf(view: ViewState, generation: number): string {
  return JSON.stringify([view.text, view.filters, generation]);
}

/**
 * The reader's library: every story with highlights, newest activity first; search as you type and filters
 * over all highlights, with the matches marked and the total; one story's highlights; import and export.
 * Lists are virtualised (see VirtualList), so a library of any size shows at once and scrolls flat.
 */
export function LibraryApp({ api, initial }: { api: LibraryApi; initial: ViewState }) {
  const [view, setView] = useState(initial);
  /** Bumped when annotations change elsewhere: the lists reload. */
  const [generation, setGeneration] = useState(0);
  const [stories, setStories] = useState<Results<PageSummary> | null>(null);
  const [hits, setHits] = useState<SearchResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef('');
  const searching = isSearching(view);
  /** Highlights picked in the search results for a bulk action; a new search starts a new selection. */
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const selectionKey = JSON.stringify([view.text, view.filters]);
  useEffect(() => setSelected(new Set()), [selectionKey]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => setGeneration((g) => g + 1), CHANGE_SETTLE_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [api]);

  useEffect(() => {
    const onPop = (e: PopStateEvent) => {
      if (e.state && typeof e.state === 'object') setView(e.state as ViewState);
    };
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  /**
   * Asks for the list `shown` needs; answers to an older question are dropped. Called from the input handler
   * itself (not an effect, which would wait for the next paint) and, for loads and changes made elsewhere,
   * from the effect below.
   */
  const load = (shown: ViewState, gen: number) => {
    const key = keyOf(shown, gen);
    if (asked.current === key) return;
    asked.current = key;
    const answer = (apply: () => void) => {
      if (asked.current === key) apply();
    };
    const failed = (e: unknown) => answer(() => setError(e instanceof Error ? e.message : String(e)));
    if (shown.story) return;
    if (isSearching(shown)) {
      api
        .search(shown.text, shown.filters, 0, PAGE_ROWS)
        .then((page: LibraryPage) =>
          answer(() => {
            setError(null);
            setHits({
              key,
              total: page.total,
              allTerms: page.allTerms,
              terms: page.terms,
              first: page.items,
            });
          }),
        )
        .catch(failed);
    } else {
      api
        .stories(0, PAGE_ROWS)
        .then((page: StoriesPage) =>
          answer(() => {
            setError(null);
            setStories({ key, total: page.total, first: page.pages });
          }),
        )
        .catch(failed);
    }
  };

  useEffect(() => load(view, generation), [api, view.text, view.filters, view.story, generation]);

  // The benchmark's marks: the first list on screen, and each keystroke's results on screen.
  useEffect(() => {
    if (stories || hits) {
      if (performance.getEntriesByName(MARKS.firstList).length === 0) mark(MARKS.firstList);
    }
    if (hits && hits.key === asked.current) measureSince(MARKS.searchRendered, MARKS.keystroke);
  }, [stories, hits]);

  const change = (next: ViewState, push: boolean) => {
    load(next, generation);
    setView(next);
    api.showView(next, push);
  };

  const fetchHits = useCallback(
    async (offset: number, limit: number) => (await api.search(view.text, view.filters, offset, limit)).items,
    [api, view.text, view.filters],
  );
  const fetchStories = useCallback(
    async (offset: number, limit: number) => (await api.stories(offset, limit)).pages,
    [api],
  );
  const hitRows = usePagedRows(hits?.key ?? '', hits?.first ?? [], fetchHits);
  const storyRows = usePagedRows(stories?.key ?? '', stories?.first ?? [], fetchStories);

  // While a new search is on its way the previous results stay up, so the list does not flash empty.
  const shownHits = searching ? hits : null;

  return (
    <div class="library">
      <header class="library-head">
        <h1>{i18n.t('library.title')}</h1>
        <input
          type="search"
          aria-label={i18n.t('common.search')}
          placeholder={i18n.t('library.searchPlaceholder')}
          value={view.text}
          onInput={(e) => {
            mark(MARKS.keystroke);
            change({ ...view, text: (e.currentTarget as HTMLInputElement).value, story: null }, false);
          }}
        />
        <Transfer api={api} />
      </header>
      <Filters
        api={api}
        filters={view.filters}
        onChange={(filters) => change({ ...view, filters, story: null }, true)}
      />
      <TagManager
        api={api}
        generation={generation}
        onShowTag={(tag) => change({ ...view, filters: { ...view.filters, tag }, story: null }, true)}
      />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {view.story ? (
        <StoryView
          api={api}
          url={view.story}
          generation={generation}
          onBack={() => change({ ...view, story: null }, true)}
          onTag={(tag) => change({ text: '', filters: { tag }, story: null }, true)}
        />
      ) : searching ? (
        <section class="results" aria-label={i18n.t('library.results')}>
          <p role="status" class="count">
            {shownHits ? describeHits(shownHits) : i18n.t('library.searching')}
          </p>
          {shownHits && (
            <SelectionBar
              api={api}
              selected={selected}
              total={shownHits.total}
              query={{ text: view.text, filters: view.filters }}
              onSelect={setSelected}
            />
          )}
          {shownHits && (
            <VirtualList
              label={i18n.t('library.highlights')}
              total={shownHits.total}
              rowHeight={HIT_ROW_PX}
              resetKey={shownHits.key}
              onRange={hitRows.ensure}
              onToggle={(i) => {
                const a = hitRows.row(i);
                if (a) toggle(a.id);
              }}
              renderRow={(i) => {
                const a = hitRows.row(i);
                return (
                  <AnnotationRow
                    annotation={a}
                    terms={shownHits.terms}
                    selected={a ? selected.has(a.id) : false}
                    onToggle={a ? () => toggle(a.id) : undefined}
                  />
                );
              }}
              onActivate={(i) => {
                const a = hitRows.row(i);
                if (a) void api.openAt(a.pageUrl, a.id).catch((e: unknown) => setError(String(e)));
              }}
            />
          )}
        </section>
      ) : (
        <section class="results" aria-label={i18n.t('library.stories')}>
          <p role="status" class="count">
            {stories ? storyCount(stories.total) : i18n.t('common.loading')}
          </p>
          {stories && (
            <VirtualList
              label={i18n.t('library.stories')}
              total={stories.total}
              rowHeight={STORY_ROW_PX}
              resetKey={stories.key}
              onRange={storyRows.ensure}
              renderRow={(i) => <StoryRow story={storyRows.row(i)} />}
              onActivate={(i) => {
                const story = storyRows.row(i);
                if (story) change({ ...view, story: story.url }, true);
              }}
            />
          )}
        </section>
      )}
    </div>
  );
}

function describeHits(hits: SearchResults): string {
  const total = highlightCount(hits.total);
  if (hits.terms.length < 2 || hits.allTerms === hits.total) return total;
  return i18n.t('library.allWords', { highlights: total, count: formatCount(hits.allTerms) });
}
