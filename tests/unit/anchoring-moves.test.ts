// @vitest-environment jsdom
import { beforeEach, expect, it, describe as suite } from 'vitest';
import { anchor, describe, invalidateAnchoringCache } from '../../annotator/anchoring';
import type { Selector, TextQuoteSelector } from '../../annotator/selectors';
import { buildTextIndex } from '../../annotator/text-index';
import { rangeInTextNode, roundTrip, textBefore } from './dom-ranges';

const quoteOf = (s: Selector[]) => s.find((x) => x.type === 'TextQuoteSelector') as TextQuoteSelector;

beforeEach(() => {
  document.body.innerHTML = '';
  invalidateAnchoringCache();
});

suite('block boundaries where the page already has whitespace', () => {
  it('marks a collapsed space between blocks as a block edge', () => {
    document.body.innerHTML = '<p>One two. </p>\n  <p> Three four.</p><span>five</span> <b>six</b>';
    const index = buildTextIndex(document.body, { useComputedStyle: false });
    expect(index.text).toBe('One two. Three four. five six');
    const edges = [...(index.blockEdge ?? [])].flatMap((v, i) => (v ? [i] : []));
    // The spaces after "two." and after "four." are block boundaries; the one between inline elements is not.
    expect(edges).toEqual([8, 20]);
  });
});

suite('moved blocks and inserted ads', () => {
  const comments = [
    'I think the council is right about the bridge, it has been falling apart for years now. ',
    ' Taxes are already too high in this town and nobody at the council seems to care at all. ',
    ' Does anyone know when the library reopens? My kids need a quiet place to do homework. ',
    ' The mayor said the same thing last year and nothing happened, so I will believe it later. ',
  ];
  const page = (order: number[], ad = -1) =>
    `<article><p>Story text about the council and its budget for the coming year.</p></article><section>${order
      .map(
        (i, k) =>
          `${k === ad ? '<div class="ad"><p>Advertisement</p><p>Buy now</p></div>' : ''}\n<div><p>${comments[i]}</p></div>`,
      )
      .join('')}</section>`;
  const cases: {
    name: string;
    quote: string;
    comment: number;
    order: number[];
    ad?: number;
    want: 'found' | 'null';
  }[] = [
    {
      name: 'whole comment (page whitespace around it), moved: both sides change at block edges',
      quote: 'Taxes are already too high in this town and nobody at the council seems to care at all.',
      comment: 1,
      order: [2, 0, 3, 1],
      want: 'found',
    },
    {
      name: 'start of a comment, moved: prefix changes at a block edge, suffix agrees',
      quote: 'Does anyone know when the library',
      comment: 2,
      order: [2, 3, 0, 1],
      want: 'found',
    },
    {
      name: 'whole comment, ad inserted before it',
      quote: 'The mayor said the same thing last year and nothing happened, so I will believe it later.',
      comment: 3,
      order: [0, 1, 2, 3],
      ad: 3,
      want: 'found',
    },
    {
      name: 'whole comment deleted: nothing else to take',
      quote: 'Taxes are already too high in this town and nobody at the council seems to care at all.',
      comment: 1,
      order: [0, 2, 3],
      want: 'null',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      document.body.innerHTML = page([0, 1, 2, 3]);
      const selectors = roundTrip(describe(document.body, rangeInTextNode(document.body, c.quote)));
      document.body.innerHTML = page(c.order, c.ad);
      const found = anchor(document.body, selectors);
      if (c.want === 'null') expect(found).toBeNull();
      else expect(found?.toString()).toBe(c.quote);
    });
  }

  it('a deleted comment does not fall back on a copy that was on the page all along', () => {
    const quote = 'Taxes are already too high in this town and nobody at the council seems to care at all.';
    const html = (withOriginal: boolean) =>
      `<section><div><p>Other text here.</p></div>${withOriginal ? `<div><p>${quote}</p></div>` : ''}<div><p>Reply:</p><blockquote>${quote}</blockquote><p>Agreed.</p></div></section>`;
    document.body.innerHTML = html(true);
    const selectors = roundTrip(describe(document.body, rangeInTextNode(document.body, quote, 0)));
    // describe records that the quote had a copy: its context is wider than the minimum.
    expect(
      Math.max(quoteOf(selectors).prefix?.length ?? 0, quoteOf(selectors).suffix?.length ?? 0),
    ).toBeGreaterThan(32);
    document.body.innerHTML = html(false);
    expect(anchor(document.body, selectors)).toBeNull();
  });
});

