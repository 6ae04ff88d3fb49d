import type { Selector } from '../annotator/selectors';
import {
  type Annotation,
  type AnnotationPatch,
  type AnnotationRegion,
  HIGHLIGHT_COLORS,
  type HighlightColor,
  type NewAnnotation,
} from './annotation';
import { ValidationError } from './errors';
import { isHttpUrl, normalizePageUrl } from './url';

/**
 * Field checks shared by the repository (data from content scripts, via the background) and by import
 * (data from a file anyone could have written). Checkers build fresh objects holding only known fields,
 * so unexpected keys — including `__proto__` from JSON.parse — never reach the database.
 */

export const LIMITS = {
  quote: 10_000,
  note: 100_000,
  pageTitle: 2_000,
  url: 8_192,
  tags: 100,
  tag: 200,
  author: 500,
  commentKey: 1_000,
  selectors: 20,
  selectorDepth: 4,
  selectorText: 10_000,
  selectorValue: 4_000,
  importItems: 100_000,
  /** Characters of one import file (a Gloss export of 100,000 annotations is far smaller than a runtime message). */
  importText: 50 * 1024 * 1024,
} as const;

/**
 * How far past this computer's clock a date may lie: another device's clock, or this one before it
 * synchronised, can run a little fast. Anything later is not a real edit time; taken at face value it would
 * win every newer-wins comparison forever (an item dated 9999 could never be replaced by a real backup).
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The latest date a write may carry, or a stored row may claim and still count as real, at clock `now`. */
export function latestSaneTime(now: number): number {
  return now + MAX_CLOCK_SKEW_MS;
}

/** A time for messages: ISO 8601 where the Date range allows, else the raw milliseconds. */
export function describeTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ms} ms` : d.toISOString();
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Collects problems as `path: message` so one bad field does not hide the others. */
export class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
  get ok(): boolean {
    return this.list.length === 0;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkString(
  v: unknown,
  path: string,
  max: number,
  problems: Problems,
  options: { nonEmpty?: boolean } = {},
): string | undefined {
  if (typeof v !== 'string') {
    problems.add(path, `expected text, got ${describeType(v)}`);
    return undefined;
  }
  if (v.length > max) {
    problems.add(path, `too long (${v.length} characters, at most ${max})`);
    return undefined;
  }
  if (options.nonEmpty && v.trim() === '') {
    problems.add(path, 'must not be empty');
    return undefined;
  }
  return v;
}

export function checkTimestamp(v: unknown, path: string, problems: Problems): number | undefined {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    problems.add(path, `expected a time in milliseconds, got ${describeType(v)}`);
    return undefined;
  }
  return v;
}

/**
 * Dates that make sense: neither in the future (past `now` by more than MAX_CLOCK_SKEW_MS) nor modified
 * before created. `paths` names the fields as the caller's input spells them (`created` / `modified` in a
 * W3C file). Returns whether both dates are acceptable.
 */
export function checkDates(
  createdAt: number,
  updatedAt: number,
  now: number,
  problems: Problems,
  paths: { created: string; updated: string } = { created: 'createdAt', updated: 'updatedAt' },
): boolean {
  const before = problems.list.length;
  const latest = latestSaneTime(now);
  const future = (ms: number) =>
    `${describeTime(ms)} is in the future (this computer's clock says ${describeTime(now)})`;
  if (createdAt > latest) problems.add(paths.created, future(createdAt));
  // One message when both are the same future time (a file without `modified` repeats `created`).
  if (updatedAt > latest && updatedAt !== createdAt) problems.add(paths.updated, future(updatedAt));
  if (createdAt > updatedAt) {
    problems.add(
      paths.updated,
      `${describeTime(updatedAt)} is before ${paths.created} ${describeTime(createdAt)}`,
    );
  }
  return problems.list.length === before;
}

export function checkColor(v: unknown, path: string, problems: Problems): HighlightColor | undefined {
  if (typeof v === 'string' && (HIGHLIGHT_COLORS as readonly string[]).includes(v))
    return v as HighlightColor;
  problems.add(path, `expected one of ${HIGHLIGHT_COLORS.join(', ')}, got ${preview(v)}`);
  return undefined;
}

