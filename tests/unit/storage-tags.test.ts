import { describe, expect, it } from 'vitest';
import { formatTagInput, parseSearchQuery, parseTagInput, tagQuery } from '../../storage/tags';

describe('tags typed in an editor', () => {
  it.each([
    ['', []],
    [' , ,', []],
    ['climate', ['climate']],
    ['climate, local  politics ,', ['climate', 'local politics']],
    ['#climate, ##budget', ['climate', 'budget']],
    ['Climate, climate, CLIMATE', ['Climate']],
    ['say "hi", x', ['say hi', 'x']],
  ])('%j -> %j', (input, tags) => {
    expect(parseTagInput(input)).toEqual(tags);
  });

  it('reads back what it shows', () => {
    const tags = ['climate', 'local politics', 'Ünïcode'];
    expect(parseTagInput(formatTagInput(tags))).toEqual(tags);
  });
});

describe('#tag terms in a search', () => {
  it.each([
    ['council vote', [], 'council vote'],
    ['#climate', ['climate'], ''],
    ['floods #climate valley', ['climate'], 'floods valley'],
    ['#"local politics" council', ['local politics'], 'council'],
    ['#"unfinished', ['unfinished'], ''],
    ['#a #A #b', ['a', 'b'], ''],
    ['issue#3 and # alone', [], 'issue#3 and # alone'],
  ])('%j', (query, tags, words) => {
    expect(parseSearchQuery(query)).toEqual({ tags, words });
  });

  it('tagQuery names a tag the way parseSearchQuery reads it', () => {
    for (const tag of ['climate', 'local politics', 'c++', 'Über']) {
      expect(parseSearchQuery(tagQuery(tag)).tags).toEqual([tag]);
    }
  });
});