suite('list items that read alike within their blocks, re-ordered', () => {
  // A "more from this author" list: every item ends with the same byline and date, each in its own block, so
  // the date's copies are block twins, told apart only by the titles before them and the page after them.
  const item = (id: string, title: string) =>
    `<li id="${id}"><h3>${title}</h3><p>By Max Fisher</p><p>October 31, 2012</p></li>`;
  const page =
    `<h2>World views</h2><ul>${item('a', 'China and Japan looking to the U.S. on disputed islands')}` +
    `${item('b', 'Photos: Halloween in Hong Kong looks awesome')}</ul><p>The Post Most: World</p>`;
  it('the items swapped: the other item, whose date now sits before the page end, is not taken', () => {
    document.body.innerHTML = page;
    const quote = 'October 31, 2012';
    const selectors = roundTrip(describe(document.body, rangeInTextNode(document.body, quote, 1)));
    const list = document.querySelector('ul') as HTMLElement;
    list.insertBefore(document.getElementById('b') as HTMLElement, document.getElementById('a'));
    invalidateAnchoringCache();
    // Item a's date reads like the passage after it and, skipping item b as if it were inserted, before it;
    // item b reads like it up to its own block edges. Either could be the passage: null.
    expect(
      anchor(document.body, selectors)?.startContainer.parentElement?.closest('li')?.id ?? null,
    ).toBeNull();
  });

  it('an ad quoting the passage up to the quote, inserted before it: the passage is found', () => {
    // The ad's copy reads like the passage up to its block edges on both sides, but not with the whole recorded
    // context before it: it is skipped as the inserted copy it is.
    const story = (ad: string) =>
      `<p>Readers wrote in about the harbour and the library all week.</p>${ad}` +
      '<p id="q">The council approved the new bridge budget on Tuesday night after a long debate.</p>' +
      '<p>The mayor said work would start in spring, weather permitting, and end by the autumn.</p>' +
      '<p>Readers wrote in about the new bridge budget too, most of them in favour.</p>';
    document.body.innerHTML = story('');
    const quote = 'new bridge budget';
    const selectors = roundTrip(describe(document.body, rangeInTextNode(document.body, quote, 0)));
    document.body.innerHTML = story(
      '<div class="ad"><p>Advertisement</p><p>The council approved the new bridge budget</p></div>',
    );
    invalidateAnchoringCache();
    expect(anchor(document.body, selectors)?.startContainer.parentElement?.id).toBe('q');
  });
});

suite('a related box holding a piece cut from the passage', () => {
  it('the box item ends mid-word where the recorded context runs on: not the passage block, moved', () => {
    // The item "days Today we launched something huge, important an" reads exactly like the passage up to its
    // own block edges on both sides, but the recorded context runs on past its end ("an|d serious"): the
    // passage's block never ended there. The passage, an ad now before and after it, is itself a moved block.
    const story = (before: string, after: string) =>
      '<p>the management philosophy embedded in powerpoint</p><h2>good couple of days</h2>' +
      `${before}<p id="q">Today we launched something huge, important and serious in a responsibly sober way.</p>${after}` +
      '<p>Yesterday we launched something cute, frivolous and tiny, in a noisily silly way.</p>' +
      '<p>Such talented, thoughtful, hardworking groups of people in my life.</p>';
    document.body.innerHTML = story('', '');
    const selectors = roundTrip(describe(document.body, rangeInTextNode(document.body, 'we launched', 0)));
    document.body.innerHTML = story(
      // Paragraphs: the passage's path (p[2]) now names the box's heading, so the search decides.
      '<p>Related stories</p><p>days Today we launched something huge, important an</p>' +
        '<p>such a brilliant balance of important and silly. October 17, 2012 | Permalink Tr</p>',
      '<div class="ad"><p>Sponsored: like this is business as usual <a href="#">Learn more</a></p></div>',
    );
    invalidateAnchoringCache();
    expect(anchor(document.body, selectors)?.startContainer.parentElement?.id ?? null).toBe('q');
  });
});

