/**
 * The benchmark's long story: a 5,000-word article with 500 nested reader comments, in the markup of a common
 * news CMS (WordPress: `article.hentry`, `ol.comment-list > li.comment`, replies in `ol.children`), which is
 * what most comment sections look like. Generated from a seeded PRNG, so every run and every machine gets the
 * same page, byte for byte. Static HTML, no page scripts.
 */
import { seededRandom } from './random';

export interface LongStoryOptions {
  articleWords: number;
  comments: number;
  seed: number;
}

export const LONG_STORY: LongStoryOptions = { articleWords: 5000, comments: 500, seed: 20261120 };

/** Deepest reply level (top-level comments are depth 1), as many CMSs cap threading. */
const MAX_DEPTH = 5;

const WORDS = (
  'the council city plan housing garage street vote members residents said would that which with from ' +
  'their after before about years million percent downtown report study staff owners shops parking spaces ' +
  'weekday evening morning night public comment hearing meeting budget state fund developer building homes ' +
  'apartments rent families workers nurses drivers retirees harbor waterfront pier canal mill road bridge ' +
  'traffic buses trains bikes school library park market bakery cafe neighbours neighbourhood district ward ' +
  'mayor clerk engineer architect contractor union business association tenants landlords leases permits ' +
  'zoning height density shadow view light noise safety concrete steel columns decks floors roof stairs ' +
  'elevator lobby courtyard garden trees sidewalk curb loading zone enforcement tickets fines taxes revenue ' +
  'cost estimate timeline construction summer winter spring autumn next last first second third final ' +
  'long short large small old new quiet busy early late open closed careful honest simple difficult ' +
  'clear uncertain likely possible enough more less most many few several every each other another same ' +
  'asked told warned argued noted added agreed disagreed expected promised questioned welcomed opposed ' +
  'approved rejected delayed considered proposed reviewed measured counted built kept lost found made ' +
  'because although while since unless until where when whether however instead still also only even ' +
  'perhaps already almost never often sometimes usually again together nearly roughly exactly'
).split(' ');

const NAMES = (
  'Dana Whitcombe,Theo Marchetti,Ines Barros,Kwame Mensah,Lotte de Vries,Ravi Iyer,Mei Lin,Oskar Nyberg,' +
  'Priya Raman,Samuel Aydin,Hana Kobayashi,Jonas Weber,Amara Okonkwo,Lucia Ferreira,Tomasz Zielinski,' +
  'Grace Mwangi,Mateo Rojas,Elif Demir,Noah Fischer,Sofia Lindqvist,Yusuf Kaya,Ada Morgan,Pavel Novak,' +
  'Chloe Martin,Ibrahim Diallo,Nina Petrova,Owen Byrne,Leila Haddad,Hugo Laurent,Zara Ahmed'
).split(',');

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    let w = pick(rand, WORDS);
    if (i === 0) w = w[0]?.toUpperCase() + w.slice(1);
    if (i > 2 && i < words - 2 && rand() < 0.08) w += ',';
    out.push(w);
  }
  return `${out.join(' ')}${rand() < 0.1 ? '?' : '.'}`;
}

/** Paragraphs of 3 to 6 sentences until `words` words are written; the last paragraph stops on the count. */
function paragraphs(rand: () => number, words: number, perParagraph: [number, number]): string[] {
  const out: string[] = [];
  let left = words;
  while (left > 0) {
    const sentences: string[] = [];
    const n = perParagraph[0] + Math.floor(rand() * (perParagraph[1] - perParagraph[0] + 1));
    for (let s = 0; s < n && left > 0; s++) {
      const len = Math.min(left, 8 + Math.floor(rand() * 18));
      sentences.push(sentence(rand, len));
      left -= len;
    }
    out.push(sentences.join(' '));
  }
  return out;
}

interface Comment {
  id: number;
  author: string;
  minutes: number;
  paragraphs: string[];
  replies: Comment[];
}

