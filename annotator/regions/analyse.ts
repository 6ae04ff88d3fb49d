/**
 * The detection pipeline with its intermediate results: the evaluation and training scripts read the
 * article's exclusion candidates and their features from here; `detectRegions` keeps only the regions.
 */
import type { PageRegions } from '../regions';
import { chooseArticle, findHeadline, pickArticle, titleHeadings } from './article';
import { type ExclusionCandidate, exclusionCandidates, pickExclusions } from './article-exclusions';
import { findComments } from './comments';
import { findDeclaredBody } from './declared-body';
import { EXCLUSION_MODEL } from './exclusion-weights';
import type { LinearModel } from './linear-model';
import { measurePage } from './text-stats';

export interface RegionModels {
  exclusion: LinearModel;
}

export const SHIPPED_MODELS: RegionModels = { exclusion: EXCLUSION_MODEL };

export interface RegionAnalysis {
  regions: PageRegions;
  /** The article's blocks the exclusion model judged (empty when no subtree scored as a story). */
  exclusionCandidates: ExclusionCandidate[];
}

export function analyseRegions(doc: Document, models: RegionModels = SHIPPED_MODELS): RegionAnalysis {
  const root = doc.body ?? doc.documentElement;
  if (!root)
    return { regions: { article: null, articleExcluded: [], comments: [] }, exclusionCandidates: [] };
  const stats = measurePage(root);
  const titled = titleHeadings(doc, stats);
  const headline = findHeadline(doc, stats, titled);
  const { comments, zones } = findComments(doc, stats, headline);
  const declared = findDeclaredBody(doc, stats);
  const input = { stats, zones, headline, declared, titled };
  const choice = chooseArticle(input);
  if (!choice) {
    // No subtree scored as a story: the whole page stands for it, with nothing to leave out.
    const article = stats.postorder[stats.postorder.length - 1]?.element ?? null;
    return { regions: { article, articleExcluded: [], comments }, exclusionCandidates: [] };
  }
  const article = pickArticle(choice, input);
  const candidates = exclusionCandidates(stats, choice, article, headline, zones);
  const articleExcluded = pickExclusions(candidates, models.exclusion).map(
    (i) => candidates[i]?.stats.element as Element,
  );
  return {
    regions: { article: article.element, articleExcluded, comments },
    exclusionCandidates: candidates,
  };
}
