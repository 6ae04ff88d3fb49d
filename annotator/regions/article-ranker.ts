/**
 * Picks the story element among a few candidates (the choosers' picks and their near relatives) by a learned
 * linear score over features measured once per candidate. The hand-written cascade's pick is one candidate
 * and one feature: the model learns when the evidence says a parent, a child or the other chooser's pick
 * holds the story better, from the corpus rather than from rules written for single pages.
 */

import {
  type ArticleChoice,
  type ArticleInput,
  CONTENT_NAME,
  children,
  isProseParagraph,
  ruleArticle,
} from './article';
import { ARTICLE_RANKER } from './article-weights';
import { type LinearModel, linearScore } from './linear-model';
import { type ElementStats, isInside } from './text-stats';

/** Feature names, in the order `candidateFeatures` fills them (the weights file names them the same way). */
export const ARTICLE_FEATURES = [
  'isRule',
  'isSubtree',
  'isParagraph',
  'isDeclared',
  'isBest',
  'textShare',
  'logTextToRule',
  'linkDensity',
  'proseShare',
  'proseCoverage',
  'subtreeScore',
  'paragraphScore',
  'holdsHeadline',
  'holdsComments',
  'boilerplateShare',
  'contentName',
  'articleTag',
  'holdsRule',
  'insideRule',
  'holdsForm',
] as const;

export interface ArticleCandidate {
  stats: ElementStats;
  features: number[];
}

/** Tags that mark the story (or the page's main content) themselves. */
const STORY_TAGS = new Set(['ARTICLE', 'MAIN']);

/** How many ancestors of each chooser's pick are candidates too. */
const ANCESTOR_HOPS = 2;

/**
 * Candidate story elements, the cascade's pick first (so it wins ties): each chooser's pick, its parent and
 * grandparent, and its child with the most text. Elements inside comment sections and empty ones are out.
 */
export function articleCandidates(input: ArticleInput, choice: ArticleChoice, rule: ElementStats) {
  const seeds = [rule, choice.subtree, choice.paragraph, input.declared ?? null, choice.best];
  const out: ElementStats[] = [];
  const seen = new Set<ElementStats>();
  const add = (s: ElementStats | null | undefined) => {
    if (!s || seen.has(s) || s.text === 0 || choice.inZone.has(s)) return;
    seen.add(s);
    out.push(s);
  };
  for (const seed of seeds) add(seed);
  for (const seed of seeds) {
    if (!seed) continue;
    let p = seed.parent;
    for (let hop = 0; p && hop < ANCESTOR_HOPS; hop++, p = p.parent) add(p);
    let biggest: ElementStats | null = null;
    for (const child of children(input.stats, seed))
      if (!biggest || child.text > biggest.text) biggest = child;
    add(biggest);
  }
  return out;
}

/**
 * Per element's subtree, in one bottom-up pass: characters of prose paragraphs (`isProseParagraph`) and
 * characters inside boilerplate (outermost boilerplate elements only, so none counts twice).
 */
function subtreeSums(
  input: ArticleInput,
  choice: ArticleChoice,
): { prose: Float64Array; boilerplate: Float64Array } {
  const { postorder } = input.stats;
  const prose = new Float64Array(postorder.length);
  const boilerplate = new Float64Array(postorder.length);
  for (const s of postorder) {
    if (isProseParagraph(s)) prose[s.index] = s.text;
    if (choice.inBoilerplate.has(s) && !(s.parent && choice.inBoilerplate.has(s.parent)))
      boilerplate[s.index] = s.text;
    if (!s.parent) continue;
    prose[s.parent.index] = (prose[s.parent.index] ?? 0) + (prose[s.index] ?? 0);
    boilerplate[s.parent.index] = (boilerplate[s.parent.index] ?? 0) + (boilerplate[s.index] ?? 0);
  }
  return { prose, boilerplate };
}

export function rankCandidates(
  input: ArticleInput,
  choice: ArticleChoice,
  rule: ElementStats,
  candidates: ElementStats[],
): ArticleCandidate[] {
  const { stats, headline, zones } = input;
  const root = stats.postorder[stats.postorder.length - 1] as ElementStats;
  const pageText = Math.max(1, root.text);
  const { prose, boilerplate } = subtreeSums(input, choice);
  const pageProse = Math.max(1, prose[root.index] ?? 0);
  const bestScore = Math.max(1, choice.best.score);
  const paragraphScores = choice.paragraphScores;
  const paragraphBest =
    choice.paragraph && paragraphScores ? (paragraphScores[choice.paragraph.index] ?? 0) : 0;
  return candidates.map((c) => {
    const text = Math.max(1, c.text);
    const features = [
      c === rule ? 1 : 0,
      c === choice.subtree ? 1 : 0,
      c === choice.paragraph ? 1 : 0,
      c === input.declared ? 1 : 0,
      c === choice.best ? 1 : 0,
      c.text / pageText,
      Math.log((c.text + 1) / (rule.text + 1)),
      c.linkText / text,
      (prose[c.index] ?? 0) / text,
      (prose[c.index] ?? 0) / pageProse,
      c.score / bestScore,
      paragraphBest > 0 && paragraphScores ? (paragraphScores[c.index] ?? 0) / paragraphBest : 0,
      headline && isInside(headline, c) ? 1 : 0,
      zones.some((z) => isInside(z, c)) ? 1 : 0,
      (boilerplate[c.index] ?? 0) / text,
      c.name && CONTENT_NAME.test(c.name) ? 1 : 0,
      STORY_TAGS.has(c.tag) || (c.itemprop !== null && /articleBody/i.test(c.itemprop)) ? 1 : 0,
      c !== rule && isInside(rule, c) ? 1 : 0,
      c !== rule && isInside(c, rule) ? 1 : 0,
      c.forms > 0 ? 1 : 0,
    ];
    return { stats: c, features };
  });
}

/** The candidate the model scores highest; the first (the cascade's pick) among equals. */
export function pickCandidate(
  ranked: readonly { features: readonly number[] }[],
  model: LinearModel = ARTICLE_RANKER,
): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  ranked.forEach((c, i) => {
    const score = linearScore(model, c.features);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

export interface RankedArticle {
  element: Element;
  /** Every candidate with its features, the pick among them (for the evaluation and training scripts). */
  candidates: ArticleCandidate[];
  picked: number;
}

export function rankArticle(
  input: ArticleInput,
  choice: ArticleChoice,
  model: LinearModel = ARTICLE_RANKER,
): RankedArticle {
  const rule = ruleArticle(choice, input);
  const candidates = rankCandidates(input, choice, rule, articleCandidates(input, choice, rule));
  const picked = pickCandidate(candidates, model);
  return { element: (candidates[picked]?.stats ?? rule).element, candidates, picked };
}