/** 500 comments in threads: each is a new thread or a reply to one of the last few, up to MAX_DEPTH deep. */
function commentThreads(rand: () => number, count: number): Comment[] {
  const roots: Comment[] = [];
  const recent: { comment: Comment; depth: number }[] = [];
  for (let i = 0; i < count; i++) {
    const comment: Comment = {
      id: 5000 + i,
      author: pick(rand, NAMES),
      minutes: 7 * i + Math.floor(rand() * 7),
      paragraphs: paragraphs(rand, 15 + Math.floor(rand() * 75), [1, 3]),
      replies: [],
    };
    const parent = recent.length > 0 && rand() < 0.6 ? recent[Math.floor(rand() * recent.length)] : undefined;
    if (parent && parent.depth < MAX_DEPTH) {
      parent.comment.replies.push(comment);
      recent.push({ comment, depth: parent.depth + 1 });
    } else {
      roots.push(comment);
      recent.push({ comment, depth: 1 });
    }
    if (recent.length > 8) recent.shift();
  }
  return roots;
}

function time(minutes: number): { iso: string; text: string } {
  const d = new Date(Date.UTC(2026, 10, 20, 8, 0) + minutes * 60_000);
  return {
    iso: d.toISOString().replace('.000', ''),
    text: d.toUTCString().replace(' GMT', ''),
  };
}

function commentHtml(c: Comment, depth: number): string {
  const t = time(c.minutes);
  const replies = c.replies.length
    ? `<ol class="children">${c.replies.map((r) => commentHtml(r, depth + 1)).join('\n')}</ol>`
    : '';
  return `<li id="comment-${c.id}" class="comment depth-${depth}${c.replies.length ? ' parent' : ''}">
<article id="div-comment-${c.id}" class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">${c.author}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="#comment-${c.id}"><time datetime="${t.iso}">${t.text}</time></a></div></footer>
<div class="comment-content">${c.paragraphs.map((p) => `<p>${p}</p>`).join('')}</div>
<div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
</article>${replies}</li>`;
}

const STYLE = `
  body { margin: 0; font: 18px/1.6 Georgia, "Times New Roman", serif; color: #1b1b1b; background: #fbfaf7; }
  .masthead { border-bottom: 3px double #222; padding: 14px 24px; background: #fff; }
  .masthead a { font: 700 28px/1 "Times New Roman", serif; color: #111; text-decoration: none; }
  .layout { max-width: 1080px; margin: 0 auto; display: grid; grid-template-columns: minmax(0, 1fr) 260px; gap: 40px; padding: 24px; }
  h1 { font-size: 38px; line-height: 1.15; margin: 8px 0 10px; }
  .byline { font: 14px/1.4 system-ui, sans-serif; color: #666; margin-bottom: 18px; }
  aside { font: 15px/1.45 system-ui, sans-serif; }
  #comments { margin-top: 48px; border-top: 2px solid #222; padding-top: 12px; font: 16px/1.5 system-ui, sans-serif; }
  .comment-list, .comment-list .children { list-style: none; padding-left: 0; }
  .comment-list .children { padding-left: 28px; border-left: 2px solid #e4e0d6; margin-left: 8px; }
  .comment-body { padding: 12px 0; }
  .comment-meta { font-size: 14px; color: #666; }
  .comment-author .fn { font-weight: 700; color: #222; }
  .comment-content p { margin: 6px 0; }
  .reply a { font-size: 13px; color: #26c; }`;

/** The whole page, as the server sends it. */
export function longStoryHtml(options: LongStoryOptions = LONG_STORY): string {
  const rand = seededRandom(options.seed);
  const title = 'Harbor City weighs a decade of waterfront plans in one long night';
  const body = paragraphs(rand, options.articleWords, [3, 6]);
  const threads = commentThreads(rand, options.comments);
  const related = Array.from({ length: 6 }, () => `<li><a href="#">${sentence(rand, 7)}</a></li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | The Harbor Ledger</title>
<meta property="og:type" content="article">
<style>${STYLE}</style>
</head>
<body>
<header class="masthead"><a href="/">The Harbor Ledger</a></header>
<div class="layout">
<main>
<article class="post type-post hentry" id="post-7001">
<header class="entry-header">
<h1 class="entry-title">${title}</h1>
<div class="byline">By <span class="author">Mira Okafor</span> · <time datetime="2026-11-20">November 20, 2026</time></div>
</header>
<div class="entry-content">
${body.map((p) => `<p>${p}</p>`).join('\n')}
</div>
</article>
<section id="comments" class="comments-area">
<h2 class="comments-title">${options.comments} thoughts on “${title}”</h2>
<ol class="comment-list">
${threads.map((c) => commentHtml(c, 1)).join('\n')}
</ol>
</section>
</main>
<aside class="sidebar"><h3>Most read</h3><ul>${related}</ul></aside>
</div>
</body>
</html>
`;
}
