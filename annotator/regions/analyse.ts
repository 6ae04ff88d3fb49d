/**
 * The detection pipeline with its intermediate results: the evaluation and training scripts read the
 * article candidates and their features from here; `detectRegions` keeps only the regions.
 */
import type { PageRegions } from '../regions';
import { chooseArticle, findHeadline, titleHeadings } from './article';
import { type RankedArticle, rankArticle } from './article-ranker';
import { ARTICLE_RANKER } from './article-weights';
import { findComments } from './comments';
import { findDeclaredBody } from './declared-body';
import type { LinearModel } from './linear-model';
import { measurePage } from './text-stats';

export interface RegionModels {
  articleRanker: LinearModel;
}

export const SHIPPED_MODELS: RegionModels = { articleRanker: ARTICLE_RANKER };

export interface RegionAnalysis {
  regions: PageRegions;
  /** null when no subtree scored as a story (the whole page is the article then). */
  article: RankedArticle | null;
}

export function analyseRegions(doc: Document, models: RegionModels = SHIPPED_MODELS): RegionAnalysis {
  const root = doc.body ?? doc.documentElement;
  if (!root) return { regions: { article: null, comments: [] }, article: null };
  const stats = measurePage(root);
  const titled = titleHeadings(doc, stats);
  const headline = findHeadline(doc, stats, titled);
  const { comments, zones } = findComments(doc, stats, headline);
  const declared = findDeclaredBody(doc, stats);
  const input = { stats, zones, headline, declared, titled };
  const choice = chooseArticle(input);
  const ranked = choice ? rankArticle(input, choice, models.articleRanker) : null;
  const article = ranked?.element ?? stats.postorder[stats.postorder.length - 1]?.element ?? null;
  return { regions: { article, comments }, article: ranked };
}
