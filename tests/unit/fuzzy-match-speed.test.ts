import approxSearch from 'approx-string-match';
import { expect, it, describe as suite } from 'vitest';
import { approxMatches, findCandidates, leastEdits, type Span } from '../../annotator/fuzzy-match';
// The benchmark's seeded generator, so a failure can be replayed.
import { rngFor } from '../../scripts/bench/anchoring-scenarios';

/**
 * The matcher's faster paths (its own Myers alignment instead of approx-string-match, searches through a rare
 * character of each needle) must give exactly what the library and plain indexOf gave: the anchoring rules are
 * tuned on those results. Checked against the library on random strings, since hand-picked cases would miss
 * the block boundaries (patterns over 32 and 64 characters) and surrogate pairs where a bit-parallel port slips.
 */

const ALPHABETS = ['ab', 'abc ', 'abcdefghij ', 'aé€😀 b', 'the quick brown fox', 'ÿĀāabc', 'a'];

function randomCase(next: () => number, i: number) {
  const alphabet = ALPHABETS[i % ALPHABETS.length] as string;
  const pick = (n: number) => {
    let s = '';
    for (let k = 0; k < n; k++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  };
  const pattern = pick(1 + Math.floor(next() * (next() < 0.3 ? 150 : 60)));
  let text = pick(Math.floor(next() * (next() < 0.3 ? 300 : 100)));
  if (next() < 0.6) {
    // An edited copy of the pattern, sometimes twice, so there are close matches to find and ties to break.
    const copy = pattern.split('');
    const edits = Math.floor(next() * 6);
    for (let k = 0; k < edits; k++) {
      const at = Math.floor(next() * copy.length);
      const ch = alphabet[Math.floor(next() * alphabet.length)] as string;
      const r = next();
      if (r < 0.33) copy[at] = ch;
      else if (r < 0.66) copy.splice(at, 1);
      else copy.splice(at, 0, ch);
    }
    const at = Math.floor(next() * (text.length + 1));
    text = text.slice(0, at) + copy.join('') + text.slice(at);
    if (next() < 0.3) text += copy.join('');
  }
  return { pattern, text, pick };
}

suite('alignment agrees with approx-string-match', () => {
  it('least edits: the lowest error count the library reports', () => {
    const next = rngFor('least-edits');
    for (let i = 0; i < 4000; i++) {
      const { pattern, text } = randomCase(next, i);
      if (text.length === 0) continue;
      const want = approxSearch(text, pattern, pattern.length)[0]?.errors ?? pattern.length;
      expect(leastEdits(text, pattern), JSON.stringify({ text, pattern })).toBe(want);
    }
  });

  it('matches in a window of a longer text: the same starts, ends, errors and order', () => {
    const next = rngFor('approx-matches');
    for (let i = 0; i < 4000; i++) {
      const { pattern, text, pick } = randomCase(next, i);
      const before = pick(Math.floor(next() * 20));
      const page = before + text + pick(Math.floor(next() * 20));
      const maxErrors = Math.floor(next() * (pattern.length + 3));
      const want = approxSearch(text, pattern, maxErrors);
      const got = approxMatches(page, before.length, before.length + text.length, pattern, maxErrors);
      expect(got, JSON.stringify({ text, pattern, maxErrors })).toEqual(want);
    }
  });

  it('patterns spanning several 32-character blocks', () => {
    const pattern = 'The council voted on Tuesday to close the old bridge for repairs this summer.';
    const edited = pattern.replace('Tuesday', 'Wednesday').replace('repairs', 'repair');
    const text = `Minutes of the meeting. ${edited} Residents objected. ${pattern.slice(0, 40)}`;
    const want = approxSearch(text, pattern, 20);
    expect(want.length).toBeGreaterThan(0);
    expect(approxMatches(text, 0, text.length, pattern, 20)).toEqual(want);
    expect(leastEdits(text, pattern)).toBe(want[0]?.errors);
  });
});

suite('candidates are the ones the library-based search found', () => {
  // A page where the quote's pieces start with common characters (spaces, "e") and recur, edited copies of the
  // quote are scattered, and the context keys occur more than once.
  const sentence = 'the measure passed easily and the senate adjourned early ';
  const filler = (n: number) =>
    Array.from({ length: n }, (_, i) => `${sentence}${i % 7 === 0 ? 'Zeal ' : ''}`);
  const quote = 'the senate adjourned early after the vote on the harbour levy';
  const page = [
    ...filler(40),
    `Reporters said ${quote} and went home.`,
    ...filler(25),
    'Later, the senate adjourned earlyy after the vote on the harbor levy, aides said.',
    ...filler(40),
    `Reporters said ${quote.replace('vote', 'votes')} and left.`,
    ...filler(10),
  ].join(' ');
  const edited = quote.replace('harbour', 'harbor').replace('adjourned early', 'adjourned earlyy');
  const at = page.indexOf('the senate adjourned earlyy');
  const whole = { start: 0, end: page.length };

  // [start, end, errors, score] of every candidate, best first, as findCandidates returned them when it used
  // approx-string-match and plain indexOf throughout.
  const cases: [string, string, { prefix: string; suffix: string; hint?: number }, Span, number[][]][] = [
    [
      'exact quote, context of the copy with an edit',
      quote,
      { prefix: 'Reporters said ', suffix: ' and left.' },
      whole,
      [
        [6359, 6421, 1, 0.9918032786885246],
        [2365, 2426, 0, 0.9279999999999999],
        [3919, 3980, 2, 0.6636065573770492],
      ],
    ],
    ['edited quote', edited, { prefix: 'Later, ', suffix: ', aides said.' }, whole, [[3919, 3980, 0, 1]]],
    [
      'the quote in a sub-span holding only an edited copy',
      quote,
      { prefix: 'Later, ', suffix: ', aides said.' },
      { start: at - 200, end: at + 300 },
      [[3919, 3980, 2, 0.9836065573770492]],
    ],
    [
      'quote changed at both ends, with a hint',
      'The senate adjourned early after the vote on the harbour levies',
      { prefix: 'Reporters said ', suffix: ' and went home.', hint: 3000 },
      whole,
      [
        [2365, 2425, 4, 0.9664451091170931],
        [6359, 6420, 5, 0.838749022772951],
        [3919, 3979, 6, 0.6297630916773489],
      ],
    ],
    [
      'short quote with many copies',
      'adjourned early',
      { prefix: 'and the senate ', suffix: ' the measure', hint: 500 },
      whole,
      [
        [515, 530, 0, 0.9999572710440108],
        [573, 588, 0, 0.999792052414186],
        [394, 409, 0, 0.9996980487110098],
        [631, 646, 0, 0.9996268337843612],
        [336, 351, 0, 0.999532830081185],
        [689, 704, 0, 0.9994616151545364],
        [278, 293, 0, 0.9993676114513602],
        [220, 235, 0, 0.9992023928215353],
        [162, 177, 0, 0.9990371741917106],
        [104, 119, 0, 0.9988719555618858],
        [452, 467, 0, 0.9198632673408347],
        [41, 56, 0, 0.9186924939467312],
      ],
    ],
  ];
  for (const [name, q, ctx, span, want] of cases) {
    it(name, () => {
      const got = findCandidates(page, q, ctx, span).map((c) => [c.start, c.end, c.errors, c.score]);
      expect(got).toEqual(want);
    });
  }

  it('gives the same candidates for the same text whether or not another text was searched in between', () => {
    const ctx = { prefix: 'Reporters said ', suffix: ' and left.' };
    const first = findCandidates(page, quote, ctx, whole);
    const other = 'an unrelated page about the senate and the vote';
    findCandidates(other, 'the vote', { prefix: '', suffix: '' }, { start: 0, end: other.length });
    expect(findCandidates(page, quote, ctx, whole)).toEqual(first);
  });
});