export function checkTags(v: unknown, path: string, problems: Problems): string[] | undefined {
  if (!Array.isArray(v)) {
    problems.add(path, `expected a list of tags, got ${describeType(v)}`);
    return undefined;
  }
  if (v.length > LIMITS.tags) {
    problems.add(path, `too many tags (${v.length}, at most ${LIMITS.tags})`);
    return undefined;
  }
  const before = problems.list.length;
  const tags: string[] = [];
  v.forEach((tag, i) => {
    const t = checkString(tag, `${path}[${i}]`, LIMITS.tag, problems, { nonEmpty: true });
    // Duplicates are dropped rather than rejected: they carry no meaning and would double-count in `*tags`.
    if (t !== undefined && !tags.includes(t)) tags.push(t);
  });
  return problems.list.length > before ? undefined : tags;
}

/** Normalises on the way in (idempotent), so a foreign file's tracking parameters do not split a page. */
export function checkPageUrl(v: unknown, path: string, problems: Problems): string | undefined {
  const s = checkString(v, path, LIMITS.url, problems);
  if (s === undefined) return undefined;
  if (!isHttpUrl(s)) {
    problems.add(path, `expected an http(s) address, got ${preview(s)}`);
    return undefined;
  }
  return normalizePageUrl(s);
}

export function checkRegion(v: unknown, path: string, problems: Problems): AnnotationRegion | undefined {
  if (!isRecord(v)) {
    problems.add(path, `expected a region object, got ${describeType(v)}`);
    return undefined;
  }
  switch (v.kind) {
    case 'article':
      return { kind: 'article' };
    case 'page':
      return { kind: 'page' };
    case 'story':
      return { kind: 'story' };
    case 'comment': {
      const before = problems.list.length;
      const author =
        v.author == null ? null : checkString(v.author, `${path}.author`, LIMITS.author, problems);
      const commentKey =
        v.commentKey == null
          ? null
          : checkString(v.commentKey, `${path}.commentKey`, LIMITS.commentKey, problems);
      if (problems.list.length > before || author === undefined || commentKey === undefined) return undefined;
      return { kind: 'comment', author, commentKey };
    }
    default:
      problems.add(`${path}.kind`, `expected article, comment, page or story, got ${preview(v.kind)}`);
      return undefined;
  }
}

/** The region of a highlight made on the page: a page note (the whole story) is never made there. */
export function checkPassageRegion(
  v: unknown,
  path: string,
  problems: Problems,
): AnnotationRegion | undefined {
  const region = checkRegion(v, path, problems);
  if (region?.kind !== 'story') return region;
  problems.add(`${path}.kind`, 'a note on the whole story is written in the popup or the library');
  return undefined;
}

/**
 * What an annotation is about: a passage (its selectors and quote), or the whole story (a page note, which
 * has neither). Reads `region`, `selectors` and `quote` under the given field names.
 */
export function checkTarget(
  input: { region: unknown; selectors: unknown; quote: unknown },
  paths: { region: string; selectors: string; quote: string },
  problems: Problems,
): Pick<Annotation, 'region' | 'selectors' | 'quote'> | undefined {
  const region = checkRegion(input.region, paths.region, problems);
  if (region === undefined) return undefined;
  if (region.kind === 'story') {
    const before = problems.list.length;
    if (!Array.isArray(input.selectors) || input.selectors.length > 0)
      problems.add(paths.selectors, 'a note on the whole story has no selectors');
    if (input.quote !== '') problems.add(paths.quote, 'a note on the whole story has no quote');
    return problems.list.length > before ? undefined : { region, selectors: [], quote: '' };
  }
  const selectors = checkSelectors(input.selectors, paths.selectors, problems);
  const quote = checkString(input.quote, paths.quote, LIMITS.quote, problems, { nonEmpty: true });
  return selectors === undefined || quote === undefined ? undefined : { region, selectors, quote };
}

export function checkSelectors(v: unknown, path: string, problems: Problems): Selector[] | undefined {
  if (!Array.isArray(v)) {
    problems.add(path, `expected a list of selectors, got ${describeType(v)}`);
    return undefined;
  }
  if (v.length === 0 || v.length > LIMITS.selectors) {
    problems.add(path, `expected 1 to ${LIMITS.selectors} selectors, got ${v.length}`);
    return undefined;
  }
  const before = problems.list.length;
  const selectors = v.map((s, i) => checkSelector(s, `${path}[${i}]`, problems, 0));
  if (problems.list.length > before) return undefined;
  return selectors as Selector[];
}

