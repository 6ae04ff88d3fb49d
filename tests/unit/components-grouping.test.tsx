import { describe, expect, it } from 'vitest';
import { groupByRegion } from '../../components/grouping';
import type { Annotation, AnnotationRegion } from '../../storage/annotation';

let n = 0;
function ann(region: AnnotationRegion, overrides: Partial<Annotation> = {}): Annotation {
  n += 1;
  return {
    id: `id-${n}`,
    pageUrl: 'https://news.example/story',
    pageTitle: 'Story',
    region,
    selectors: [{ type: 'TextQuoteSelector', exact: `quote ${n}` }],
    quote: `quote ${n}`,
    note: '',
    color: 'yellow',
    tags: [],
    createdAt: n,
    updatedAt: n,
    anchored: true,
    ...overrides,
  };
}

const comment = (author: string | null): AnnotationRegion => ({ kind: 'comment', author, commentKey: null });

describe('groupByRegion', () => {
  it('puts the article first, then each commenter in first-highlighted order, then the page, then orphans', () => {
    const orphan = ann({ kind: 'article' }, { anchored: false });
    const page = ann({ kind: 'page' });
    const bo1 = ann(comment('Bo'));
    const art1 = ann({ kind: 'article' });
    const ada = ann(comment('Ada'));
    const bo2 = ann(comment('Bo'));
    const art2 = ann({ kind: 'article' });
    const groups = groupByRegion([orphan, page, bo1, art1, ada, bo2, art2]);
    expect(groups.map((g) => [g.key, g.title, g.annotations.map((a) => a.id)])).toEqual([
      ['article', 'Article', [art1.id, art2.id]],
      ['comment:Bo', 'Comments · Bo', [bo1.id, bo2.id]],
      ['comment:Ada', 'Comments · Ada', [ada.id]],
      ['page', 'Elsewhere on the page', [page.id]],
      ['orphaned', 'Orphaned', [orphan.id]],
    ]);
  });

  it("gathers comments without an author (or a blank one) under 'Unknown commenter'", () => {
    const a = ann(comment(null));
    const b = ann(comment('   '));
    const c = ann(comment(''));
    expect(groupByRegion([a, b, c])).toEqual([
      { key: 'comment:Unknown commenter', title: 'Comments · Unknown commenter', annotations: [a, b, c] },
    ]);
  });

  it('treats an author with surrounding spaces as the same commenter', () => {
    const a = ann(comment('Ada'));
    const b = ann(comment(' Ada '));
    expect(groupByRegion([a, b]).map((g) => g.annotations.length)).toEqual([2]);
  });

  it('lists an orphaned comment under Orphaned only, never under its author', () => {
    const lost = ann(comment('Ada'), { anchored: false });
    expect(groupByRegion([lost]).map((g) => g.key)).toEqual(['orphaned']);
  });

  it('leaves out empty groups', () => {
    expect(groupByRegion([])).toEqual([]);
    expect(groupByRegion([ann({ kind: 'page' })]).map((g) => g.key)).toEqual(['page']);
  });
});
