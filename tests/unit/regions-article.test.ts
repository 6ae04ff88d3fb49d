// @vitest-environment jsdom
/**
 * Article rules, one small page of our own writing per rule: what the subtree search, the paragraph vote and
 * the headline each decide, and the boilerplate signals (teasers, furniture, forms, class tokens) they use.
 */
import { describe, expect, it } from 'vitest';
import { detectRegions } from '../../annotator/regions';
import { findHeadline, findTeasers, titleHeadings } from '../../annotator/regions/article';
import { measurePage } from '../../annotator/regions/text-stats';

function page(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const para = (words: string) =>
  `<p>${words} The council, which met on Tuesday, said the work would continue, weather permitting, into the autumn.</p>`;
const story = (...leads: string[]) => leads.map(para).join('');
/** A teaser: a headline linking to another story and a one-line summary. */
const teaser = (i: number) =>
  `<li><div class="item"><h3><a href="/story-${i}">Another story number ${i} on the other page</a></h3>
  <p>A summary of story ${i}, written to tempt the reader, with a few commas, some detail, and a promise of more to come.</p></div></li>`;
/** The site's footer: many links, which make a small test page's boilerplate a realistic share of its text. */
const siteFooter = `<div id="site-footer"><ul>${Array.from({ length: 24 }, (_, i) => `<li><a href="/section-${i}">Section of the site number ${i}</a></li>`).join('')}</ul></div>`;
const longTeaserList = Array.from({ length: 8 }, (_, i) => teaser(i + 1)).join('');

interface Case {
  name: string;
  html: string;
  /** id of the element the article must be. */
  expectId?: string;
  mustContain: string[];
  mustNotContain: string[];
}

const cases: Case[] = [
  {
    name: 'candidates: a subtree choice too short to be a story gives way to the paragraph vote',
    // The headline scores more than the story's short, comma-rich lines, which the subtree search counts as
    // boilerplate; the paragraph vote counts every line of at least 25 characters.
    html: `<html><head><title>Market day | Gazette</title></head><body>
      <div id="top"><div id="head"><h1>Market day</h1></div><ul class="menu"><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></div>
      <div id="lines">${Array.from({ length: 10 }, (_, i) => `<p>Stall ${i + 1}, apples, pears, plums, honey.</p>`).join('')}</div>
      </body></html>`,
    expectId: 'lines',
    mustContain: ['Stall 1, apples', 'Stall 10, apples'],
    mustNotContain: ['Home'],
  },
  {
    name: 'candidates: with no overlap, the candidate holding more prose paragraphs wins',
    // A long notice without paragraphs or commas outweighs the story for the subtree search, and the link
    // list between them keeps their common parent below either; the story's paragraphs outvote it.
    html: `<html><head><title>Gazette</title></head><body>
      <div id="notice">${'Notice of the annual general meeting of the allotment society to be held in the village hall next month. '.repeat(6)}</div>
      <ul>${Array.from({ length: 12 }, (_, i) => `<li><a href="/s${i}">Another section of the site, number ${i}</a></li>`).join('')}</ul>
      <div id="story">${story('The harbour board voted to rebuild the ferry slip.', 'Skippers asked for a landing stage.', 'Work starts in May.')}</div>
      </body></html>`,
    expectId: 'story',
    mustContain: ['rebuild the ferry slip'],
    mustNotContain: ['allotment society'],
  },
  {
    name: 'candidates: a short roundup under its headline beats an author bio, and is not outvoted by it',
    // The story is mostly links, the bio plain prose: the subtree search finds only the bio, so the headline's
    // block replaces that short choice, and the paragraph vote (for the bio) does not outvote the headline.
    html: `<html><head><title>Quick links for Monday | Skeptic blog</title></head><body><div id="content">
      <div id="post"><h2><a href="/quick-links">Quick links for Monday</a></h2>
      <div class="entry"><p>On this day in 1863 the Red Cross was founded, and here is what caught our eye this week.</p>
      <ul>${Array.from({ length: 6 }, (_, i) => `<li><a href="/l${i}">A linked headline about item ${i} in the news</a> - a short note</li>`).join('')}</ul></div></div></div>
      <div id="side"><div id="bio"><p>Mary is a scientist who works on drugs you have hopefully never heard of, and she enjoys cooking to bluegrass music with her cats.</p>
      <p>She was born in the South but loves living in New England, despite the lack of good chocolate chip pizza anywhere.</p>
      <p>She hosts the book club, writes about vaccines, and answers, patiently, every question readers send her.</p></div>
      </div>${siteFooter}</body></html>`,
    expectId: 'post',
    mustContain: ['Red Cross was founded', 'item 5'],
    mustNotContain: ['bluegrass'],
  },
  {
    name: "headline: the post's title, not the site's name in the banner, even when the name is longer",
    // Blogger-like layout where every box is a "widget": only the headline's own widget is spared as story.
    html: `<html><head><title>Inside the Desktop Gadget Team: The Reader gadget</title></head><body>
      <div id="header"><div class="widget Header"><h1>Inside the Desktop Gadget Team</h1>
      <p>The official source for news about our desktop gadgets, the people who make them and the people who use them.</p></div></div>
      <div id="main"><div class="widget Blog"><div id="post" class="post"><h3 class="post-title"><a href="/reader">The Reader gadget</a></h3>
      <div class="post-body"><p>The Reader gadget is here, as announced on the blog, and it shows your feeds right on the desktop.</p>
      <p>Please give it a try and tell us what you think of it, in the comments or on the forum.</p></div></div></div></div>
      ${siteFooter}</body></html>`,
    expectId: 'post',
    mustContain: ['The Reader gadget is here', 'give it a try'],
    mustNotContain: ['The official source'],
  },
  {
    name: 'teasers: a list of linked headlines with summaries is not the story, however long',
    html: `<html><head><title>Veteran photo sparks debate | News</title></head><body><div id="main">
      <section id="story"><h1>Veteran photo sparks debate</h1>${story('A photographer defended her picture.', 'She said it honoured service.', 'Many readers agreed.')}</section>
      <div id="recommended"><h2>For you</h2><ul>${longTeaserList}</ul></div>
      </div></body></html>`,
    expectId: 'story',
    mustContain: ['defended her picture'],
    mustNotContain: ['Another story number'],
  },
  {
    name: 'furniture: an <aside> away from the headline is boilerplate even when it holds most of the text',
    html: `<html><head><title>Audi City opens | Auto news</title></head><body><div id="content">
      <div id="post"><h1>Audi City opens</h1>${story('The showroom opened in London.', 'Visitors configure cars on screens.')}</div>
      <aside id="sidebar"><section class="comparisons"><h2>Car comparisons</h2>${story('We pit two family cars against each other.', 'Another comparison of two coupes.', 'A third comparison of small vans.', 'A fourth comparison of pickup trucks.')}</section></aside>
      </div></body></html>`,
    expectId: 'post',
    mustContain: ['The showroom opened'],
    mustNotContain: ['family cars'],
  },
  {
    name: 'forms: the text of a comment form is never the story',
    html: `<html><head><title>Sample images | Camera rumours</title></head><body><div id="content">
      <div id="post"><h1>Sample images</h1><p>In addition to the first set of sample images from the new lens I published a few days ago, here are a few more pictures found <a href="/flickr">on a photo site</a>:</p>
      <p><a href="/1">Picture one</a> <a href="/2">Picture two</a> <a href="/3">Picture three</a> <a href="/4">Picture four</a></p></div>
      <form id="commentform"><p>You may use these HTML tags and attributes: a href title, abbr title, acronym title, b, blockquote cite, cite, code, del datetime, em, i, q cite, strike, strong.</p>
      <textarea name="comment"></textarea></form>
      </div>${siteFooter}</body></html>`,
    expectId: 'post',
    mustContain: ['more pictures found'],
    mustNotContain: ['You may use these HTML tags'],
  },
  {
    name: 'siblings: a comment section next to the story never joins it',
    // The story's paragraphs and its byline box are siblings; the comment list beside them reads like prose.
    html: `<html><head><title>Brands as publishers | PR blog</title></head><body><div id="column">
      <p class="nav"><a href="/prev">« Previous post</a> | <a href="/">Main</a></p>
      <div id="entry"><h3>Brands as publishers</h3><div class="entry-content">${story('Brands behave like people, media and publishers at once.', 'The trade press missed the point.')}</div></div>
      <div class="trackbacks"><p>TrackBack address for this entry, for blogs that link to it: https://example.org/trackback/brands-as-publishers</p></div>
      <div id="comments" class="comments"><h3>Comments</h3><div class="comments-content">
      ${Array.from({ length: 4 }, (_, i) => `<div class="comment" id="comment-${i}"><div class="comment-content"><p>Comment ${i}: I agree with the above point of view, and I would add that brands are also communities, in a sense.</p></div><p class="comment-footer">Posted by: <a href="/u${i}">Reader ${i}</a> | May ${i + 1}, 2024</p></div>`).join('')}
      </div></div></div></body></html>`,
    expectId: 'entry',
    mustContain: ['Brands behave like people'],
    mustNotContain: ['I agree with the above'],
  },
  {
    name: 'class tokens: ids made from a heading ("sharing-with-a-single-developer") are not share bars',
    html: `<html><head><title>Shared history | Docs</title></head><body><div id="doc">
      <div id="shared-history" class="section"><h1>Shared history</h1>${story('Once you have mastered history in one repository, share it.')}
      <div id="sharing-with-a-single-developer" class="section"><h2>Sharing with a single developer</h2>${story('The simplest case is one developer on two computers.', 'Push drafts to a private repository.')}</div>
      <div id="sharing-with-multiple-developers" class="section"><h2>Sharing with multiple developers</h2>${story('Code review is a good use of shared history.', 'Reviewers pull the drafts.')}</div>
      <div id="conflicts" class="section"><h2>Conflicts</h2>${story('Two people may amend the same draft.', 'The tool notices the divergence.', 'One of them merges the two.')}</div>
      </div></div><div class="footer">Copyright the authors.</div></body></html>`,
    expectId: 'shared-history',
    mustContain: [
      'mastered history',
      'one developer on two computers',
      'Code review',
      'amend the same draft',
    ],
    mustNotContain: ['Copyright'],
  },
  {
    name: 'class tokens: a replies section (js_replies) stays out of the story',
    html: `<html><head><title>Stop buying what you do not need | Life tips</title></head><body><div class="columns">
      <section><article id="post" class="post hentry"><h1>Stop buying what you do not need</h1>${story('We all buy things we do not need.', 'Make a list before you shop.', 'Wait a day before buying.')}</article></section>
      <section class="js_replies"><div class="replies-wrapper">${Array.from({ length: 2 }, (_, i) => `<div class="branch"><p>Reader ${i} says: I started waiting a week before buying anything, and my savings, honestly, doubled within a year.</p></div>`).join('')}</div></section>
      </div>${siteFooter}</body></html>`,
    expectId: 'post',
    mustContain: ['Make a list before you shop'],
    mustNotContain: ['my savings'],
  },
];

describe('article rules', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { article } = detectRegions(page(c.html));
      expect(article).not.toBeNull();
      if (c.expectId) expect(article?.id).toBe(c.expectId);
      for (const s of c.mustContain) expect(text(article)).toContain(s);
      for (const s of c.mustNotContain) expect(text(article)).not.toContain(s);
    });
  }
});

