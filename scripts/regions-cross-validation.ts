/**
 * Held-back results: every page's figures as if the shipped models had been trained without its fold. The
 * evaluation recorded each page's article candidates (features and F1), so re-picking among them with a
 * model trained on the other folds gives exactly what detection with that model would have returned.
 */
import { pickCandidate } from '../annotator/regions/article-ranker';
import type { PageResult } from './eval-regions-lib';
import { type RankingExample, trainRanker } from './regions-train-lib';

export function heldBackResults(
  results: PageResult[],
  folds: Map<string, number>,
  k: number,
  featureNames: readonly string[],
): PageResult[] {
  const out: PageResult[] = [];
  for (let i = 0; i < k; i++) {
    const training = results.filter((r) => folds.get(r.id) !== i && r.candidates).map((r) => r.candidates);
    const model = trainRanker(training as RankingExample[], featureNames);
    for (const r of results) {
      if (folds.get(r.id) !== i) continue;
      if (!r.candidates) {
        out.push(r);
        continue;
      }
      const f1 =
        r.candidates.f1[
          pickCandidate(
            r.candidates.features.map((features) => ({ features })),
            model,
          )
        ] ?? 0;
      out.push({ ...r, article: { precision: Number.NaN, recall: Number.NaN, f1 } });
    }
  }
  return out;
}
