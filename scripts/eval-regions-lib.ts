/**
 * Region-detection evaluation: bag-of-words scoring of detected article / comment text against the dev
 * corpus truth, with Readability and a naive baseline measured in the same run. Importable so the corpus unit
 * test can assert floors; the CLI lives in eval-regions.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { PageRegions } from '../annotator/regions';
import { analyseRegions } from '../annotator/regions/analyse';
import type { ExclusionData } from './regions-cross-validation';

// ---------------------------------------------------------------------------------------------------------
// Text as a reader would copy it

const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK']);
const INLINE_TAGS = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'CODE',
  'DATA',
  'DFN',
  'EM',
  'FONT',
  'I',
  'KBD',
  'LABEL',
  'MARK',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRIKE',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'TT',
  'U',
  'VAR',
  'WBR',
  'IMG',
  'BIG',
  'INS',
  'DEL',
]);

function isHidden(el: Element): boolean {
  if (el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  return style !== null && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/**
 * Visible text of an element with block boundaries turned into line breaks (what a copy would give), without
 * the `skipped` descendants (the parts of an article's container that are not the story).
 */
export function readerText(root: Node, skipped: ReadonlySet<Element> = new Set()): string {
  const out: string[] = [];
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        out.push((child as Text).data);
      } else if (child.nodeType === 1) {
        const el = child as Element;
        const tag = el.tagName.toUpperCase();
        if (SKIPPED_TAGS.has(tag) || isHidden(el) || skipped.has(el)) continue;
        const block = !INLINE_TAGS.has(tag);
        if (tag === 'BR' || block) out.push('\n');
        walk(el);
        if (block) out.push('\n');
      }
    }
  };
  if (root.nodeType === 1 && isHidden(root as Element)) return '';
  walk(root);
  return out
    .join('')
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}

