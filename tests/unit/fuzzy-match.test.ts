import { expect, it, describe as suite } from 'vitest';
import {
  findCandidates,
  GAP_EDITS,
  nearCopies,
  prefixEdits,
  prefixSimilarity,
  suffixEdits,
  suffixSimilarity,
} from '../../annotator/fuzzy-match';

/**
 * A page's reading text with block edges marked: blocks joined by one space, each such space an edge (as
 * TextIndex.blockEdge marks them).
 */
function blocks(...parts: string[]): { text: string; edges: Uint8Array } {
  const text = parts.join(' ');
  const edges = new Uint8Array(text.length);
  let at = 0;
  for (const p of parts.slice(0, -1)) {
    at += p.length;
    edges[at] = 1;
    at += 1;
  }
  return { text, edges };
}

const quote = 'the old bridge must close';
const before = 'Residents packed the hall to hear why ';
const after = ' for repairs this summer, officials said.';

suite('context edits (absolute characters, whatever the context length)', () => {
  const cases: { name: string; page: { text: string; edges: Uint8Array }; prefix: number; suffix: number }[] =
    [
      {
        name: 'unchanged',
        page: blocks(`${before}${quote}${after}`),
        prefix: 0,
        suffix: 0,
      },
      {
        name: 'one letter changed on each side',
        page: blocks(`${before.replace('packed', 'pecked')}${quote}${after.replace('summer', 'summor')}`),
        prefix: 1,
        suffix: 1,
      },
      {
        name: 'a whole block inserted on each side',
        page: blocks(
          'Residents packed the hall',
          'Advertisement: buy now',
          `to hear why ${quote} for repairs`,
          'Sponsored',
          'this summer, officials said.',
        ),
        prefix: GAP_EDITS,
        suffix: GAP_EDITS,
      },
      {
        name: 'two blocks inserted at two places in the suffix',
        page: blocks(`${before}${quote} for repairs`, 'Ad one', 'this summer,', 'Ad two', 'officials said.'),
        prefix: 0,
        suffix: 2 * GAP_EDITS,
      },
      {
        // Only a few characters of context lie beyond each ad: too short to look up anywhere, found where the
        // ads begin and end.
        name: 'a block inserted a few characters short of each end of the context',
        page: blocks(
          'Residents',
          'Advertisement: the best mattress you will ever buy, now half price',
          `packed the hall to hear why ${quote} for repairs this summer, officials`,
          'Sponsored: a newsletter for people who like newsletters',
          'said.',
        ),
        prefix: GAP_EDITS,
        suffix: GAP_EDITS,
      },
    ];
  for (const c of cases) {
    it(c.name, () => {
      const { text, edges } = c.page;
      const start = text.indexOf(quote);
      const span = { start: 0, end: text.length };
      const opts = { edges, quote };
      expect(prefixEdits(text, before, start, span, opts)).toBe(c.prefix);
      expect(suffixEdits(text, after, start + quote.length, span, opts)).toBe(c.suffix);
    });
  }

  it('a block removed from the page inside the context counts as one run, on either side', () => {
    const prefix = `Opening words of the story here. A paragraph the editors removed later. ${before}`;
    const suffix = `${after} A sidebar that went away overnight. Closing words of the story.`;
    const { text, edges } = blocks(
      'Opening words of the story here.',
      `${before}${quote}${after}`,
      'Closing words of the story.',
    );
    const start = text.indexOf(quote);
    const span = { start: 0, end: text.length };
    const opts = { edges, quote };
    expect(prefixEdits(text, prefix, start, span, opts)).toBe(GAP_EDITS);
    expect(suffixEdits(text, suffix, start + quote.length, span, opts)).toBe(GAP_EDITS);
    // Without block edges nothing is skipped.
    expect(prefixEdits(text, prefix, start, span, { quote })).toBeGreaterThan(GAP_EDITS + 2);
  });

  it('a stretch gone from the context that held a copy of the quote is not a removed block', () => {
    // Recorded: [twin][passage][closing]; the passage's block deleted, the twin would read like it with the
    // passage's block "removed" from its suffix.
    const twin = `Earlier, ${quote} was the headline.`;
    const suffix = ` was the headline. ${before}${quote}${after} Closing words of the story.`;
    const { text, edges } = blocks(twin, 'Closing words of the story.');
    const at = text.indexOf(quote);
    const span = { start: 0, end: text.length };
    expect(suffixEdits(text, suffix, at + quote.length, span, { edges, quote })).toBeGreaterThan(
      GAP_EDITS + 2,
    );
  });

  it('three characters of context beyond an inserted block are the fewest looked for at its edge', () => {
    // The recorded context began inside "Keep reading" and ended inside "Contact us", as a cut context does.
    const { text, edges } = blocks(
      'Keep reading',
      'Advertisement: the best mattress you will ever buy, now half price',
      `Residents packed the hall to hear why ${quote} for repairs this summer, officials said.`,
      'Related stories: a newsletter for people who like newsletters',
      'Contact us',
    );
    const start = text.indexOf(quote);
    const span = { start: 0, end: text.length };
    const opts = { edges, quote };
    expect(prefixEdits(text, `ing ${before}`, start, span, opts)).toBe(GAP_EDITS);
    expect(suffixEdits(text, `${after} Con`, start + quote.length, span, opts)).toBe(GAP_EDITS);
    // Two are not: they count as what they are, two characters missing.
    expect(prefixEdits(text, `ng ${before}`, start, span, opts)).toBe(2);
  });

  it('a short block between two inserted runs counts with the context beyond it, on either side', () => {
    // "Dan Farber" (a byline, shorter than the 12 characters looked up) between two ads.
    const { text, edges } = blocks(
      'New Survey Results',
      'Advertisement: the best mattress you will ever buy, now half price',
      'Dan Farber',
      'Sponsored: a newsletter for people who like newsletters',
      `Residents packed the hall to hear why ${quote} for repairs this summer, officials said.`,
      'Related stories: a newsletter for people who like newsletters',
      'Holly Doremus',
      'Advertisement: the best mattress you will ever buy, now half price',
      'Ninth Circuit corrects itself',
    );
    const start = text.indexOf(quote);
    const end = start + quote.length;
    const span = { start: 0, end: text.length };
    const opts = { edges, quote };
    expect(prefixEdits(text, `rvey Results Dan Farber ${before}`, start, span, opts)).toBe(2 * GAP_EDITS);
    expect(suffixEdits(text, `${after} Holly Doremus Ninth Circ`, end, span, opts)).toBe(2 * GAP_EDITS);
    // Not a whole block where it is found ("Dan Farber" inside a sentence): the rest is not claimed that way.
    const inside = blocks(
      'New Survey Results',
      'Advertisement: the best mattress you will ever buy, now half price',
      'Written by Dan Farber',
      'Sponsored: a newsletter for people who like newsletters',
      `Residents packed the hall to hear why ${quote} for repairs this summer, officials said.`,
    );
    expect(
      prefixEdits(
        inside.text,
        `rvey Results Dan Farber ${before}`,
        inside.text.indexOf(quote),
        {
          start: 0,
          end: inside.text.length,
        },
        { edges: inside.edges, quote },
      ),
    ).toBeGreaterThan(2 * GAP_EDITS);
  });

  it('a few characters of context beyond an inserted block prove nothing unless they sit at its edge', () => {
    // "Residents" and "said." are in the skipped text, not where the inserted blocks begin and end.
    const { text, edges } = blocks(
      'Neighbours',
      'Advertisement: Residents of the area',
      `packed the hall to hear why ${quote} for repairs this summer, officials`,
      'Sponsored: said. Newsletter',
      'Comments',
    );
    const start = text.indexOf(quote);
    const span = { start: 0, end: text.length };
    expect(prefixEdits(text, before, start, span, { edges, quote })).toBeGreaterThan(GAP_EDITS + 2);
    expect(suffixEdits(text, after, start + quote.length, span, { edges, quote })).toBeGreaterThan(
      GAP_EDITS + 2,
    );
  });

  it('text skipped as "inserted" must not hold a copy of the quote (it would be that copy\'s context)', () => {
    // The lookalike's own block ends where the passage's did; the passage's next block follows a few blocks on.
    const { text, edges } = blocks(
      `Intro. Residents packed the hall to hear why ${quote} for repairs`,
      `Residents packed the hall to hear why ${quote} for repairs`,
      'this summer, officials said.',
    );
    const span = { start: 0, end: text.length };
    const first = text.indexOf(quote);
    const withQuote = suffixEdits(
      text,
      ' for repairs this summer, officials said.',
      first + quote.length,
      span,
      {
        edges,
        quote,
      },
    );
    expect(withQuote).toBeGreaterThan(GAP_EDITS);
    // Knowing the place's prefix changes nothing: the copy inside reads exactly like it there.
    const knowingPrefix = suffixEdits(
      text,
      ' for repairs this summer, officials said.',
      first + quote.length,
      span,
      { edges, quote, other: { expected: before, at: first } },
    );
    expect(knowingPrefix).toBeGreaterThan(GAP_EDITS);
  });

  it("a copy of the quote inside skipped text is weighed on the place's other side", () => {
    // A sponsored box ending in the same words, inserted right after the passage: the copy in the box reads
    // exactly like the passage after it, and not at all before it.
    const { text, edges } = blocks(
      `${before}${quote}`,
      `Sponsored: cheap flights today, ${quote}`,
      after.trim(),
    );
    const span = { start: 0, end: text.length };
    const start = text.indexOf(quote);
    const end = start + quote.length;
    const strict = suffixEdits(text, after, end, span, { edges, quote });
    expect(strict).toBeGreaterThan(GAP_EDITS);
    const knowing = suffixEdits(text, after, end, span, {
      edges,
      quote,
      other: { expected: before, at: start },
    });
    expect(knowing).toBe(GAP_EDITS);
    // Mirror: a related box quoting the passage, inserted right before it.
    const mirror = blocks(before.trim(), `Related: ${quote} again soon`, `${quote}${after}`);
    const s2 = mirror.text.lastIndexOf(quote);
    const opts = { edges: mirror.edges, quote, other: { expected: after, at: s2 + quote.length } };
    const span2 = { start: 0, end: mirror.text.length };
    expect(prefixEdits(mirror.text, before, s2, span2, { edges: mirror.edges, quote })).toBeGreaterThan(
      GAP_EDITS,
    );
    expect(prefixEdits(mirror.text, before, s2, span2, opts)).toBe(GAP_EDITS);
  });

  it("a block reading exactly like the place's own is not skipped as inserted", () => {
    // Two list items of the same byline and date, swapped: the date of the item that moved away (the passage)
    // shows all of the recorded prefix and a new neighbour right after its block; the other item's date shows
    // the recorded suffix, and the prefix only if the first item's date (a block just like its own) were
    // skipped as inserted.
    const date = 'October 31, 2012';
    const { text, edges } = blocks(
      'Photos: Halloween in Hong Kong looks awesome',
      'By Max Fisher',
      date,
      'China and Japan looking to the U.S. on disputed islands',
      'By Max Fisher',
      date,
      'The Post Most: World',
    );
    const prefix = 'g Kong looks awesome By Max Fisher ';
    const suffix = ' The Post Most: World';
    const other = text.lastIndexOf(date);
    const span = { start: 0, end: text.length };
    const opts = { edges, quote: date, other: { expected: suffix, at: other + date.length } };
    expect(prefixEdits(text, prefix, other, span, opts)).toBeGreaterThan(GAP_EDITS + 2);
    // An ad whose sentence copies the passage's block up to the quote is still skipped: its block is shorter.
    const ad = blocks(
      'Readers wrote in about the harbour all week.',
      'Advertisement',
      `hall to hear why ${quote}`,
      `${before}${quote}${after}`,
    );
    const at = ad.text.lastIndexOf(quote);
    const adOpts = { edges: ad.edges, quote, other: { expected: after, at: at + quote.length } };
    const span2 = { start: 0, end: ad.text.length };
    expect(prefixEdits(ad.text, `all week. ${before}`, at, span2, adOpts)).toBe(GAP_EDITS);
  });

  it('a gap that does not start and end at block edges is not an inserted block', () => {
    const text = `${before}${quote} for repairs RANDOM WORDS this summer, officials said.`;
    const edges = new Uint8Array(text.length);
    const start = text.indexOf(quote);
    const e = suffixEdits(
      text,
      after,
      start + quote.length,
      { start: 0, end: text.length },
      { edges, quote },
    );
    expect(e).toBeGreaterThan(GAP_EDITS);
  });

  it('missing context at the page edge counts', () => {
    const text = `${quote}${after}`;
    const e = prefixEdits(text, before, 0, { start: 0, end: text.length });
    expect(e).toBe(before.length);
  });
});