suite('a block twin whose neighbours moved next to it', () => {
  // "All Marketers Are Liars Blog" is a list item twice: under the Links heading and alone under its own.
  const parts: Record<string, string> = {
    linksH: '<h3>Links</h3>',
    links:
      "<ul><li>Seth's Main Blog</li><li>Seth's Squidoo Lens</li><li>All Marketers Are Liars Blog</li>" +
      '<li>SethGodin.com: Official Site</li></ul>',
    archH: '<h3>Archives</h3>',
    arch: `<ul>${['July', 'June', 'May', 'April', 'March', 'February', 'January'].map((m) => `<li>${m} 2012</li>`).join('')}</ul>`,
    dipH: '<h3>THE DIP BLOG by Seth Godin</h3>',
    dip: '<ul><li id="q">All Marketers Are Liars Blog</li></ul>',
    typepad: '<p>Blog powered by TypePad</p><p>Member since 08/2003</p>',
    feeds: '<h3>Feeds</h3><p>Enter your email address</p><p>powered by FeedBlitz</p>',
    follow: '<p>Follow along</p>',
    ad: '<div class="ad"><p>Advertisement</p><p>Sponsored: the best mattress you will ever buy</p></div>',
  };
  const page = (order: string[]) =>
    `<p>Seth's Blog: riffs on marketing, respect, and the ways ideas spread.</p><aside>${order
      .map((k) => parts[k])
      .join('')}</aside>`;
  const original = ['linksH', 'links', 'archH', 'arch', 'feeds', 'follow', 'dipH', 'dip', 'typepad'];
  const cases: { name: string; order: string[]; want: 'q' | null }[] = [
    {
      // The twin now reads the passage's heading and the paragraph after it across a block or two each side;
      // structure and position name the passage's own item, which lost both neighbours.
      name: 'widgets re-ordered: the twin is not taken for the passage the structure names',
      order: ['follow', 'dipH', 'linksH', 'links', 'typepad', 'archH', 'arch', 'feeds', 'dip'],
      want: null,
    },
    {
      name: 'ads inserted on both sides of the passage: it is found',
      order: ['linksH', 'links', 'archH', 'arch', 'feeds', 'follow', 'dipH', 'ad', 'dip', 'ad', 'typepad'],
      want: 'q',
    },
  ];
  it.each(cases)('$name', ({ order, want }) => {
    document.body.innerHTML = page(original);
    const selectors = roundTrip(describe(document.body, rangeInTextNode(document.body, 'Marketers Are', 1)));
    document.body.innerHTML = page(order);
    invalidateAnchoringCache();
    const found = anchor(document.body, selectors);
    expect(found ? (found.startContainer.parentElement?.id ?? '') : null).toBe(want);
  });
});

suite('a related box quoting the passage with what follows it', () => {
  it('the passage keeps its lead-in, its next paragraph rewritten: neither it nor the copy is taken', () => {
    // The quote had no copy. The box's copy shows all of the recorded suffix and most of the prefix; the
    // passage (named by the structure) shows all of its prefix and a new paragraph after it.
    const story = (next: string, box: string) =>
      `${box}<p id="q">Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor ` +
      `incididunt ut labore et dolore magna aliqua.</p><p>${next}</p><p>Excepteur sint occaecat cupidatat.</p>`;
    document.body.innerHTML = story('Ut enim ad minim veniam, quis nostrud exercitation ullamco.', '');
    const quote = 'et dolore magna';
    const selectors = roundTrip(describe(document.body, rangeInTextNode(document.body, quote, 0)));
    document.body.innerHTML = story(
      'Duis aute irure dolor in reprehenderit in voluptate velit.',
      '<div class="related"><h4>Related stories</h4><ul><li>Lorem ipsum dolor sit amet, consectetur a</li>' +
        '<li>empor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam,</li></ul></div>',
    );
    invalidateAnchoringCache();
    expect(anchor(document.body, selectors)?.startContainer.parentElement?.tagName ?? null).toBeNull();
  });
});

suite('widened context with an ad inserted in between', () => {
  const lorem =
    'Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.';
  const closing = '<p>Same closing line for both copies of it.</p>';
  const other = 'Completely different words stand in this paragraph about the weather in spring.';
  it('a repeated phrase keeps its place when an ad lands between it and its outer context', () => {
    // "nisi ut aliquip" occurs in both paragraphs with the same 32 characters around: describe widens.
    const html = (ad: boolean) =>
      `<p>${other}</p>${ad ? '<div class="ad"><p>Advertisement</p><p>Sponsored: best deals of the week here</p></div>' : ''}<p>${lorem}</p>${closing}<p>Another paragraph of text.</p><p>${lorem}</p>${closing}`;
    document.body.innerHTML = html(false);
    const range = rangeInTextNode(document.body, 'nisi ut aliquip', 0);
    const selectors = roundTrip(describe(document.body, range));
    expect(quoteOf(selectors).prefix?.length).toBeGreaterThan(32);
    document.body.innerHTML = html(true);
    const found = anchor(document.body, selectors);
    expect(found?.toString()).toBe('nisi ut aliquip');
    expect(found && textBefore(found)).not.toContain('Another paragraph');
  });

  it('the same phrase with its first paragraph deleted does not move to the twin', () => {
    const html = (first: boolean) =>
      `<p>${other}</p>${first ? `<p>${lorem}</p>${closing}` : ''}<p>Another paragraph of text.</p><p>${lorem}</p>${closing}`;
    document.body.innerHTML = html(true);
    const selectors = roundTrip(
      describe(document.body, rangeInTextNode(document.body, 'nisi ut aliquip', 0)),
    );
    document.body.innerHTML = html(false);
    expect(anchor(document.body, selectors)).toBeNull();
  });
});