describe('teaser boxes', () => {
  // Which boxes count as teasers (a linked headline and a short summary), by the id of the box.
  const cases: { name: string; body: string; teasers: string[] }[] = [
    {
      name: 'linked headlines with a summary each are teasers',
      body: `<div id="story"><h1>Ferry slip rebuilt</h1>${story('The harbour board voted to rebuild the slip.')}</div>
        <ul><li><div id="t1"><h3><a href="/1">Another story on another page</a></h3><p>Its summary, in one line.</p></div></li>
        <li><div id="t2"><h4><a href="/2">A third story on a third page</a></h4><p>Its summary, in one line too.</p></div></li></ul>`,
      teasers: ['t1', 't2'],
    },
    {
      name: "a linked heading that matches the page's title is the story's own, even when not the headline",
      body: `<div class="crumbs"><a href="/">Home</a> <h1>Ferry slip rebuilt</h1></div>
        <div id="post"><h2><a href="/ferry">Ferry slip rebuilt</a></h2>${story('The harbour board voted to rebuild the slip.')}</div>`,
      teasers: [],
    },
    {
      name: 'a heading that is not a link, or a box holding more than a summary, is no teaser',
      body: `<div id="a"><h3>Plain subheading</h3><p>Its paragraph, in one line.</p></div>
        <div id="b"><h3><a href="/b">Linked subheading</a></h3>${story('One.', 'Two.', 'Three.', 'Four.', 'Five.', 'Six.')}</div>`,
      teasers: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const doc = page(`<html><head><title>Ferry slip rebuilt</title></head><body>${c.body}</body></html>`);
      const stats = measurePage(doc.body);
      const titled = titleHeadings(doc, stats);
      const teasers = findTeasers(stats.postorder, findHeadline(doc, stats, titled), titled);
      expect([...teasers].map((s) => s.element.id)).toEqual(c.teasers);
    });
  }
});