// ---------------------------------------------------------------------------------------------------------
// Bag-of-words scoring

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function bag(words: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/** Multiset overlap of the two texts' tokens. Two empty texts agree perfectly. */
export function bagOfWordsScore(predicted: string, truth: string): Prf {
  const p = tokens(predicted);
  const t = tokens(truth);
  if (p.length === 0 && t.length === 0) return { precision: 1, recall: 1, f1: 1 };
  if (p.length === 0 || t.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const truthBag = bag(t);
  let common = 0;
  for (const [word, n] of bag(p)) common += Math.min(n, truthBag.get(word) ?? 0);
  const precision = common / p.length;
  const recall = common / t.length;
  const f1 = common === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

// ---------------------------------------------------------------------------------------------------------
// Corpus

export interface Truth {
  source: string;
  url: string | null;
  article: string;
  /** null: the dataset says nothing about comments; "": the page has none. */
  comments: string | null;
}

export interface CorpusPage {
  id: string;
  dir: string;
  truth: Truth;
}

export function listCorpus(corpusDir: string): CorpusPage[] {
  return readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(corpusDir, entry.name, 'truth.json')))
    .map((entry) => ({
      id: entry.name,
      dir: join(corpusDir, entry.name),
      truth: JSON.parse(readFileSync(join(corpusDir, entry.name, 'truth.json'), 'utf8')) as Truth,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

export function parsePage(page: CorpusPage): Document {
  const html = readFileSync(join(page.dir, 'page.html'), 'utf8');
  const url = page.truth.url && /^https?:\/\//.test(page.truth.url) ? page.truth.url : 'https://example.org/';
  // A silent console: jsdom's CSS parser complains about most real pages' style sheets.
  return new JSDOM(html, { url, virtualConsole: new VirtualConsole() }).window.document;
}

// ---------------------------------------------------------------------------------------------------------
// Per-page results and aggregates

export interface PageResult {
  id: string;
  source: string;
  article: Prf;
  readability: Prf;
  naiveArticle: Prf;
  /** null where the truth says nothing about comments. */
  comments: {
    truthHas: boolean;
    found: boolean;
    naiveFound: boolean;
    score: Prf;
    naiveScore: Prf;
    count: number;
    withAuthor: number;
  } | null;
  ms: number;
  /** The article's exclusion candidates (with `withExclusions`): cross-validation re-decides from them. */
  exclusions?: ExclusionData;
}

export interface Summary {
  pages: number;
  articleF1: number;
  readabilityF1: number;
  naiveArticleF1: number;
  commentPages: number;
  detectionAccuracy: number;
  naiveDetectionAccuracy: number;
  falseAlarmRate: number;
  naiveFalseAlarmRate: number;
  commentsF1: number;
  naiveCommentsF1: number;
  authorCoverage: number;
  medianMs: number;
  p95Ms: number;
}

function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export function commentsText(regions: PageRegions): string {
  return regions.comments.map((c) => readerText(c.element)).join('\n');
}

function naiveRegions(doc: Document): { article: Element | null; comments: Element[] } {
  const all = Array.from(doc.querySelectorAll('[class*=comment]'));
  // Outermost matches only, so nested matches do not count text twice.
  const comments = all.filter((el) => !all.some((other) => other !== el && other.contains(el)));
  return { article: doc.querySelector('article') ?? doc.body, comments };
}

function readabilityText(doc: Document): string {
  try {
    const parsed = new Readability(doc.cloneNode(true) as Document).parse();
    return parsed?.textContent ?? '';
  } catch {
    return '';
  }
}

export interface EvalOptions {
  /** Skip Readability (slow) when only Gloss's own figures are needed. */
  withReadability?: boolean;
  /** Evaluate only the pages whose id passes. */
  filter?: (id: string) => boolean;
  /**
   * Readability's scores from an earlier run, by page id (Readability does not change between runs of ours,
   * and it is most of the run's time); pages missing from it are scored and added.
   */
  readabilityCache?: Map<string, Prf>;
  onPage?: (result: PageResult) => void;
  /** Record the exclusion candidates' features and token counts (training and cross-validation need them). */
  withExclusions?: boolean;
}

export function evaluatePage(page: CorpusPage, options: EvalOptions = {}): PageResult {
  const doc = parsePage(page);
  const start = performance.now();
  const analysis = analyseRegions(doc);
  const ms = performance.now() - start;
  const { regions } = analysis;
  const truth = page.truth;
  const naive = naiveRegions(doc);
  const article = bagOfWordsScore(
    regions.article ? readerText(regions.article, new Set(regions.articleExcluded)) : '',
    truth.article,
  );
  const naiveArticle = bagOfWordsScore(naive.article ? readerText(naive.article) : '', truth.article);
  const cached = options.readabilityCache?.get(page.id);
  const readability =
    options.withReadability === false
      ? { precision: Number.NaN, recall: Number.NaN, f1: Number.NaN }
      : (cached ?? bagOfWordsScore(readabilityText(doc), truth.article));
  if (options.readabilityCache && !cached && options.withReadability !== false)
    options.readabilityCache.set(page.id, readability);
  let comments: PageResult['comments'] = null;
  if (truth.comments !== null) {
    comments = {
      truthHas: truth.comments.trim() !== '',
      found: regions.comments.length > 0,
      naiveFound: naive.comments.length > 0,
      score: bagOfWordsScore(commentsText(regions), truth.comments),
      naiveScore: bagOfWordsScore(naive.comments.map((c) => readerText(c)).join('\n'), truth.comments),
      count: regions.comments.length,
      withAuthor: regions.comments.filter((c) => c.author).length,
    };
  }
  const exclusions =
    options.withExclusions && regions.article
      ? {
          features: analysis.exclusionCandidates.map((c) => c.features),
          parents: analysis.exclusionCandidates.map((c) => c.parent),
          article: bag(tokens(readerText(regions.article))),
          truth: bag(tokens(truth.article)),
          blocks: analysis.exclusionCandidates.map((c) => bag(tokens(readerText(c.stats.element)))),
        }
      : undefined;
  doc.defaultView?.close();
  return { id: page.id, source: truth.source, article, readability, naiveArticle, comments, ms, exclusions };
}

export function summarize(results: PageResult[]): Summary {
  const judged = results.filter((r) => r.comments !== null);
  const withComments = judged.filter((r) => r.comments?.truthHas);
  const without = judged.filter((r) => !r.comments?.truthHas);
  const detected = withComments.filter((r) => r.comments?.found);
  const count = detected.reduce((n, r) => n + (r.comments?.count ?? 0), 0);
  const withAuthor = detected.reduce((n, r) => n + (r.comments?.withAuthor ?? 0), 0);
  const times = results.map((r) => r.ms);
  return {
    pages: results.length,
    articleF1: mean(results.map((r) => r.article.f1)),
    readabilityF1: mean(results.map((r) => r.readability.f1)),
    naiveArticleF1: mean(results.map((r) => r.naiveArticle.f1)),
    commentPages: judged.length,
    detectionAccuracy: mean(judged.map((r) => (r.comments?.found === r.comments?.truthHas ? 1 : 0))),
    naiveDetectionAccuracy: mean(
      judged.map((r) => (r.comments?.naiveFound === r.comments?.truthHas ? 1 : 0)),
    ),
    falseAlarmRate: mean(without.map((r) => (r.comments?.found ? 1 : 0))),
    naiveFalseAlarmRate: mean(without.map((r) => (r.comments?.naiveFound ? 1 : 0))),
    commentsF1: mean(withComments.map((r) => r.comments?.score.f1 ?? 0)),
    naiveCommentsF1: mean(withComments.map((r) => r.comments?.naiveScore.f1 ?? 0)),
    authorCoverage: count === 0 ? Number.NaN : withAuthor / count,
    medianMs: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
  };
}

export function evaluateCorpus(corpusDir: string, options: EvalOptions = {}): PageResult[] {
  const results: PageResult[] = [];
  for (const page of listCorpus(corpusDir)) {
    if (options.filter && !options.filter(page.id)) continue;
    const result = evaluatePage(page, options);
    options.onPage?.(result);
    results.push(result);
  }
  return results;
}

export function formatSummary(title: string, s: Summary): string {
  const f = (n: number) => (Number.isNaN(n) ? '  n/a' : n.toFixed(3));
  const lines = [
    `${title} (${s.pages} pages)`,
    `  article F1        Gloss ${f(s.articleF1)}  Readability ${f(s.readabilityF1)}  naive ${f(s.naiveArticleF1)}`,
  ];
  if (s.commentPages > 0) {
    lines.push(
      `  comments (${s.commentPages} judged pages)`,
      `    detection acc   Gloss ${f(s.detectionAccuracy)}  naive ${f(s.naiveDetectionAccuracy)}`,
      `    false alarms    Gloss ${f(s.falseAlarmRate)}  naive ${f(s.naiveFalseAlarmRate)}`,
      `    F1 (with cmts)  Gloss ${f(s.commentsF1)}  naive ${f(s.naiveCommentsF1)}`,
      `    author coverage Gloss ${f(s.authorCoverage)}`,
    );
  }
  lines.push(`  detection time    median ${s.medianMs.toFixed(2)} ms  p95 ${s.p95Ms.toFixed(2)} ms`);
  return lines.join('\n');
}
