// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BulkAction, LibraryApi } from '../../components/library/api';
import { LibraryApp } from '../../components/library/LibraryApp';
import { EMPTY_VIEW } from '../../components/library/view-state';
import type { LibraryFilters, PageSummary } from '../../messaging/protocol';
import type { Annotation } from '../../storage/annotation';
import { fakeNotes } from './fake-notes';
import { fakeTransfer } from './fake-transfer';

const STORY = 'https://news.example/harbour';

function ann(id: string, quote: string, overrides: Partial<Annotation> = {}): Annotation {
  return {
    id,
    pageUrl: STORY,
    pageTitle: 'Harbour board meets',
    region: { kind: 'article' },
    selectors: [{ type: 'TextQuoteSelector', exact: quote }],
    quote,
    note: '',
    color: 'yellow',
    tags: [],
    createdAt: Date.UTC(2025, 0, 1),
    updatedAt: Date.UTC(2025, 0, 1),
    anchored: true,
    ...overrides,
  };
}

const STORE = [
  ann('a', 'The lighthouse lease runs out', { color: 'pink', note: 'ask the clerk' }),
  ann('b', 'The ferry timetable changes', { color: 'blue' }),
  ann('c', 'A lighthouse keeper spoke', {
    color: 'blue',
    pageUrl: 'https://other.example/x',
    pageTitle: 'Keepers',
  }),
];

