// @vitest-environment jsdom
/**
 * The story's container and the blocks inside it that are not the story: what the shipped exclusion model
 * leaves out on a small page of our own writing, how `regionOf` reads the result, and the top-down rule
 * (a left-out block's insides are never judged).
 */
import { describe, expect, it } from 'vitest';
import { detectRegions, regionOf } from '../../annotator/regions';
import { pickExclusions } from '../../annotator/regions/article-exclusions';
import type { LinearModel } from '../../annotator/regions/linear-model';

const para = (lead: string) =>
  `<p>${lead} The council, which met on Tuesday, said the work would continue, weather permitting, into the autumn.</p>`;
const related = Array.from(
  { length: 10 },
  (_, i) => `<li><a href="/story-${i}">Another story from the archive, number ${i}</a></li>`,
).join('');

const html = `<html><head><title>Harbour works | Gazette</title></head><body>
  <div id="menu"><a href="/">Home</a> <a href="/news">News</a></div>
  <div id="main">
    <h1>Harbour works</h1>
    ${para('The harbour board voted to rebuild the ferry slip.')}
    ${para('Skippers asked for a landing stage for the smaller boats.')}
    <div class="related-stories" id="related"><h3>Related</h3><ul>${related}</ul></div>
    ${para('Work starts in May and should be finished before the summer timetable.')}
    ${para('The board thanked the fishermen for their patience during the consultation.')}
  </div>
  </body></html>`;

describe('article exclusions', () => {
  it('leaves a related-links box inside the container out of the story', () => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const regions = detectRegions(doc);
    expect(regions.article?.id).toBe('main');
    expect(regions.articleExcluded.map((e) => e.id)).toEqual(['related']);
    const link = doc.querySelector('#related a') as Element;
    const story = doc.querySelector('#main p') as Element;
    expect(regionOf(regions, link)).toBeNull();
    expect(regionOf(regions, story)?.kind).toBe('article');
  });

  it('never judges the insides of a block already left out', () => {
    // One feature, the block's own flag: every block says "leave me out".
    const model: LinearModel = { features: ['x'], mean: [0], scale: [1], weights: [1], bias: 0 };
    const picked = pickExclusions(
      [
        { features: [1], parent: -1 },
        { features: [1], parent: 0 },
        { features: [-1], parent: -1 },
        { features: [1], parent: 2 },
      ],
      model,
    );
    expect(picked).toEqual([0, 3]);
  });
});
