// @vitest-environment jsdom
import { beforeEach, expect, it, describe as suite } from 'vitest';
import { anchor, describe, invalidateAnchoringCache } from '../../annotator/anchoring';
import { rangeInTextNode, roundTrip, textBefore } from './dom-ranges';

const lorem =
  'Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. ' +
  'Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.';

beforeEach(() => {
  document.body.innerHTML = '';
  invalidateAnchoringCache();
});

suite('deleted passage with an identical twin -> null', () => {
  const cases: {
    name: string;
    html: string;
    quote: string;
    occurrence: number;
    remove: (b: HTMLElement) => void;
  }[] = [
    {
      name: 'twin paragraph stays after the first is removed',
      html: `<p id="a">Intro ${lorem} Foo</p><p id="b">Other ${lorem}</p>`,
      quote: 'fugiat nulla pariatur. Excepteur sint occaecat',
      occurrence: 0,
      remove: () => document.getElementById('a')?.remove(),
    },
    {
      name: 'passage text deleted, twin at the end of the page',
      html: `<p id="a">Intro ${lorem} Foo bar baz and more words follow here.</p><p id="b">${lorem}</p>`,
      quote: 'culpa qui officia deserunt',
      occurrence: 0,
      remove: () => {
        const t = document.getElementById('a')?.firstChild as Text;
        const at = t.data.indexOf('culpa qui officia deserunt');
        t.deleteData(at, 'culpa qui officia deserunt'.length);
      },
    },
    {
      name: 'twins identical beyond the widest context, second removed',
      html: `<div id="a"><p>${lorem.repeat(6)}</p></div><div id="b"><p>${lorem.repeat(6)}</p></div>`,
      quote: 'fugiat nulla pariatur',
      occurrence: 8,
      remove: () => document.getElementById('b')?.remove(),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      document.body.innerHTML = c.html;
      const selectors = roundTrip(
        describe(document.body, rangeInTextNode(document.body, c.quote, c.occurrence)),
      );
      expect(anchor(document.body, selectors)).not.toBeNull();
      c.remove(document.body);
      expect(anchor(document.body, selectors)).toBeNull();
    });
  }

  it('an undeleted twin still anchors to the right copy', () => {
    document.body.innerHTML = `<p id="a">Intro ${lorem} Foo</p><p id="b">Other ${lorem}</p>`;
    const range = rangeInTextNode(document.body, 'fugiat nulla pariatur. Excepteur sint occaecat', 1);
    const selectors = roundTrip(describe(document.body, range));
    const found = anchor(document.body, selectors);
    expect(found && textBefore(found)).toBe(textBefore(range));
  });
});

suite('reordered blocks -> right place', () => {
  const comments = [
    'I think the council is right about the bridge, it has been falling apart for years now.',
    'Taxes are already too high in this town and nobody at the council seems to care at all.',
    'Does anyone know when the library reopens? My kids need a quiet place to do homework.',
    'The mayor said the same thing last year and nothing happened, so I will believe it later.',
  ];
  const page = (order: number[]) =>
    `<article><p>Story text about the council and its budget for the coming year.</p></article><section>${order
      .map((i) => `<div class="comment" id="c${i}"><p>${comments[i]}</p></div>`)
      .join('')}</section>`;
  const cases: { name: string; quote: string; comment: number; order: number[] }[] = [
    {
      name: 'long quote, comment moved first',
      quote: 'nobody at the council seems to care',
      comment: 1,
      order: [1, 3, 0, 2],
    },
    { name: 'short quote, comment moved last', quote: 'quiet place', comment: 2, order: [0, 1, 3, 2] },
    { name: 'whole comment, order reversed', quote: comments[3] as string, comment: 3, order: [3, 2, 1, 0] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      document.body.innerHTML = page([0, 1, 2, 3]);
      const scope = document.getElementById(`c${c.comment}`);
      const selectors = roundTrip(
        describe(document.body, rangeInTextNode(document.body, c.quote), { scope }),
      );
      document.body.innerHTML = page(c.order);
      const found = anchor(document.body, selectors);
      expect(found?.toString()).toBe(c.quote);
      expect(document.getElementById(`c${c.comment}`)?.contains(found?.startContainer as Node)).toBe(true);
    });
  }
});

suite('short edited phrase', () => {
  const para =
    'The committee voted on Monday to approve the new housing plan for the eastern district of the city.';
  const cases: { name: string; quote: string; edited: string; expect: 'found' | 'null' }[] = [
    {
      name: 'one letter changed in a 17-char phrase',
      quote: 'new housing plan',
      edited: 'new housng plan',
      expect: 'found',
    },
    {
      name: 'one letter added in a 12-char phrase',
      quote: 'eastern dist',
      edited: 'easttern dist',
      expect: 'found',
    },
    { name: 'very short phrase edited: no fuzzy guess', quote: 'voted', edited: 'votes', expect: 'null' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      document.body.innerHTML = `<p>${para}</p><p>Unrelated closing paragraph about the weather this week.</p>`;
      const selectors = roundTrip(describe(document.body, rangeInTextNode(document.body, c.quote)));
      document.body.innerHTML = `<p>${para.replace(c.quote, c.edited)}</p><p>Unrelated closing paragraph about the weather this week.</p>`;
      const found = anchor(document.body, selectors);
      if (c.expect === 'null') expect(found).toBeNull();
      else expect(found?.toString()).toBe(c.edited);
    });
  }
});
