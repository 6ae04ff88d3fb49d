// @vitest-environment jsdom
import { beforeEach, expect, it, describe as suite } from 'vitest';
import { anchor, anchorWithDetails, describe, invalidateAnchoringCache } from '../../annotator/anchoring';
import type { Selector, TextQuoteSelector } from '../../annotator/selectors';

/** Range over the n-th occurrence of `quote` in root's reading text, found through the DOM text nodes. */
function rangeOf(root: Element, quote: string, occurrence = 0): Range {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const all = nodes.map((n) => n.data).join('');
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = all.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`"${quote}" not on the page`);
  const locate = (pos: number, isEnd: boolean): [Text, number] => {
    let seen = 0;
    for (const n of nodes) {
      const len = n.data.length;
      if (pos < seen + len || (isEnd && pos === seen + len)) return [n, pos - seen];
      seen += len;
    }
    throw new Error('out of range');
  };
  const [sn, so] = locate(at, false);
  const [en, eo] = locate(at + quote.length, true);
  const range = document.createRange();
  range.setStart(sn, so);
  range.setEnd(en, eo);
  return range;
}

const roundTrip = (s: Selector[]): Selector[] => JSON.parse(JSON.stringify(s));
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const quoteOf = (s: Selector[]) => s.find((x): x is TextQuoteSelector => x.type === 'TextQuoteSelector');

/** Text before a range, to tell which copy of a repeated phrase it covers. */
function textBefore(range: Range): string {
  const r = document.createRange();
  r.setStart(document.body, 0);
  r.setEnd(range.startContainer, range.startOffset);
  return squash(r.toString());
}

const filler =
  'The council met on Tuesday to discuss the budget for the coming year, and members argued at length about roads.';

beforeEach(() => {
  document.body.innerHTML = '';
  invalidateAnchoringCache();
});

suite('describe + anchor on an unchanged page', () => {
  const cases: { name: string; html: string; quote: string; occurrence?: number; exact?: string }[] = [
    {
      name: 'single text node',
      html: `<p>${filler}</p><p>Second paragraph here.</p>`,
      quote: 'discuss the budget',
    },
    {
      name: 'split text nodes',
      html: '<p id="p">Alpha beta </p>',
      quote: 'beta gamma delta',
    },
    {
      name: 'nested inline markup',
      html: `<p>One <b>two <i>three</i> four</b> five. ${filler}</p>`,
      quote: 'two three four five',
    },
    {
      name: 'across <br>',
      html: `<p>${filler}<br>Next line starts here and goes on.</p>`,
      quote: 'roads.Next line',
      exact: 'roads. Next line',
    },
    {
      name: 'across paragraphs',
      html: `<p>${filler}</p><p>Start of the next paragraph is here.</p>`,
      quote: 'about roads.Start of the next',
      exact: 'about roads. Start of the next',
    },
    {
      name: 'repeated phrase, second copy',
      html: `<p>Share on Twitter</p><p>${filler}</p><p>Share on Twitter</p><p>Another story follows here.</p>`,
      quote: 'Share on Twitter',
      occurrence: 1,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      document.body.innerHTML = c.html;
      if (c.name === 'split text nodes') {
        const p = document.getElementById('p') as HTMLElement;
        p.append(document.createTextNode(''), 'gam', document.createTextNode(''), 'ma delta epsilon.');
      }
      const range = rangeOf(document.body, c.quote, c.occurrence ?? 0);
      const selectors = roundTrip(describe(document.body, range));
      const q = quoteOf(selectors);
      expect(q?.exact).toBe(c.exact ?? c.quote);
      expect((q?.prefix ?? '').length + (q?.suffix ?? '').length).toBeGreaterThan(0);
      const found = anchor(document.body, selectors);
      expect(found).not.toBeNull();
      expect(squash(found?.toString() ?? '')).toBe(squash(range.toString()));
      expect(textBefore(found as Range)).toBe(textBefore(range));
    });
  }

  it('accepts selections whose endpoints are element nodes', () => {
    document.body.innerHTML = `<div id="a"><p>${filler}</p><p>Middle paragraph text.</p><p>Last one.</p></div>`;
    const div = document.getElementById('a') as HTMLElement;
    const range = document.createRange();
    range.setStart(div, 1);
    range.setEnd(div, 2);
    const selectors = describe(document.body, range);
    expect(quoteOf(selectors)?.exact).toBe('Middle paragraph text.');
    expect(anchor(document.body, roundTrip(selectors))?.toString()).toBe('Middle paragraph text.');
  });

  it('separates block boundaries with a space in the quote', () => {
    document.body.innerHTML = '<p>end of para.</p><p>Start of next</p>';
    const range = rangeOf(document.body, 'para.Start');
    expect(quoteOf(describe(document.body, range))?.exact).toBe('para. Start');
  });

  it('survives JSON and grows context beyond 32 characters when needed', () => {
    const block = `<p>${'Breaking news update. '.repeat(3)}Read more</p>`;
    document.body.innerHTML = block + block.replace('Read more', 'Read less');
    const range = rangeOf(document.body, 'Breaking news update.', 0);
    const selectors = describe(document.body, range);
    expect(JSON.parse(JSON.stringify(selectors))).toEqual(selectors);
    expect(anchor(document.body, roundTrip(selectors))).not.toBeNull();
    expect(textBefore(anchor(document.body, selectors) as Range)).toBe('');
  });
});