function checkSelector(v: unknown, path: string, problems: Problems, depth: number): Selector | undefined {
  if (depth > LIMITS.selectorDepth) {
    problems.add(path, `selectors nested more than ${LIMITS.selectorDepth} deep`);
    return undefined;
  }
  if (!isRecord(v)) {
    problems.add(path, `expected a selector object, got ${describeType(v)}`);
    return undefined;
  }
  const refined = (): { refinedBy?: Selector } | undefined => {
    if (v.refinedBy === undefined) return {};
    const r = checkSelector(v.refinedBy, `${path}.refinedBy`, problems, depth + 1);
    return r === undefined ? undefined : { refinedBy: r };
  };
  switch (v.type) {
    case 'TextQuoteSelector': {
      const exact = checkString(v.exact, `${path}.exact`, LIMITS.selectorText, problems, { nonEmpty: true });
      const prefix =
        v.prefix === undefined
          ? undefined
          : checkString(v.prefix, `${path}.prefix`, LIMITS.selectorText, problems);
      const suffix =
        v.suffix === undefined
          ? undefined
          : checkString(v.suffix, `${path}.suffix`, LIMITS.selectorText, problems);
      const width = v['gloss:contextWidth'];
      if (width !== undefined && !(isOffset(width) && width <= LIMITS.selectorText)) {
        problems.add(
          `${path}.gloss:contextWidth`,
          `expected a whole number of characters, got ${typeof width === 'number' ? width : preview(width)}`,
        );
        return undefined;
      }
      const copies = v['gloss:copies'];
      if (copies !== undefined && !(isOffset(copies) && copies >= 1 && copies <= LIMITS.selectorText)) {
        problems.add(
          `${path}.gloss:copies`,
          `expected a whole number of copies, at least 1, got ${typeof copies === 'number' ? copies : preview(copies)}`,
        );
        return undefined;
      }
      if (exact === undefined) return undefined;
      if (
        (v.prefix !== undefined && prefix === undefined) ||
        (v.suffix !== undefined && suffix === undefined)
      )
        return undefined;
      return {
        type: 'TextQuoteSelector',
        exact,
        ...(prefix === undefined ? {} : { prefix }),
        ...(suffix === undefined ? {} : { suffix }),
        ...(width === undefined ? {} : { 'gloss:contextWidth': width }),
        ...(copies === undefined ? {} : { 'gloss:copies': copies }),
      };
    }
    case 'TextPositionSelector': {
      const { start, end } = v;
      if (!isOffset(start) || !isOffset(end) || end < start) {
        problems.add(path, 'expected whole-number start <= end');
        return undefined;
      }
      return { type: 'TextPositionSelector', start, end };
    }
    case 'CssSelector':
    case 'XPathSelector': {
      const value = checkString(v.value, `${path}.value`, LIMITS.selectorValue, problems, { nonEmpty: true });
      const r = refined();
      if (value === undefined || r === undefined) return undefined;
      return { type: v.type, value, ...r };
    }
    case 'RangeSelector': {
      const startSelector = checkSelector(v.startSelector, `${path}.startSelector`, problems, depth + 1);
      const endSelector = checkSelector(v.endSelector, `${path}.endSelector`, problems, depth + 1);
      const r = refined();
      if (startSelector === undefined || endSelector === undefined || r === undefined) return undefined;
      return { type: 'RangeSelector', startSelector, endSelector, ...r };
    }
    default:
      problems.add(`${path}.type`, `unknown selector type ${preview(v.type)}`);
      return undefined;
  }
}

