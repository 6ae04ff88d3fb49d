// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageRegions } from '../../annotator/regions';
import { watchRegions } from '../../annotator/regions';
import { redetectDelay } from '../../annotator/regions/watch';

const story = `<article><h1>Water main repaired</h1>
  <p>Crews worked through the night to repair the burst water main under the high street, the utility said.</p>
  <p>Shops reopened at noon and the road will be resurfaced next week when the ground has settled.</p></article>
  <div id="comments"></div>`;

function comment(id: number, name: string): string {
  return `<div class="comment" id="comment-${id}"><span class="comment-author">${name}</span>
    <time>2 hours ago</time><p>Thanks to the crews who worked all night in the rain to fix it.</p></div>`;
}

describe('watchRegions', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = story;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports late comments once, after the burst of mutations settles', async () => {
    const calls: PageRegions[] = [];
    const stop = watchRegions(document, (r) => calls.push(r));
    const section = document.getElementById('comments') as Element;
    // A lazy loader appending comments one by one.
    section.insertAdjacentHTML('beforeend', comment(1, 'Ana'));
    await Promise.resolve();
    section.insertAdjacentHTML('beforeend', comment(2, 'Ben'));
    await Promise.resolve();
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.comments.map((c) => c.author)).toEqual(['Ana', 'Ben']);
    stop();
  });

  it('ignores attribute-only mutations and changes inside Gloss elements', async () => {
    const onChange = vi.fn();
    const stop = watchRegions(document, onChange);
    document.querySelector('article')?.setAttribute('style', 'color: red');
    document.querySelector('article')?.classList.add('highlighted');
    const ui = document.createElement('gloss-toolbar');
    document.body.append(ui);
    await vi.advanceTimersByTimeAsync(500);
    ui.innerHTML = comment(9, 'Not a reader');
    await vi.advanceTimersByTimeAsync(500);
    expect(onChange).not.toHaveBeenCalled();
    stop();
  });

  it('stays quiet when content changes but the regions do not', async () => {
    const onChange = vi.fn();
    const stop = watchRegions(document, onChange);
    document.body.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(500);
    expect(onChange).not.toHaveBeenCalled();
    stop();
  });

  it('stops observing after disconnect', async () => {
    const onChange = vi.fn();
    const stop = watchRegions(document, onChange);
    stop();
    document.getElementById('comments')?.insertAdjacentHTML('beforeend', comment(3, 'Cy') + comment(4, 'Di'));
    await vi.advanceTimersByTimeAsync(500);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('starts from the detection the caller passes instead of walking the page again', async () => {
    const onChange = vi.fn();
    // A deliberately stale starting point: the first re-detection must report the page's real regions.
    const stop = watchRegions(document, onChange, { article: null, articleExcluded: [], comments: [] });
    document.body.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(500);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange.mock.calls[0]?.[0].article?.tagName).toBe('ARTICLE');
    stop();
  });
});

describe('redetectDelay', () => {
  it.each([
    // [last detection ms, ms since it ended, expected wait]
    [0, 0, 150],
    [2, 0, 150],
    [20, 0, 400],
    [80, 0, 1600],
    [80, 1000, 600],
    [80, 5000, 150],
  ])('after a %i ms detection, %i ms ago, waits %i ms', (cost, since, wait) => {
    expect(redetectDelay(cost, since)).toBe(wait);
  });
});
