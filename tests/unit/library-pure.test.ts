import { describe, expect, it } from 'vitest';
import { chunkItems } from '../../components/import-chunks';
import { markMatches } from '../../components/library/marks';
import { EMPTY_VIEW, isSearching, parseView, viewSearch } from '../../components/library/view-state';

describe('markMatches', () => {
  it('marks whole words that start with a term, folding accents and case as the index does', () => {
    expect(markMatches('Café owners, cafeteria', ['cafe'])).toEqual([
      { text: 'Café', match: true },
      { text: ' owners, ', match: false },
      { text: 'cafeteria', match: true },
    ]);
  });

  it('leaves text without matches (or without terms) in one piece', () => {
    expect(markMatches('nothing here', ['zebra'])).toEqual([{ text: 'nothing here', match: false }]);
    expect(markMatches('anything', [])).toEqual([{ text: 'anything', match: false }]);
  });

  it('keeps every character of the text, in order', () => {
    const text = '  «The» theatre, then—THE end!  ';
    expect(
      markMatches(text, ['th'])
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
    expect(
      markMatches(text, ['th'])
        .filter((s) => s.match)
        .map((s) => s.text),
    ).toEqual(['The', 'theatre', 'then', 'THE']);
  });
});

describe('view state in the address', () => {
  it('round-trips search, every filter and the open story', () => {
    const view = {
      text: 'climate #local',
      filters: {
        color: 'pink' as const,
        tag: 'local news',
        region: 'comment' as const,
        commenter: 'Ada L.',
        site: 'example.com',
        from: Date.UTC(2024, 0, 1),
        to: Date.UTC(2024, 1, 1),
      },
      story: 'https://example.com/a?b=1',
    };
    expect(parseView(viewSearch(view))).toEqual(view);
  });

  it('makes the last day of a range inclusive: to=2024-01-31 ends at the next midnight', () => {
    expect(parseView('?from=2024-01-01&to=2024-01-31').filters).toEqual({
      from: Date.UTC(2024, 0, 1),
      to: Date.UTC(2024, 1, 1),
    });
  });

  it('drops what it does not understand', () => {
    expect(parseView('?color=mauve&region=footer&from=yesterday&to=2024-13-45&tag=%20&other=1')).toEqual(
      EMPTY_VIEW,
    );
    expect(viewSearch(EMPTY_VIEW)).toBe('');
  });

  it('searches when there is text or a filter, lists stories otherwise', () => {
    expect(isSearching(EMPTY_VIEW)).toBe(false);
    expect(isSearching({ ...EMPTY_VIEW, text: '  ' })).toBe(false);
    expect(isSearching({ ...EMPTY_VIEW, filters: { color: 'blue' } })).toBe(true);
  });
});

describe('chunkItems', () => {
  it('cuts by size and by count, in file order, losing nothing', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ n: i, pad: 'x'.repeat(i === 4 ? 200 : 10) }));
    const chunks = [...chunkItems(items, 100, 3)];
    expect(chunks.flatMap((c) => c.items)).toEqual(items);
    for (const c of chunks) expect(c.items.length).toBeLessThanOrEqual(3);
    expect(chunks.map((c) => c.firstIndex)).toEqual(
      chunks.map((c) => items.indexOf(c.items[0] as (typeof items)[number])),
    );
    // The oversized item travels alone.
    expect(chunks.find((c) => c.items.includes(items[4]))?.items).toEqual([items[4]]);
  });

  it('makes no chunk of an empty file', () => {
    expect([...chunkItems([])]).toEqual([]);
  });
});