function isOffset(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Validates a new annotation from a content script; throws ValidationError listing every problem. */
export function validateNewAnnotation(input: unknown): NewAnnotation & { tags: string[] } {
  const p = new Problems();
  if (!isRecord(input))
    throw new ValidationError(`Expected an annotation object, got ${describeType(input)}`);
  const pageUrl = checkPageUrl(input.pageUrl, 'pageUrl', p);
  const pageTitle = checkString(input.pageTitle, 'pageTitle', LIMITS.pageTitle, p);
  const region = checkPassageRegion(input.region, 'region', p);
  const selectors = checkSelectors(input.selectors, 'selectors', p);
  const quote = checkString(input.quote, 'quote', LIMITS.quote, p, { nonEmpty: true });
  const note = checkString(input.note, 'note', LIMITS.note, p);
  const color = checkColor(input.color, 'color', p);
  const tags = input.tags === undefined ? [] : checkTags(input.tags, 'tags', p);
  if (
    !p.ok ||
    pageUrl === undefined ||
    pageTitle === undefined ||
    region === undefined ||
    selectors === undefined ||
    quote === undefined ||
    note === undefined ||
    color === undefined ||
    tags === undefined
  ) {
    throw new ValidationError(`Invalid annotation: ${p.list.join('; ')}`);
  }
  return { pageUrl, pageTitle, region, selectors, quote, note, color, tags };
}

/**
 * Validates a whole annotation that is written back as it is (a deleted highlight put back): every field,
 * and dates that make sense at clock `now`. Throws ValidationError listing every problem.
 */
export function validateAnnotation(input: unknown, now: number): Annotation {
  const p = new Problems();
  if (!isRecord(input))
    throw new ValidationError(`Expected an annotation object, got ${describeType(input)}`);
  const id = typeof input.id === 'string' && UUID.test(input.id) ? input.id : undefined;
  if (id === undefined) p.add('id', `expected a UUID, got ${preview(input.id)}`);
  const pageUrl = checkPageUrl(input.pageUrl, 'pageUrl', p);
  const pageTitle = checkString(input.pageTitle, 'pageTitle', LIMITS.pageTitle, p);
  const target = checkTarget(
    { region: input.region, selectors: input.selectors, quote: input.quote },
    { region: 'region', selectors: 'selectors', quote: 'quote' },
    p,
  );
  const note = checkString(input.note, 'note', LIMITS.note, p);
  const color = checkColor(input.color, 'color', p);
  const tags = checkTags(input.tags, 'tags', p);
  const createdAt = checkTimestamp(input.createdAt, 'createdAt', p);
  const updatedAt = checkTimestamp(input.updatedAt, 'updatedAt', p);
  if (createdAt !== undefined && updatedAt !== undefined) checkDates(createdAt, updatedAt, now, p);
  const anchored = typeof input.anchored === 'boolean' ? input.anchored : undefined;
  if (anchored === undefined)
    p.add('anchored', `expected true or false, got ${describeType(input.anchored)}`);
  const pageQuote =
    input.pageQuote === undefined
      ? undefined
      : checkString(input.pageQuote, 'pageQuote', LIMITS.quote, p, { nonEmpty: true });
  if (
    !p.ok ||
    id === undefined ||
    pageUrl === undefined ||
    pageTitle === undefined ||
    target === undefined ||
    note === undefined ||
    color === undefined ||
    tags === undefined ||
    createdAt === undefined ||
    updatedAt === undefined ||
    anchored === undefined
  ) {
    throw new ValidationError(`Invalid annotation: ${p.list.join('; ')}`);
  }
  return {
    id,
    pageUrl,
    pageTitle,
    ...target,
    note,
    color,
    tags,
    createdAt,
    updatedAt,
    anchored,
    ...(pageQuote === undefined ? {} : { pageQuote }),
  };
}

export function validatePatch(patch: unknown): AnnotationPatch {
  if (!isRecord(patch))
    throw new ValidationError(`Expected changes as an object, got ${describeType(patch)}`);
  const p = new Problems();
  const out: AnnotationPatch = {};
  if (patch.note !== undefined) {
    const note = checkString(patch.note, 'note', LIMITS.note, p);
    if (note !== undefined) out.note = note;
  }
  if (patch.color !== undefined) {
    const color = checkColor(patch.color, 'color', p);
    if (color !== undefined) out.color = color;
  }
  if (patch.tags !== undefined) {
    const tags = checkTags(patch.tags, 'tags', p);
    if (tags !== undefined) out.tags = tags;
  }
  if (patch.anchored !== undefined) {
    if (typeof patch.anchored === 'boolean') out.anchored = patch.anchored;
    else p.add('anchored', `expected true or false, got ${describeType(patch.anchored)}`);
  }
  if (!p.ok) throw new ValidationError(`Invalid changes: ${p.list.join('; ')}`);
  return out;
}

export function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** A short, quoted rendering of a bad value for error messages (never the whole hostile string). */
export function preview(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return describeType(v);
}
