// @vitest-environment happy-dom
import { beforeEach, expect, it, describe as suite } from 'vitest';
import { anchor, describe, invalidateAnchoringCache } from '../../annotator/anchoring';
import type { Selector } from '../../annotator/selectors';

/** The same contract under happy-dom, which differs from jsdom in Range, XPath and observer details. */
function rangeIn(el: Element, from: string, to: string): Range {
  const text = el.firstChild as Text;
  const range = document.createRange();
  range.setStart(text, text.data.indexOf(from));
  range.setEnd(text, text.data.indexOf(to) + to.length);
  return range;
}

const roundTrip = (s: Selector[]): Selector[] => JSON.parse(JSON.stringify(s));

beforeEach(() => {
  document.body.innerHTML = '';
  invalidateAnchoringCache();
});

suite('anchoring in happy-dom', () => {
  const story = [
    'The harbour authority announced on Monday that the ferry to the islands will run twice a day.',
    'Fishermen said the new timetable would make it easier to sell their catch at the morning market.',
    'The service starts in May and tickets can be bought online or at the harbour office.',
  ];
  const html = `<main><article id="story">${story.map((p) => `<p>${p}</p>`).join('')}</article>
    <div class="comments"><div id="comment-7"><p>Fishermen said the new timetable would make it easier? Doubt it.</p></div></div></main>`;

  it('round-trips on an unchanged page', () => {
    document.body.innerHTML = html;
    const p = document.querySelectorAll('#story p')[1] as Element;
    const selectors = roundTrip(
      describe(document.body, rangeIn(p, 'the new timetable', 'easier'), {
        scope: document.getElementById('story'),
      }),
    );
    expect(anchor(document.body, selectors)?.toString()).toBe('the new timetable would make it easier');
  });

  it('finds the edited passage in its region and ignores the comment quoting it', () => {
    document.body.innerHTML = html;
    const p = document.querySelectorAll('#story p')[1] as Element;
    const selectors = roundTrip(
      describe(document.body, rangeIn(p, 'the new timetable', 'easier'), {
        scope: document.getElementById('story'),
      }),
    );
    document.body.innerHTML = html.replace('would make it easier to sell', 'would make it easer to sell');
    const found = anchor(document.body, selectors);
    expect(found?.toString()).toBe('the new timetable would make it easer');
    expect(document.getElementById('story')?.contains(found?.startContainer as Node)).toBe(true);
  });

  it('returns null when the passage is deleted', () => {
    document.body.innerHTML = html;
    const p = document.querySelectorAll('#story p')[1] as Element;
    const selectors = roundTrip(describe(document.body, rangeIn(p, 'the new timetable', 'easier')));
    (document.querySelectorAll('#story p')[1] as Element).remove();
    expect(anchor(document.body, selectors)).toBeNull();
  });
});