suite('candidates', () => {
  it('an edited passage competes with an exact copy elsewhere on its context', () => {
    const text = `Other story: ${quote} said someone. ${before}${quote.replace('must', 'mus')}${after}`;
    const all = findCandidates(
      text,
      quote,
      { prefix: before, suffix: after },
      { start: 0, end: text.length },
    );
    const best = all[0];
    expect(best?.start).toBe(text.lastIndexOf('the old bridge'));
    expect(best?.errors).toBe(1);
  });

  it('with block edges, a place with an inserted block on each side gets its context across a copy of the quote', () => {
    // A reader's comment: an ad quoting the date lands before the byline, another ad after it.
    const q = 'Posted October 28, 2012';
    const prefix = 'I would just say it is better than the old one. Reply Adam ';
    const suffix = ' at 11:42 pm | Permalink Basically the new lens is sharper';
    const { text, edges } = blocks(
      prefix.trim(),
      `Sponsored: photos ${q} by a reader`,
      q,
      'Advertisement: cheap lenses this week only',
      suffix.trim(),
    );
    const span = { start: 0, end: text.length };
    const at = text.lastIndexOf(q);
    const scoreAt = (withEdges: boolean) =>
      findCandidates(text, q, { prefix, suffix, ...(withEdges ? { edges } : {}) }, span).find(
        (c) => c.start === at,
      );
    expect(scoreAt(true)?.prefixScore).toBeGreaterThanOrEqual(0.75);
    expect(scoreAt(false)?.prefixScore ?? 0).toBeLessThan(0.5);
  });

  it('a context cut short by the page end, found beyond an inserted block, scores as that one inserted run', () => {
    // The passage ended the page: its recorded suffix is the footer's twelve characters. An ad now lies between.
    const q = 'Alpha Rumors Mirrorless Rumors';
    const prefix = 'is proudly powered by WordPress Sony ';
    const suffix = ' Canon Watch';
    const { text, edges } = blocks(
      `Our site is proudly powered by WordPress Sony ${q}`,
      'Related stories: the ten best lenses of the year',
      'Canon Watch',
    );
    const span = { start: 0, end: text.length };
    const at = text.indexOf(q);
    const opts = { edges, quote: q };
    expect(prefixSimilarity(text, prefix, at, span, opts)).toBe(1);
    expect(suffixEdits(text, suffix, at + q.length, span, opts)).toBe(GAP_EDITS);
    expect(suffixSimilarity(text, suffix, at + q.length, span, opts)).toBeGreaterThanOrEqual(0.9);
    // Without block edges nothing counts as inserted; nor does the footer found elsewhere than where the ad ends.
    expect(suffixSimilarity(text, suffix, at + q.length, span, { quote: q })).toBeLessThan(0.5);
    const moved = blocks(
      `Our site is proudly powered by WordPress Sony ${q}`,
      'Related stories: Canon Watch and ten more lenses',
      'Contact',
    );
    const at2 = moved.text.indexOf(q);
    const span2 = { start: 0, end: moved.text.length };
    expect(
      suffixSimilarity(moved.text, suffix, at2 + q.length, span2, { edges: moved.edges, quote: q }),
    ).toBeLessThan(0.5);
    // The mirror, for a prefix cut short by the page start.
    const top = blocks(
      'Home',
      'Advertisement: cheap lenses this week only',
      `${q} is what readers asked about`,
    );
    const start = top.text.indexOf(q);
    const topSpan = { start: 0, end: top.text.length };
    expect(
      prefixSimilarity(top.text, 'Home ', start, topSpan, { edges: top.edges, quote: q }),
    ).toBeGreaterThanOrEqual(0.9);
    expect(prefixSimilarity(top.text, 'Home ', start, topSpan, { quote: q })).toBeLessThan(0.5);
  });

  it('similarity does not borrow context across a copy of the quote', () => {
    const { text } = blocks(
      `Residents packed the hall to hear why ${quote} for repairs`,
      `Other words here and ${quote} for repairs`,
    );
    const second = text.lastIndexOf(quote);
    const span = { start: 0, end: text.length };
    expect(prefixSimilarity(text, before, second, span, { quote })).toBeLessThan(0.5);
  });
});

suite('near copies (what anchor could take for a quote that is gone)', () => {
  it('finds places a few edits away, not the passage itself nor its exact copies', () => {
    const text =
      'For October 19, 2012 roundup. For October 12, 2012 roundup. For October 12, 2012 again. For Oct 12 only.';
    const self = text.indexOf('For October 12, 2012');
    const found = nearCopies(text, 'For October 12, 2012', { start: 0, end: text.length }, self);
    expect(found.map((c) => text.slice(c.start, c.end))).toEqual(['For October 19, 2012']);
  });

  it('none for a quote too short to be matched with edits', () => {
    const text = 'Reply Reply Repla Reply';
    expect(nearCopies(text, 'Reply', { start: 0, end: text.length }, 0)).toEqual([]);
  });
});