/** An in-memory LibraryApi: a substring search standing in for the index, every call recorded. */
function fakeApi() {
  const matches = (a: Annotation, text: string, filters: LibraryFilters) =>
    (!filters.color || a.color === filters.color) &&
    a.quote.toLowerCase().includes(text.trim().toLowerCase());
  const state = { store: [...STORE] };
  const stories: PageSummary[] = [
    { url: STORY, title: 'Harbour board meets', updatedAt: Date.UTC(2025, 0, 2), count: 2 },
    { url: 'https://other.example/x', title: 'Keepers', updatedAt: Date.UTC(2025, 0, 1), count: 1 },
  ];
  return {
    stories: vi.fn(async (offset: number, limit: number) => ({
      total: stories.length,
      offset,
      pages: stories.slice(offset, offset + limit),
    })),
    search: vi.fn(async (text: string, filters: LibraryFilters, offset: number, limit: number) => {
      const hits = STORE.filter((a) => matches(a, text, filters));
      return {
        total: hits.length,
        allTerms: hits.length,
        terms: text.trim() ? [text.trim().toLowerCase()] : [],
        offset,
        items: hits.slice(offset, offset + limit),
      };
    }),
    facets: vi.fn(async () => []),
    storyAnnotations: vi.fn(async (url: string) => state.store.filter((a) => a.pageUrl === url)),
    ...fakeNotes(state),
    headlines: vi.fn(async (url: string) =>
      url === STORY
        ? [
            { title: 'Harbour board to meet', seenAt: Date.UTC(2025, 0, 1) },
            { title: 'Harbour board meets', seenAt: Date.UTC(2025, 0, 2) },
          ]
        : [],
    ),
    openAt: vi.fn(async () => {}),
    ...fakeTransfer(),
    editTag: vi.fn(async (_from: string, _to: string | null) => ({ changed: 2, batchId: 'batch-tags' })),
    resultIds: vi.fn(async (_text: string, _filters: LibraryFilters) => STORE.map((a) => a.id)),
    getAnnotations: vi.fn(async (ids: string[]) => STORE.filter((a) => ids.includes(a.id))),
    bulk: vi.fn(async (ids: string[], _action: BulkAction, batchId: string | null) => ({
      changed: ids.length,
      batchId: batchId ?? 'batch-bulk',
    })),
    onChange: vi.fn(() => () => {}),
    showView: vi.fn(),
  } satisfies LibraryApi;
}

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('LibraryApp', () => {
  it('lists the stories with their total', async () => {
    const api = fakeApi();
    render(<LibraryApp api={api} initial={EMPTY_VIEW} />);
    const list = await screen.findByRole('list', { name: 'Stories' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(within(list).getAllByRole('listitem')[0]?.textContent).toContain('Harbour board meets');
    expect(screen.getByText('2 stories')).toBeTruthy();
  });

  it('searches as the reader types, marks the matches and keeps the text in the address', async () => {
    const api = fakeApi();
    render(<LibraryApp api={api} initial={EMPTY_VIEW} />);
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: 'lighthouse' } });
    expect(api.search).toHaveBeenCalledWith('lighthouse', {}, 0, expect.any(Number));
    expect(api.showView).toHaveBeenLastCalledWith({ text: 'lighthouse', filters: {}, story: null }, false);
    const list = await screen.findByRole('list', { name: 'Highlights' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(screen.getByText('2 highlights')).toBeTruthy();
    expect(list.querySelectorAll('mark')).toHaveLength(2);
    expect([...list.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
      'lighthouse',
      'lighthouse',
    ]);
  });

  it('combines a filter with the search, makes a history entry for it, and clears it', async () => {
    const api = fakeApi();
    render(<LibraryApp api={api} initial={{ ...EMPTY_VIEW, text: 'lighthouse' }} />);
    await screen.findByText('2 highlights');
    fireEvent.change(screen.getByRole('combobox', { name: 'Colour' }), { target: { value: 'blue' } });
    expect(api.search).toHaveBeenLastCalledWith('lighthouse', { color: 'blue' }, 0, expect.any(Number));
    expect(api.showView).toHaveBeenLastCalledWith(
      { text: 'lighthouse', filters: { color: 'blue' }, story: null },
      true,
    );
    await screen.findByText('1 highlight');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await screen.findByText('2 highlights');
  });

  it('opens a story with Enter, and goes back to the stories', async () => {
    const api = fakeApi();
    render(<LibraryApp api={api} initial={EMPTY_VIEW} />);
    const list = await screen.findByRole('list', { name: 'Stories' });
    const [first] = await within(list).findAllByRole('listitem');
    fireEvent.keyDown(first as HTMLElement, { key: 'Enter' });
    await screen.findByRole('region', { name: 'Highlights of Harbour board meets' });
    expect(api.storyAnnotations).toHaveBeenCalledWith(STORY);
    // Each highlight is a card: its quote opens the story at the passage.
    expect(screen.getAllByTitle('Open the story at this passage')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Back to stories' }));
    await screen.findByRole('list', { name: 'Stories' });
  });

  it("edits, deletes (with Undo) and notes a story's highlights in its view, and writes its page note", async () => {
    const api = fakeApi();
    render(<LibraryApp api={api} initial={{ ...EMPTY_VIEW, story: STORY }} />);
    const view = await screen.findByRole('region', { name: 'Highlights of Harbour board meets' });
    const lease = (await within(view).findByText('The lighthouse lease runs out')).closest(
      'li',
    ) as HTMLElement;
    fireEvent.click(within(lease).getByRole('button', { name: 'Edit' }));
    fireEvent.input(within(lease).getByLabelText('Note'), { target: { value: 'ask the harbour master' } });
    fireEvent.click(within(lease).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.update).toHaveBeenCalledWith(
        'a',
        { note: 'ask the harbour master', color: 'pink', tags: [] },
        Date.UTC(2025, 0, 1),
      ),
    );
    expect(await within(view).findByText('ask the harbour master')).toBeTruthy();

    const ferry = within(view).getByText('The ferry timetable changes').closest('li') as HTMLElement;
    fireEvent.click(within(ferry).getByRole('button', { name: /^Delete highlight/ }));
    await waitFor(() => expect(within(view).queryByText('The ferry timetable changes')).toBeNull());
    fireEvent.click(within(view).getByRole('button', { name: 'Undo' }));
    expect(await within(view).findByText('The ferry timetable changes')).toBeTruthy();

    const note = within(view).getByRole('region', { name: 'Page note' });
    fireEvent.click(within(note).getByRole('button', { name: 'Add a note on this story' }));
    fireEvent.input(within(note).getByLabelText('Page note'), {
      target: { value: 'Lease renewal due in May' },
    });
    fireEvent.click(within(note).getByRole('button', { name: 'Save' }));
    expect(await within(note).findByText('Lease renewal due in May')).toBeTruthy();
    expect(api.createPageNote).toHaveBeenCalledWith(
      STORY,
      'Harbour board meets',
      'Lease renewal due in May',
      [],
    );
    // The story's earlier headline is kept.
    expect(within(view).getByText('The headline changed once since Gloss first saw this story')).toBeTruthy();
    expect(within(view).getByText(/Harbour board to meet/)).toBeTruthy();
    // The page note is above the highlights, not among them.
    const highlights = within(view).getByRole('region', { name: 'Highlights' });
    expect(within(highlights).queryByText('Lease renewal due in May')).toBeNull();
  });
});
