import type { LibraryFilters } from '../../messaging/protocol';
import {
  type AnnotationRegion,
  HIGHLIGHT_COLORS,
  type HighlightColor,
  REGION_KINDS,
} from '../../storage/annotation';

/**
 * What the library shows, kept in the page's address (`library.html?q=...&color=pink`) so a reader can
 * bookmark a view and Back returns to the previous one.
 */
export interface ViewState {
  text: string;
  filters: LibraryFilters;
  /** A story opened on its own (its annotations), or null for the library. */
  story: string | null;
}

export const EMPTY_VIEW: ViewState = { text: '', filters: {}, story: null };

/** Dates travel as `YYYY-MM-DD` (what a date input gives), meaning the whole day in UTC. */
export const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(value: string | null): number | undefined {
  if (!value || !ISO_DAY.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

export function dayString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Reads a view from an address's query; anything unknown or malformed is left out, never an error. */
export function parseView(search: string): ViewState {
  const params = new URLSearchParams(search);
  const filters: LibraryFilters = {};
  const color = params.get('color');
  if (color && (HIGHLIGHT_COLORS as readonly string[]).includes(color))
    filters.color = color as HighlightColor;
  const region = params.get('region');
  if (region && (REGION_KINDS as readonly string[]).includes(region))
    filters.region = region as AnnotationRegion['kind'];
  for (const key of ['tag', 'commenter', 'site'] as const) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const from = day(params.get('from'));
  if (from !== undefined) filters.from = from;
  // `to` names the last day included: the filter is exclusive, so it ends at the next midnight.
  const to = day(params.get('to'));
  if (to !== undefined) filters.to = to + DAY_MS;
  return { text: params.get('q') ?? '', filters, story: params.get('story') || null };
}

/** The query part of the address for `view`, with only what is set, in a stable order. */
export function viewSearch(view: ViewState): string {
  const params = new URLSearchParams();
  if (view.text) params.set('q', view.text);
  const { color, tag, region, commenter, site, from, to } = view.filters;
  if (color) params.set('color', color);
  if (tag) params.set('tag', tag);
  if (region) params.set('region', region);
  if (commenter) params.set('commenter', commenter);
  if (site) params.set('site', site);
  if (from !== undefined) params.set('from', dayString(from));
  if (to !== undefined) params.set('to', dayString(to - DAY_MS));
  if (view.story) params.set('story', view.story);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Whether the view lists annotations (a search or a filter) rather than stories. */
export function isSearching(view: ViewState): boolean {
  return view.text.trim() !== '' || Object.keys(view.filters).length > 0;
}
