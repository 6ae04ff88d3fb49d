import { isRecord } from './validate';

/**
 * Hypothesis's annotations as W3C Web Annotations, for import: its JSON export (`{export_date, annotations}`),
 * an API search answer (`{rows}`), or a list of its annotations. The result goes through the same validation
 * as any W3C file; what Gloss cannot keep (a reply, a page note that quotes nothing, a PDF) is refused here
 * with the reason.
 *
 * A Hypothesis annotation (https://h.readthedocs.io/en/latest/api-reference/v1/): `id`, `created`,
 * `updated`, `uri`, `text` (the note, Markdown), `tags`, `target: [{source, selector: [...]}]`,
 * `document.title: [...]`, and `references` (the thread above a reply).
 */

/** Selector types Hypothesis writes that W3C and Gloss read the same way. Its RangeSelector is its own. */
const PORTABLE_SELECTORS = new Set(['TextQuoteSelector', 'TextPositionSelector']);

/** The id Hypothesis gives an annotation's own page: an IRI, turned into a stable Gloss id on import. */
const HYPOTHESIS_ANNOTATION_IRI = 'https://hypothes.is/a/';

export function isHypothesisAnnotation(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && v.type === undefined && typeof v.uri === 'string' && 'target' in v;
}

/** The annotations of a Hypothesis export or API answer, or undefined when `data` is neither. */
export function hypothesisList(data: Record<string, unknown>): unknown[] | undefined {
  if (Array.isArray(data.annotations) && ('export_date' in data || 'client_version' in data))
    return data.annotations;
  if (Array.isArray(data.rows) && data.rows.every(isHypothesisAnnotation)) return data.rows;
  return undefined;
}

export type Converted = { item: Record<string, unknown> } | { refused: string };

export function fromHypothesis(h: Record<string, unknown>): Converted {
  const label = typeof h.id === 'string' ? `Hypothesis annotation ${h.id}` : 'A Hypothesis annotation';
  if (Array.isArray(h.references) && h.references.length > 0)
    return { refused: `${label} is a reply in a discussion, not a quote; not imported.` };
  const target = Array.isArray(h.target) ? h.target[0] : undefined;
  const selectors = isRecord(target) && Array.isArray(target.selector) ? target.selector : [];
  const portable = selectors.filter((s) => isRecord(s) && PORTABLE_SELECTORS.has(s.type as string));
  // No selector at all is Hypothesis's page note, which becomes Gloss's; selectors Gloss cannot read are not.
  if (selectors.length > 0 && portable.length === 0)
    return { refused: `${label} points at its passage in no way Gloss can read; not imported.` };
  const source = isRecord(target) && typeof target.source === 'string' ? target.source : h.uri;
  const tags = Array.isArray(h.tags) ? h.tags : [];
  const note = h.text ?? '';
  const title = isRecord(h.document) && Array.isArray(h.document.title) ? h.document.title[0] : undefined;
  return {
    item: {
      type: 'Annotation',
      id: typeof h.id === 'string' ? `${HYPOTHESIS_ANNOTATION_IRI}${h.id}` : h.id,
      created: h.created,
      modified: h.updated,
      target: portable.length > 0 ? { source, selector: portable } : { source },
      body: [
        // A note that is not text is passed on as it is, for validation to name.
        ...(typeof note !== 'string' || note.trim()
          ? [{ type: 'TextualBody', value: note, purpose: 'commenting' }]
          : []),
        ...tags.map((value) => ({ type: 'TextualBody', value, purpose: 'tagging' })),
      ],
      ...(typeof title === 'string' ? { 'gloss:pageTitle': title } : {}),
    },
  };
}
