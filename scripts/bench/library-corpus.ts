/**
 * A generated library for `npm run bench:library`: ANNOTATIONS highlights over STORIES stories, as the Gloss
 * export a reader would import. Deterministic (seeded), so every run measures the same library.
 *
 * Realistic in what search and ranking feel: sentences drawn from a Zipf-like vocabulary (a few words in most
 * quotes, most words in few), notes on 40%, tags on most, a third of highlights in comments (with commenters),
 * stories spread over sites and three years. A few words are planted where the benchmark needs them: a rare
 * word in RARE_HITS highlights, and a tag used by about 1 in 12.
 */

import type { Annotation, HighlightColor } from '../../storage/annotation';
import { exportW3C } from '../../storage/export';
import { seededRandom } from './random';

export const ANNOTATIONS = 100_000;
export const STORIES = 5_000;
export const NOTE_SHARE = 0.4;
export const COMMENT_SHARE = 0.35;
export const RARE_WORD = 'zyzzogeton';
export const RARE_HITS = 7;
export const COMMON_TAG = 'economy';

const START = Date.UTC(2023, 0, 1);
const SPAN_MS = 3 * 365 * 24 * 60 * 60 * 1000;
const SITES = 240;
const COMMENTERS = 800;
const VOCABULARY = 6_000;
const QUOTE_WORDS: [number, number] = [12, 45];
const NOTE_WORDS: [number, number] = [4, 30];
const TITLE_WORDS: [number, number] = [5, 12];
const MAX_TAGS = 3;
const COLORS: HighlightColor[] = ['yellow', 'green', 'blue', 'pink', 'purple'];
const TAGS = [
  COMMON_TAG,
  'climate',
  'housing',
  'transit',
  'health',
  'schools',
  'courts',
  'elections',
  'energy',
  'labour',
  'tech',
  'privacy',
  'science',
  'culture',
  'sport',
  'local news',
  'foreign policy',
  'budget',
  'water',
  'farming',
  'follow up',
  'quote',
  'data',
  'to read',
  'disputed',
  'source',
  'interview',
  'opinion',
  'history',
  'media',
];
/** Common English words, most frequent first: the head of the distribution. */
const HEAD = (
  'the of and to a in that is was he for it with as his on be at by had are but from or have an they which one ' +
  'you were her all she there would their we him been has when who will more no if out so said what up its about ' +
  'into than them can only other new some could time these two may then do first any my now such like our over ' +
  'man me even most made after also did many before must through back years where much your way well down should ' +
  'because each just those people how too little state good very make world still own see men work long get here ' +
  'between both life being under never day same another know while last might us great old year off come since ' +
  'against go came right used take three council policy climate government city public report plan vote minister'
).split(' ');
const SYLLABLES =
  'ka ri to me na su lo ve di pa no ter gan mil sor bel fra tin dor ques lum har cor pen vis'.split(' ');

function vocabulary(random: () => number): string[] {
  const words = [...HEAD];
  const seen = new Set(words);
  while (words.length < VOCABULARY) {
    const parts = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < parts; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(w) && w !== RARE_WORD) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}

export function generateLibrary(seed = 14): Annotation[] {
  const random = seededRandom(seed);
  const words = vocabulary(random);
  const int = ([lo, hi]: [number, number]) => lo + Math.floor(random() * (hi - lo + 1));
  // Zipf-like: index ~ VOCABULARY^u, so low indexes (the head) come up most.
  const word = () => words[Math.min(words.length - 1, Math.floor(words.length ** random()) - 1)] as string;
  const sentence = (range: [number, number]) => {
    const n = int(range);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(word());
    const text = out.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const commenters = Array.from(
    { length: COMMENTERS },
    () => `${sentence([1, 1]).slice(0, -1)} ${sentence([1, 1]).slice(0, 1)}.`,
  );
  const stories = Array.from({ length: STORIES }, (_, i) => ({
    url: `https://news${i % SITES}.example.com/${2023 + (i % 3)}/story-${i}`,
    title: sentence(TITLE_WORDS).slice(0, -1),
    published: START + Math.floor(random() * SPAN_MS),
  }));
  const rare = new Set(Array.from({ length: RARE_HITS }, () => Math.floor(random() * ANNOTATIONS)));
  const annotations: Annotation[] = [];
  for (let i = 0; i < ANNOTATIONS; i++) {
    const story = stories[i % STORIES] as (typeof stories)[number];
    let quote = sentence(QUOTE_WORDS);
    if (rare.has(i)) quote = `${quote.slice(0, -1)} ${RARE_WORD}.`;
    const createdAt = Math.min(
      START + SPAN_MS,
      story.published + Math.floor(random() * 30 * 24 * 3600 * 1000),
    );
    const edited = random() < 0.2;
    const tags = [
      ...new Set(
        Array.from(
          { length: Math.floor(random() * (MAX_TAGS + 1)) },
          () => TAGS[Math.floor(random() ** 2 * TAGS.length)] as string,
        ),
      ),
    ];
    const inComment = random() < COMMENT_SHARE;
    const start = Math.floor(random() * 20_000);
    annotations.push({
      id: uuid(random),
      pageUrl: story.url,
      pageTitle: story.title,
      region: inComment
        ? {
            kind: 'comment',
            author: commenters[Math.floor(random() * COMMENTERS)] as string,
            commentKey: `c-${i}`,
          }
        : { kind: 'article' },
      selectors: [
        { type: 'TextQuoteSelector', exact: quote, prefix: sentence([3, 6]), suffix: sentence([3, 6]) },
        { type: 'TextPositionSelector', start, end: start + quote.length },
      ],
      quote,
      note: random() < NOTE_SHARE ? sentence(NOTE_WORDS) : '',
      color: COLORS[Math.floor(random() * COLORS.length)] as HighlightColor,
      tags,
      createdAt,
      updatedAt: edited ? createdAt + Math.floor(random() * 1e8) : createdAt,
      anchored: true,
    });
  }
  return annotations;
}

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The library as the file a reader imports: a Gloss export (story by story, as Gloss writes it), compact. */
export function libraryFile(annotations: readonly Annotation[]): string {
  const byStory = [...annotations].sort((a, b) =>
    a.pageUrl < b.pageUrl ? -1 : a.pageUrl > b.pageUrl ? 1 : a.createdAt - b.createdAt,
  );
  return JSON.stringify(exportW3C(byStory));
}