describe('headline', () => {
  const cases: { name: string; title: string; body: string; headline: string }[] = [
    {
      name: "the heading matching more of the title wins over a higher-ranked one (a blog's name in an h1)",
      title: 'Gadget blog: The Reader gadget is here for everyone',
      body: `<div id="top"><h1 id="name">Gadget blog</h1></div><div class="post"><h3 id="post">The Reader gadget is here for everyone</h3></div>`,
      headline: 'post',
    },
    {
      name: "a heading in the site's banner loses to one outside it, even when it matches more",
      title: 'Inside the Desktop Gadget Team: The Reader gadget',
      body: `<div id="banner"><h1 id="name">Inside the Desktop Gadget Team</h1></div><div class="post"><h3 id="post">The Reader gadget</h3></div>`,
      headline: 'post',
    },
    {
      name: "a story's own header is not the site's banner",
      title: 'Water main repaired | Gazette',
      body: `<div id="masthead"><h2 id="name">Gazette</h2></div><article><header class="header"><h1 id="post">Water main repaired</h1></header></article>`,
      headline: 'post',
    },
    {
      name: 'among equal matches, the first highest-ranked heading',
      title: 'Water main repaired',
      body: `<h2 id="kicker">Water main repaired</h2><h1 id="post">Water main repaired</h1><h1 id="again">Water main repaired</h1>`,
      headline: 'post',
    },
    {
      name: 'no heading matches the title: the only h1',
      title: 'Gazette',
      body: `<h2 id="side">Most read</h2><h1 id="post">Water main repaired</h1>`,
      headline: 'post',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const doc = page(`<html><head><title>${c.title}</title></head><body>${c.body}</body></html>`);
      const stats = measurePage(doc.body);
      expect(findHeadline(doc, stats)?.element.id).toBe(c.headline);
    });
  }
});
