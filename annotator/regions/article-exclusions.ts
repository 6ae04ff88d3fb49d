/**
 * Parts of the story's container that are not the story: a gallery's captions, a related-links box, a share
 * bar, the comment form, a tag list. The container is the one element holding the whole story; a learned
 * logistic model, over features measured once per descendant block, says which of its blocks to leave out.
 * Walked top-down: once a block is left out, nothing inside it is looked at.
 */
import { type ArticleChoice, CONTENT_NAME, children, isBoilerplate, isProseParagraph } from './article';
import { INLINE_TAGS } from './dom';
import { EXCLUSION_MODEL } from './exclusion-weights';
import { type LinearModel, linearScore } from './linear-model';
import { type ElementStats, isInside, type PageStats } from './text-stats';

/** Feature names, in the order `exclusionFeatures` fills them (the weights file names them the same way). */
export const EXCLUSION_FEATURES = [
  'linkDensity',
  'textShare',
  'logText',
  'proseShare',
  'boilerplate',
  'boilerplateShare',
  'namedBoilerplate',
  'holdsComments',
  'holdsForm',
  'holdsHeadline',
  'listTag',
  'furnitureTag',
  'mediaTag',
  'afterProse',
  'beforeProse',
  'scoreDensity',
  'contentName',
  'depth',
] as const;

/** Blocks shorter than this are not worth a decision: a caption's credit line costs the metric nothing. */
const MIN_BLOCK_TEXT = 20;
/** How deep below the container blocks are considered: boilerplate sits near the container's top. */
const MAX_DEPTH = 4;

const LIST_TAGS = new Set(['UL', 'OL', 'DL', 'LI', 'DD', 'DT']);
const FURNITURE_TAGS = new Set(['NAV', 'ASIDE', 'FOOTER', 'HEADER', 'FORM']);
const MEDIA_TAGS = new Set(['FIGURE', 'FIGCAPTION', 'TABLE', 'PICTURE', 'VIDEO']);

export interface ExclusionCandidate {
  stats: ElementStats;
  features: number[];
  /** Index of the nearest candidate it lies in, or -1: leaving that one out leaves this one out too. */
  parent: number;
}

interface Context {
  stats: PageStats;
  choice: ArticleChoice;
  article: ElementStats;
  headline: ElementStats | null;
  zones: ElementStats[];
  prose: Float64Array;
  boilerplate: Float64Array;
  firstProse: number;
  lastProse: number;
}

/**
 * Per element of the container, in one bottom-up pass: characters of prose paragraphs and characters inside
 * boilerplate (outermost boilerplate elements only, so none counts twice); and where the prose starts and
 * ends, in document order.
 */
function measure(stats: PageStats, choice: ArticleChoice, article: ElementStats) {
  const prose = new Float64Array(stats.postorder.length);
  const boilerplate = new Float64Array(stats.postorder.length);
  let firstProse = Number.POSITIVE_INFINITY;
  let lastProse = Number.NEGATIVE_INFINITY;
  for (let i = article.index - article.size + 1; i <= article.index; i++) {
    const s = stats.postorder[i] as ElementStats;
    if (isProseParagraph(s)) {
      prose[i] = s.text;
      firstProse = Math.min(firstProse, s.order);
      lastProse = Math.max(lastProse, s.order + s.size - 1);
    }
    if (choice.inBoilerplate.has(s) && !(s.parent && choice.inBoilerplate.has(s.parent)))
      boilerplate[i] = s.text;
    if (s.parent && s !== article) {
      prose[s.parent.index] = (prose[s.parent.index] ?? 0) + (prose[i] ?? 0);
      boilerplate[s.parent.index] = (boilerplate[s.parent.index] ?? 0) + (boilerplate[i] ?? 0);
    }
  }
  return { prose, boilerplate, firstProse, lastProse };
}

function exclusionFeatures(ctx: Context, s: ElementStats, depth: number): number[] {
  const text = Math.max(1, s.text);
  const prose = ctx.prose[s.index] ?? 0;
  const end = s.order + s.size - 1;
  return [
    s.linkText / text,
    s.text / Math.max(1, ctx.article.text),
    Math.log(1 + s.text),
    prose / text,
    ctx.choice.inBoilerplate.has(s) ? 1 : 0,
    (ctx.boilerplate[s.index] ?? 0) / text,
    isBoilerplate(s) ? 1 : 0,
    ctx.choice.inZone.has(s) || ctx.zones.some((z) => isInside(z, s)) ? 1 : 0,
    s.forms > 0 ? 1 : 0,
    ctx.headline && isInside(ctx.headline, s) ? 1 : 0,
    LIST_TAGS.has(s.tag) ? 1 : 0,
    FURNITURE_TAGS.has(s.tag) ? 1 : 0,
    MEDIA_TAGS.has(s.tag) ? 1 : 0,
    prose === 0 && s.order > ctx.lastProse ? 1 : 0,
    prose === 0 && end < ctx.firstProse ? 1 : 0,
    s.score / text,
    s.name && CONTENT_NAME.test(s.name) ? 1 : 0,
    depth,
  ];
}

/** The container's blocks worth a decision, top-down, each with its features. */
export function exclusionCandidates(
  stats: PageStats,
  choice: ArticleChoice,
  article: ElementStats,
  headline: ElementStats | null,
  zones: ElementStats[],
): ExclusionCandidate[] {
  const ctx: Context = { stats, choice, article, headline, zones, ...measure(stats, choice, article) };
  const out: ExclusionCandidate[] = [];
  const visit = (s: ElementStats, depth: number, parent: number) => {
    // Children come last-first from the post-order records; page order reads better when debugging.
    for (const child of children(stats, s).reverse()) {
      if (child.text < MIN_BLOCK_TEXT) continue;
      // Inline elements are part of a sentence: leaving one out would cut words apart.
      if (INLINE_TAGS.has(child.tag)) continue;
      const index = out.length;
      out.push({ stats: child, features: exclusionFeatures(ctx, child, depth), parent });
      if (depth < MAX_DEPTH) visit(child, depth + 1, index);
    }
  };
  visit(article, 1, -1);
  return out;
}

/** Indices of the candidates left out: those the model calls boilerplate, outermost only. */
export function pickExclusions(
  candidates: readonly { features: readonly number[]; parent: number }[],
  model: LinearModel = EXCLUSION_MODEL,
): number[] {
  const out = new Uint8Array(candidates.length);
  const picked: number[] = [];
  candidates.forEach((c, i) => {
    // Parents come before their children, so a left-out parent is known when its children are reached.
    if (c.parent >= 0 && out[c.parent]) {
      out[i] = 2;
      return;
    }
    if (linearScore(model, c.features) > 0) {
      out[i] = 1;
      picked.push(i);
    }
  });
  return picked;
}