suite('short edited phrase among exact copies', () => {
  const story =
    'Listen to these and more in the edition of The Briefing: A Daily Analysis of News and Events from a Christian Worldview. The end.';
  const list = (i: number) => `<li>More News and Events from item number ${i} in the side list today</li>`;
  const cases: { name: string; edited: string; want: 'found' | 'null' }[] = [
    {
      name: 'one letter changed: the passage, context agreeing on both sides, wins',
      edited: 'Events frm',
      want: 'found',
    },
    { name: 'phrase deleted: the copies in the list do not take it', edited: '', want: 'null' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const html = (s: string) => `<ul>${list(1)}${list(2)}${list(3)}</ul><p>${s}</p>`;
      document.body.innerHTML = html(story);
      const selectors = roundTrip(describe(document.body, rangeInTextNode(document.body, 'Events from', 3)));
      document.body.innerHTML = html(story.replace('Events from', c.edited));
      const found = anchor(document.body, selectors);
      if (c.want === 'null') expect(found).toBeNull();
      else {
        expect(found?.toString()).toBe(c.edited);
        expect(found && textBefore(found)).toContain('The Briefing');
      }
    });
  }
});

suite('outer context across blocks: only while the twin that needed it is still there', () => {
  const lorem =
    'Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.';
  const closing =
    'Same closing line for both copies of it, long enough that the suffix never reaches past its end.';
  const twin = `<h3>Same heading</h3><p>${lorem}</p><p>${closing}</p>`;
  const cases: { name: string; after: string; want: 'found' | 'null' }[] = [
    {
      // Found or orphaned, depending on how the gap discount scores it against the twin; never the twin.
      name: 'ad inserted between the passage and its outer context: not the twin',
      after: `<p>A unique intro.</p><div class="ad"><p>Advertisement</p></div>${twin}<p>middle unique</p>${twin}`,
      want: 'found',
    },
    {
      name: 'passage deleted, its twin a few blocks on: null',
      after: `<p>A unique intro.</p><p>middle unique</p>${twin}`,
      want: 'null',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      document.body.innerHTML = `<p>A unique intro.</p>${twin}<p>middle unique</p>${twin}`;
      const selectors = roundTrip(
        describe(document.body, rangeInTextNode(document.body, 'nisi ut aliquip', 0)),
      );
      expect(quoteOf(selectors).prefix?.length).toBeGreaterThan(32);
      document.body.innerHTML = c.after;
      const found = anchor(document.body, selectors);
      if (c.want === 'null') expect(found).toBeNull();
      else if (found) expect(textBefore(found)).not.toContain('middle unique');
    });
  }
});

suite('twin with almost the same context', () => {
  const item =
    'More Buzz Police Arrest Three Students And Use CS Spray During Anti-Fees Protest At Warwick Durham';
  const cases: { name: string; change: (html: string) => string }[] = [
    {
      name: 'passage block moved: the twin does not take it',
      change: (h) => h.replace(/(<li id="a">.*?<\/li>)(<li id="b">.*?<\/li>)/, '$2$1'),
    },
    {
      name: 'one letter edited in the passage: the exact twin does not take it',
      change: (h) =>
        h.replace(
          '<li id="a">x. EDIT More Buzz Police Arrest Three Students And Use CS Spray During',
          '<li id="a">x. EDIT More Buzz Police Arrest Three Students And Use CS Spray Durin',
        ),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const html = `<ul><li id="a">x. EDIT ${item} front page story.</li><li id="b">Another item in the list here.</li></ul><p>Match Is Never... EDIT ${item} front page story.</p>`;
      document.body.innerHTML = html;
      const selectors = roundTrip(
        describe(document.body, rangeInTextNode(document.body, 'During Anti-Fees', 0)),
      );
      document.body.innerHTML = c.change(html);
      const found = anchor(document.body, selectors);
      if (found) expect(document.getElementById('a')?.contains(found.startContainer)).toBe(true);
    });
  }
});
