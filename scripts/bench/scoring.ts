/**
 * How the anchoring benchmarks (jsdom: scripts/bench-anchoring.ts, Chromium: scripts/bench/browser-harness.ts)
 * score and print a trial. Pure: it runs in Node and, bundled, in the page.
 */
import { type TextIndex, textOffsetOf } from '../../annotator/text-index';

/** Normalised characters an anchored end may be off by and still be correct (plus edits inside the passage). */
export const TOLERANCE = 3;

export type Outcome = 'correct' | 'wrong' | 'orphaned';

export interface Tally {
  correct: number;
  wrong: number;
  orphaned: number;
  times: number[];
}

export const newTally = (): Tally => ({ correct: 0, wrong: 0, orphaned: 0, times: [] });

export function span(index: TextIndex, r: Range): [number, number] {
  return [
    textOffsetOf(index, r.startContainer, r.startOffset),
    textOffsetOf(index, r.endContainer, r.endOffset),
  ];
}

export function trimmed(index: TextIndex, [s, e]: [number, number]): [number, number] {
  let a = s;
  let b = e;
  while (a < b && index.text.charCodeAt(a) === 32) a++;
  while (b > a && index.text.charCodeAt(b - 1) === 32) b--;
  return [a, b];
}

/** Correct: within `tol` of the truth at both ends; for a deleted passage (truth null), only null is. */
export function classify(
  index: TextIndex,
  truth: [number, number] | null,
  got: Range | null,
  tol: number,
): Outcome {
  if (!truth) return got ? 'wrong' : 'correct';
  if (!got) return 'orphaned';
  const [s, e] = trimmed(index, span(index, got));
  return Math.abs(s - truth[0]) <= tol && Math.abs(e - truth[1]) <= tol ? 'correct' : 'wrong';
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

export const pct = (n: number, d: number) =>
  d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`;
export const ms = (x: number) => (Number.isNaN(x) ? '   -  ' : x.toFixed(2).padStart(6));