suite('text that is not reading text never anchors', () => {
  const hidden: [string, string][] = [
    ['script', '<script>var secretPassage = "the hidden passage text";</script>'],
    ['style', '<style>.the-hidden-passage-text { color: red }</style>'],
    ['hidden attribute', '<div hidden>the hidden passage text</div>'],
    ['inline display:none', '<div style="display: none">the hidden passage text</div>'],
    ['inline visibility:hidden', '<span style="visibility:hidden">the hidden passage text</span>'],
    ['template', '<template><p>the hidden passage text</p></template>'],
    ['noscript', '<noscript>the hidden passage text</noscript>'],
    ['gloss element', '<gloss-toolbar>the hidden passage text</gloss-toolbar>'],
  ];
  for (const [name, html] of hidden) {
    it(name, () => {
      document.body.innerHTML = `<p>${filler}</p>${html}<p>Visible closing words.</p>`;
      const quote: Selector[] = [
        { type: 'TextQuoteSelector', exact: 'hidden passage text', prefix: '', suffix: '' },
      ];
      expect(anchor(document.body, quote)).toBeNull();
      // A selection inside hidden text describes nothing.
      const inside = document.body.children[1]?.firstChild ?? document.body.children[1];
      if (inside?.nodeType === Node.TEXT_NODE) {
        const r = document.createRange();
        r.selectNodeContents(inside);
        expect(describe(document.body, r)).toEqual([]);
      }
    });
  }
});

