// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectRegions, type PageRegions, regionOf } from '../../annotator/regions';

function page(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

function fixture(name: string): Document {
  return page(readFileSync(resolve(__dirname, '../fixtures/regions', name), 'utf8'));
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const para = (words: string) =>
  `<p>${words} The story continues with enough ordinary prose to read like a real paragraph of news.</p>`;

function authors(regions: PageRegions): (string | null)[] {
  return regions.comments.map((c) => c.author);
}

describe('article detection', () => {
  const cases: {
    name: string;
    html: string;
    expectTag?: string;
    mustContain: string;
    mustNotContain: string[];
  }[] = [
    {
      name: 'JSON-LD NewsArticle page with an <article> and a share bar outside it',
      html: `<html><head><title>Tide gauge installed | Paper</title>
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Tide gauge installed"}</script></head>
        <body><nav><a href="/">Home</a><a href="/a">World</a><a href="/b">Business</a></nav>
        <article><h1>Tide gauge installed</h1>${para('Engineers fixed a new tide gauge to the pier.')}${para('The device reports every minute.')}${para('Fishermen welcomed it.')}</article>
        <div class="share"><a href="#">Share</a><a href="#">Tweet</a></div>
        <footer>Copyright and contact details of the newspaper group go here.</footer></body></html>`,
      expectTag: 'ARTICLE',
      mustContain: 'Engineers fixed a new tide gauge',
      mustNotContain: ['Tweet', 'Copyright'],
    },
    {
      name: 'microdata articleBody inside a CMS layout with a sidebar',
      html: `<html><head><title>Orchard harvest doubles</title></head><body>
        <div class="layout"><div class="main" itemscope itemtype="https://schema.org/NewsArticle">
        <h1 itemprop="headline">Orchard harvest doubles</h1>
        <div itemprop="articleBody" class="article-body">${para('Apple growers in the valley picked twice as much fruit.')}${para('Warm spring weather helped.')}</div></div>
        <div class="sidebar"><h3>Most read</h3><ul><li><a href="/1">One long headline about something</a></li><li><a href="/2">Another long headline about other things</a></li></ul></div></div></body></html>`,
      mustContain: 'Apple growers in the valley',
      mustNotContain: ['Most read'],
    },
    {
      name: 'no semantic markup: text density finds the story among link lists',
      html: `<html><head><title>Night trains return</title></head><body>
        <div id="top"><a href="/">Home</a> | <a href="/x">Travel</a> | <a href="/y">Money</a></div>
        <div id="wrap"><div id="left"><ul><li><a href="/1">Link one to another story</a></li><li><a href="/2">Link two to another story</a></li></ul></div>
        <div id="story"><h2>Night trains return</h2>${para('Sleeper services between the capital and the coast resume in May.')}${para('Tickets go on sale next week.')}${para('Operators expect strong demand.')}</div></div></body></html>`,
      mustContain: 'Sleeper services between the capital',
      mustNotContain: ['Link one to another story'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { article } = detectRegions(page(c.html));
      expect(article).not.toBeNull();
      if (c.expectTag) expect(article?.tagName).toBe(c.expectTag);
      expect(text(article)).toContain(c.mustContain);
      for (const junk of c.mustNotContain) expect(text(article)).not.toContain(junk);
    });
  }

  it('keeps the WordPress comment section out of the article', () => {
    const doc = fixture('wordpress.html');
    const { article } = detectRegions(doc);
    expect(text(article)).toContain('Council approves the new riverside park');
    expect(text(article)).toContain('regional fund for former industrial land');
    expect(text(article)).not.toContain('My kids have been asking');
    expect(text(article)).not.toContain('Leave a Reply');
  });
});

describe('comment detection', () => {
  it('WordPress: one entry per comment, replies separate, authors and keys', () => {
    const doc = fixture('wordpress.html');
    const regions = detectRegions(doc);
    expect(regions.comments).toHaveLength(3);
    expect(authors(regions)).toEqual(['Tomas Reyes', 'Ines Abara', 'Pieter Vos']);
    expect(regions.comments.map((c) => c.key)).toEqual(['comment-101', 'comment-102', 'comment-103']);
    // The parent's entry is its own article, not the <li> that also holds the reply.
    const first = regions.comments[0];
    expect(text(first?.element)).toContain('My kids have been asking');
    expect(text(first?.element)).not.toContain('old rail tracks');
  });

  it('schema.org microdata comments', () => {
    const doc = page(`<html><body><article><h1>Story</h1>${para('Body text of the story.')}</article>
      <section id="talk">${['Ana', 'Ben']
        .map(
          (name, i) => `<div itemprop="comment" itemscope itemtype="https://schema.org/Comment" id="c${i}">
          <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">${name}</span></span>
          <time itemprop="dateCreated">2024-05-0${i + 1}</time><p itemprop="text">I think the council should publish the survey in full.</p></div>`,
        )
        .join('')}</section></body></html>`);
    const regions = detectRegions(doc);
    expect(regions.comments).toHaveLength(2);
    expect(authors(regions)).toEqual(['Ana', 'Ben']);
    expect(regions.comments[1]?.key).toBe('c1');
  });

  it('Disqus placeholder on the story page reports no comments of its own', () => {
    const doc = page(`<html><body><article><h1>Story</h1>${para('Body.')}${para('More body.')}</article>
      <div id="disqus_thread"></div><script src="https://example.disqus.com/embed.js"></script></body></html>`);
    const regions = detectRegions(doc);
    expect(regions.comments).toEqual([]);
    expect(regions.article).not.toBeNull();
  });

  it('a Disqus-like iframe document: posts with nested replies', () => {
    const post = (id: number, name: string, body: string, children = '') => `
      <li class="post" id="post-${id}"><div class="post-content" data-role="post-content">
        <div class="avatar"><img src="a.png" alt=""></div>
        <div class="post-body"><header><span class="post-byline"><span class="author publisher-anchor-color"><a href="#">${name}</a></span></span>
        <a class="time-ago" href="#comment-${id}" title="Monday">2 hours ago</a></header>
        <div class="post-message" data-role="message"><p>${body}</p></div>
        <footer><a class="vote-up">Upvote</a> <a class="reply">Reply</a></footer></div></div>
        ${children ? `<ul class="children">${children}</ul>` : ''}</li>`;
    const doc = page(`<html><body><div id="layout"><div id="posts"><ul id="post-list" class="post-list">
      ${post(1, 'Rosa Lind', 'The bus lane has made my commute ten minutes shorter.', post(2, 'Karl Ek', 'Mine too, but cyclists lost their lane.'))}
      ${post(3, 'Dee Moss', 'Nobody asked the residents of the side streets.')}
      </ul></div></div></body></html>`);
    const regions = detectRegions(doc);
    expect(authors(regions)).toEqual(['Rosa Lind', 'Karl Ek', 'Dee Moss']);
    expect(text(regions.comments[0]?.element)).not.toContain('cyclists lost');
    expect(regions.comments[1]?.key).toBe('post-2');
  });

  it('Coral-like comments inside an open shadow root', () => {
    const doc = page(
      `<html><body><article><h1>Story</h1>${para('Body.')}${para('More.')}</article><div id="coral_thread"></div></body></html>`,
    );
    const host = doc.getElementById('coral_thread') as Element;
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = ['Lea', 'Sam']
      .map(
        (
          name,
          i,
        ) => `<div class="coral-comment" id="comment-${i + 10}"><div class="coral-comment-username"><span class="coral-username">${name}</span></div>
        <div class="coral-comment-timestamp">5 minutes ago</div><div class="coral-comment-content">The park should stay open after dark in summer.</div></div>`,
      )
      .join('');
    const regions = detectRegions(doc);
    expect(regions.comments).toHaveLength(2);
    expect(authors(regions)).toEqual(['Lea', 'Sam']);
    const inner = regions.comments[1]?.element.querySelector('.coral-comment-content')?.firstChild as Node;
    expect(regionOf(regions, inner)).toMatchObject({ kind: 'comment', author: 'Sam', key: 'comment-11' });
  });

  it('OpenWeb / Spot.IM and Viafoura markup', () => {
    const openweb =
      page(`<html><body><article>${para('Body.')}</article><div data-spotim-module="conversation">
      ${[1, 2]
        .map(
          (
            i,
          ) => `<div data-spot-im-class="message-view" data-message-id="m${i}"><span class="spcv_username">User ${i}</span>
          <time>1 hour ago</time><div class="spcv_message-text">Good report, thanks for the detail on the budget.</div></div>`,
        )
        .join('')}</div></body></html>`);
    const ow = detectRegions(openweb);
    expect(ow.comments.map((c) => c.key)).toEqual(['m1', 'm2']);
    expect(authors(ow)).toEqual(['User 1', 'User 2']);

    const viafoura =
      page(`<html><body><article>${para('Body.')}</article><div class="viafoura"><div class="vf-comments">
      ${[1, 2, 3]
        .map(
          (
            i,
          ) => `<div class="vf-comment" data-vf-comment-id="v${i}"><div class="vf-comment-header"><span class="vf-username">Reader ${i}</span>
          <span class="vf-timestamp">3 days ago</span></div><div class="vf-content">This is the third closure of the road this year.</div></div>`,
        )
        .join('')}</div></div></body></html>`);
    const vf = detectRegions(viafoura);
    expect(vf.comments).toHaveLength(3);
    expect(vf.comments.map((c) => c.key)).toEqual(['v1', 'v2', 'v3']);
    expect(authors(vf)).toEqual(['Reader 1', 'Reader 2', 'Reader 3']);
  });

  it('forum-like fallback: repeated author + time blocks in a discussion section', () => {
    const doc = page(`<html><body><div class="story"><h1>Story</h1>${para('Body.')}${para('More.')}</div>
      <div id="discussion"><h2>Discussion</h2><dl>
      <dt>1. Ana Ruiz - August 8, 2012</dt><dd><p>Great pictures of the old harbour.</p></dd>
      <dt>2. Joe Park - August 9, 2012</dt><dd><p>I remember the ferry from when I was a child.</p></dd>
      </dl></div></body></html>`);
    const regions = detectRegions(doc);
    expect(regions.comments).toHaveLength(2);
    expect(authors(regions)).toEqual(['Ana Ruiz', 'Joe Park']);
  });

  describe('pages without comments report none', () => {
    it('nav link, "0 comments" counter, closed notice, related list and recent-comments widget', () => {
      const regions = detectRegions(fixture('no-comments.html'));
      expect(regions.comments).toEqual([]);
      expect(text(regions.article)).toContain('The harbour ferry will run every twenty minutes');
    });
    it('a comment form alone', () => {
      const doc =
        page(`<html><body><article>${para('Body.')}</article><div id="comments"><h3>Leave a Reply</h3>
        <form id="commentform"><p class="comment-notes">Your email address will not be published. Required fields are marked.</p>
        <p class="comment-form-comment"><textarea name="comment"></textarea></p></form></div></body></html>`);
      expect(detectRegions(doc).comments).toEqual([]);
    });
    it('"sign in to comment" calls to action', () => {
      const doc = page(`<html><body><article>${para('Body.')}</article><div class="comments-container">
        <div class="post">Join The Conversation: Sign Up / Log In to share what you think</div>
        <div class="cta">Please sign in to comment on this story and join the others</div></div></body></html>`);
      expect(detectRegions(doc).comments).toEqual([]);
    });
  });
});

describe('regionOf', () => {
  it('a node in a comment is never article text, even when the comments sit inside the article', () => {
    const doc = page(`<html><body><article id="a"><h1>Story</h1>${para('Body.')}${para('More body.')}
      <div id="comments"><div class="comment" id="comment-1"><span class="comment-author">Ola</span>
      <p>I disagree with the second paragraph of this article entirely.</p></div></div></article></body></html>`);
    const regions = detectRegions(doc);
    const commentText = doc.querySelector('#comment-1 p')?.firstChild as Node;
    const articleText = doc.querySelector('#a p')?.firstChild as Node;
    expect(regionOf(regions, commentText)).toMatchObject({
      kind: 'comment',
      author: 'Ola',
      key: 'comment-1',
    });
    expect(regionOf(regions, articleText)).toMatchObject({ kind: 'article' });
    expect(regionOf(regions, doc.head as Node)).toBeNull();
  });
});

describe('declared story body', () => {
  // The story sits beside a neutral-looking block of prose (a letters box) inside one wrapper: text density
  // alone takes the wrapper, the page's own declaration narrows it to the body.
  const bodyParas = [
    para('The harbour board voted on Tuesday to rebuild the old ferry slip before winter.'),
    para('Repairs will close the eastern quay for six weeks, the board said.'),
    para('Local skippers asked for a temporary landing stage during the works.'),
  ].join('');
  const letters = `<div class="box-b">${para('A reader writes that the quay lights have been broken since spring.')}${para('Another reader asks why the car park fees went up again.')}</div>`;
  const bodyText = text(page(`<div>${bodyParas}</div>`).body);

  const cases: { name: string; head: string; bodyAttributes: string }[] = [
    {
      name: 'JSON-LD NewsArticle articleBody is matched back to the element holding that text',
      head: `<script type="application/ld+json">${JSON.stringify({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebPage', name: 'Ferry slip' },
          { '@type': 'NewsArticle', headline: 'Ferry slip to be rebuilt', articleBody: bodyText },
        ],
      })}</script>`,
      bodyAttributes: 'class="box-a"',
    },
    {
      name: 'microdata itemprop=articleBody marks the body element',
      head: '',
      bodyAttributes: 'class="box-a" itemprop="articleBody"',
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const doc = page(`<html><head><title>Ferry slip to be rebuilt</title>${c.head}</head><body>
        <div class="wrap" itemscope itemtype="https://schema.org/NewsArticle">
        <div ${c.bodyAttributes}>${bodyParas}</div>${letters}</div></body></html>`);
      const { article } = detectRegions(doc);
      expect(article?.getAttribute('class')).toBe('box-a');
      expect(text(article)).toContain('rebuild the old ferry slip');
      expect(text(article)).not.toContain('quay lights');
    });
  }

  it('ignores a declaration whose text is not on the page', () => {
    const doc = page(
      `<html><head><title>Ferry slip</title><script type="application/ld+json">${JSON.stringify({
        '@type': 'NewsArticle',
        articleBody:
          'Completely different words that appear nowhere in this document at all, not even once, really.',
      })}</script></head><body><div class="wrap"><div class="box-a">${bodyParas}</div></div></body></html>`,
    );
    expect(text(detectRegions(doc).article)).toContain('rebuild the old ferry slip');
  });
});
