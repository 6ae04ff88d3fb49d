// @vitest-environment jsdom
/** Region signals added beside the subtree search: the paragraph vote, and comment header author patterns. */
import { describe, expect, it } from 'vitest';
import { detectRegions } from '../../annotator/regions';

function page(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const para = (words: string) =>
  `<p>${words} The council, which met on Tuesday, said the work would continue, weather permitting, into the autumn.</p>`;

describe('paragraph vote', () => {
  it('prefers the paragraphs over a wrapper that adds link-carrying reading tips', () => {
    const tip = (lead: string, link: string, tail: string) =>
      `<p>${lead} <a href="/more">${link}</a> ${tail}</p>`;
    const doc = page(`<html><head><title>Bridge repairs begin</title></head><body>
      <div id="wrap"><div id="inner">
        <div id="text">${para('Crews closed the old bridge to begin repairs.')}${para('Drivers will detour through the market.')}${para('Buses keep their usual stops.')}</div>
        <div id="more">${tip('Readers following the story may also want', 'the earlier report on the bridge closure', 'which our desk updated this morning for commuters')}${tip('Those driving in from the north should read', 'the guide to the market detour and parking', 'before setting out tomorrow morning early')}</div>
      </div></div></body></html>`);
    const { article } = detectRegions(doc);
    expect(article?.id).toBe('text');
    expect(text(article)).not.toContain('earlier report');
  });
});

describe('comment authors from header and footer lines', () => {
  const thread = (items: string) => `<html><head><title>Ferry timetable changes</title></head><body>
    <article><h1>Ferry timetable changes</h1>${para('The ferry leaves earlier from Monday.')}${para('Tickets stay the same price.')}</article>
    <div id="comments"><h2>Comments</h2>${items}</div></body></html>`;
  const cases: { name: string; item: (name: string, i: number) => string }[] = [
    {
      name: '"Posted by: name | date" footer',
      item: (name, i) =>
        `<div class="comment" id="comment-${i}"><div class="comment-content"><p>I take this ferry every morning and the change suits me.</p></div><p class="comment-footer">Posted by: <a href="https://example.org/${i}">${name}</a> | <a href="#comment-${i}">May 3, 2024 at 09:38 AM</a></p></div>`,
    },
    {
      name: '"by name on date" meta line',
      item: (name, i) =>
        `<div class="comment" id="comment-${i}"><p>The earlier crossing means missing the school run entirely.</p><p class="meta">by <a href="https://example.org/${i}">${name}</a> on June 4, 2024 at 10:42 pm. <a href="#r">Reply</a></p></div>`,
    },
    {
      name: 'a link to the member profile',
      item: (name, i) =>
        `<div class="comment" id="comment-${i}"><div class="head"><span>Thu, 08/09/2024 - 13:04</span> <b><a href="/users/${name.replace(/\s/g, '')}">${name}</a></b></div><p>Anyone know whether the late boat still runs on Sundays?</p></div>`,
    },
    {
      name: 'the first link followed by the date',
      item: (name, i) =>
        `<li class="comment" id="comment-${i}"><span>#${i}</span> <a href="https://example.org/${i}" rel="nofollow">${name}</a><br><a href="#comment-${i}">September 19th, 2024 at 16:14</a><div class="comment-text"><p>Good news for commuters on the island side.</p></div></li>`,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const names = ['Ana Ruiz', 'Tom Field', 'harbourfan'];
      const regions = detectRegions(page(thread(names.map((n, i) => c.item(n, i + 1)).join(''))));
      expect(regions.comments.map((x) => x.author)).toEqual(names);
    });
  }
  it('a body paragraph that mentions a date is not an author line', () => {
    const item = (i: number) =>
      `<div class="comment" id="comment-${i}"><p><a href="https://example.org/timetable">The timetable</a> from May 3, 2024 is still posted at the pier.</p><p>by the way, the cafe is open again and the long queue is gone now for good, thankfully.</p></div>`;
    const regions = detectRegions(page(thread(item(1) + item(2))));
    expect(regions.comments).toHaveLength(2);
    expect(regions.comments.map((x) => x.author)).toEqual([null, null]);
  });
});
