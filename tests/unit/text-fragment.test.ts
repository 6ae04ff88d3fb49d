import { describe, expect, it } from 'vitest';
import { passageLink, textDirective } from '../../storage/text-fragment';

describe('textDirective', () => {
  const cases: { name: string; passage: Parameters<typeof textDirective>[0]; directive: string | null }[] = [
    { name: 'a short quote alone', passage: { exact: 'rates will rise' }, directive: 'rates%20will%20rise' },
    {
      name: 'whole words of context on each side, the cut word at the far edge dropped',
      passage: { exact: 'rates will rise', prefix: 'tral bank said that ', suffix: ' next spring, anal' },
      directive: 'bank%20said%20that-,rates%20will%20rise,-next%20spring%2C',
    },
    {
      name: 'a quote cut inside words is widened to the whole words',
      passage: { exact: 'ates will ri', prefix: 'said that r', suffix: 'se next year' },
      // The far words of both contexts may have been cut at the context's width: they are left out.
      directive: 'that-,rates%20will%20rise,-next',
    },
    {
      name: 'a long quote by its first and last words',
      passage: { exact: 'one two three four five six seven eight nine ten eleven twelve' },
      directive: 'one%20two%20three%20four,nine%20ten%20eleven%20twelve',
    },
    {
      name: 'the directive syntax characters inside terms are encoded',
      passage: { exact: 'Smith-Jones, & co.' },
      directive: 'Smith%2DJones%2C%20%26%20co.',
    },
    {
      name: 'line breaks and runs of spaces become single spaces',
      passage: { exact: 'first line\n\n  second   line' },
      directive: 'first%20line%20second%20line',
    },
    { name: 'a quote of only spaces has no directive', passage: { exact: '  \n ' }, directive: null },
    {
      name: 'punctuation next to the quote is not a cut word',
      passage: { exact: 'Yes', prefix: 'He said: "', suffix: '", and left' },
      directive: 'said%3A%20%22-,Yes,-%22%2C%20and',
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(textDirective(c.passage)).toBe(c.directive));
  }
});

describe('passageLink', () => {
  it('drops the page fragment and uses the saved quote selector', () => {
    expect(
      passageLink('https://news.example/story#comments', 'will rise', [
        { type: 'TextPositionSelector', start: 4, end: 13 },
        { type: 'TextQuoteSelector', exact: 'will rise', prefix: 'that rates ', suffix: '.' },
      ]),
    ).toBe('https://news.example/story#:~:text=rates-,will%20rise,-.');
  });

  it('finds a quote selector refining another selector', () => {
    expect(
      passageLink('https://news.example/story', 'x', [
        { type: 'CssSelector', value: 'p', refinedBy: { type: 'TextQuoteSelector', exact: 'the quote' } },
      ]),
    ).toBe('https://news.example/story#:~:text=the%20quote');
  });

  it('falls back to the quote, and to the bare address for a quote without words', () => {
    expect(passageLink('https://news.example/a', 'a quote')).toBe('https://news.example/a#:~:text=a%20quote');
    expect(passageLink('https://news.example/a', ' ')).toBe('https://news.example/a');
  });
});