suite('changed pages', () => {
  const article = (body: string) => `<article id="story"><h1>Council budget</h1>${body}</article>`;
  const paras = [
    'The council met on Tuesday to discuss the budget for the coming year, and members argued about roads.',
    'A proposal to repair the old bridge on Mill Street was approved after a long and heated debate.',
    'Residents who attended the meeting said they were pleased with the outcome but worried about taxes.',
    'The mayor promised that the new budget would not raise property taxes for at least two more years.',
  ];
  const page = (ps: string[]) => article(ps.map((p) => `<p>${p}</p>`).join(''));

  it('edited passage beats an exact copy elsewhere with other context', () => {
    document.body.innerHTML = page(paras);
    const selectors = roundTrip(
      describe(document.body, rangeOf(document.body, 'repair the old bridge on Mill Street')),
    );
    const edited = [...paras];
    edited[1] = (edited[1] as string).replace('Mill Street', 'Mill Streets');
    document.body.innerHTML = `<aside><p>Quote of the day: repair the old bridge on Mill Street now!</p></aside>${page(edited)}`;
    const found = anchor(document.body, selectors);
    expect(found?.toString()).toMatch(/^repair the old bridge on Mill Streets?$/);
    expect(document.getElementById('story')?.contains(found?.startContainer as Node)).toBe(true);
  });

  it('deleted passage returns null even with a lookalike elsewhere', () => {
    document.body.innerHTML = page(paras);
    const selectors = roundTrip(
      describe(document.body, rangeOf(document.body, 'repair the old bridge on Mill Street')),
    );
    const without = paras.filter((_, i) => i !== 1);
    document.body.innerHTML = `${page(without)}<p>Letters: we must repair the old bridge on Mill Street, says a reader.</p>`;
    expect(anchor(document.body, selectors)).toBeNull();
  });

  it('shifted structure with "Share on Twitter" nearby: right copy or null, never the wrong one', () => {
    const share = '<div class="share"><a>Share on Twitter</a> <a>Share on Facebook</a></div>';
    document.body.innerHTML = `<div>${share}</div><div>${page(paras)}</div><div>${share}</div>`;
    const range = rangeOf(document.body, 'Share on Twitter', 1);
    const selectors = roundTrip(describe(document.body, range));
    // An ad block pushes everything down one element; the old XPath and position now point at the first bar.
    document.body.innerHTML = `<div>${share}</div><div class="ad"><p>Advertisement</p></div><div>${page(paras)}</div><div>${share}</div>`;
    const found = anchor(document.body, selectors);
    if (found) expect(textBefore(found)).toContain('at least two more years.');
  });

  it('whitespace re-flow and wrapping do not matter', () => {
    document.body.innerHTML = page(paras);
    const selectors = roundTrip(describe(document.body, rangeOf(document.body, 'pleased with the outcome')));
    document.body.innerHTML = page(paras)
      .replace(/ /g, '\n   ')
      .replace('pleased', '<span class="x"><b>pleased</b></span>');
    expect(squash(anchor(document.body, selectors)?.toString() ?? '')).toBe('pleased with the outcome');
  });

  it('invalidates the cached text after a mutation', () => {
    document.body.innerHTML = page(paras);
    const selectors = describe(document.body, rangeOf(document.body, 'pleased with the outcome'));
    expect(anchor(document.body, selectors)).not.toBeNull();
    const p = document.querySelectorAll('p')[2] as HTMLElement;
    p.textContent = 'Residents said nothing at all.';
    expect(anchor(document.body, selectors)).toBeNull();
    p.textContent = paras[2] as string;
    invalidateAnchoringCache(document.body);
    expect(anchor(document.body, selectors)?.toString()).toBe('pleased with the outcome');
  });

  it('sees characterData changes made in the same task', () => {
    document.body.innerHTML = page(paras);
    const selectors = describe(document.body, rangeOf(document.body, 'heated debate'));
    const text = document.querySelectorAll('p')[1]?.firstChild as Text;
    text.insertData(0, 'Surprisingly, ');
    const found = anchorWithDetails(document.body, selectors);
    expect(found?.range.toString()).toBe('heated debate');
  });
});

suite('regions: comments quoting the article', () => {
  const story =
    'The city will close the central library for renovation starting next month, officials announced.';
  const html = `
    <article id="story"><h1>Library closes</h1><p>${story}</p><p>It will reopen in the spring of next year.</p></article>
    <section class="comments">
      <div class="comment" id="comment-101"><span class="author">Ann</span><p>"${story}" Finally!</p></div>
      <div class="comment" id="comment-102"><span class="author">Bob</span><p>Where will the kids study now?</p></div>
    </section>`;
  const quote = 'close the central library for renovation';

  it('an article highlight stays in the article when the article text is edited', () => {
    document.body.innerHTML = html;
    const scope = document.getElementById('story');
    const selectors = roundTrip(describe(document.body, rangeOf(document.body, quote, 0), { scope }));
    expect(selectors.some((s) => s.type === 'CssSelector' && s.value === '#story')).toBe(true);
    document.body.innerHTML = html.replace(
      `<p>${story}</p>`,
      `<p>${story.replace('central', 'centrall')}</p>`,
    );
    const found = anchor(document.body, selectors);
    expect(found).not.toBeNull();
    expect(document.getElementById('story')?.contains(found?.startContainer as Node)).toBe(true);
  });

  it('a comment highlight stays in its comment, also after comments are re-ordered', () => {
    document.body.innerHTML = html;
    const scope = document.getElementById('comment-101');
    const selectors = roundTrip(describe(document.body, rangeOf(document.body, quote, 1), { scope }));
    const reordered = html.replace(
      /(<div class="comment" id="comment-101">.*?<\/div>)(\s*)(<div class="comment" id="comment-102">.*?<\/div>)/s,
      '$3$2$1',
    );
    document.body.innerHTML = reordered;
    const found = anchor(document.body, selectors);
    expect(document.getElementById('comment-101')?.contains(found?.startContainer as Node)).toBe(true);
  });

  it('a deleted comment does not move its highlight to the article', () => {
    document.body.innerHTML = html;
    const scope = document.getElementById('comment-101');
    const selectors = roundTrip(describe(document.body, rangeOf(document.body, quote, 1), { scope }));
    document.getElementById('comment-101')?.remove();
    expect(anchor(document.body, selectors)).toBeNull();
  });
});
