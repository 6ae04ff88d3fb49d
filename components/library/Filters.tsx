import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { FacetValue, LibraryFilters } from '../../messaging/protocol';
import { HIGHLIGHT_COLORS } from '../../storage/annotation';
import { colorName } from '../palette';
import type { LibraryApi } from './api';
import { DAY_MS, dayString } from './view-state';

const FACETS = ['tag', 'commenter', 'site'] as const;
type Facet = (typeof FACETS)[number];
/** Suggestions offered per filter box; the box takes any value. */
const SUGGESTIONS = 200;

/** The library's filters; each change replaces the view's filters (and so the address). */
export function Filters({
  api,
  filters,
  onChange,
}: {
  api: LibraryApi;
  filters: LibraryFilters;
  onChange(filters: LibraryFilters): void;
}) {
  const [values, setValues] = useState<Partial<Record<Facet, FacetValue[]>>>({});
  // Asked for when a box is first focused, not on load: the first list must not wait behind them.
  const suggest = (kind: Facet) => {
    if (values[kind]) return;
    setValues((v) => ({ ...v, [kind]: [] }));
    api
      .facets(kind)
      .then((list) => setValues((v) => ({ ...v, [kind]: list.slice(0, SUGGESTIONS) })))
      .catch(() => {
        // Suggestions only: the filter boxes work without them.
      });
  };

  const set = (patch: Partial<LibraryFilters>) => {
    const next: LibraryFilters = { ...filters, ...patch };
    for (const key of Object.keys(next) as (keyof LibraryFilters)[])
      if (next[key] === undefined || next[key] === '') delete next[key];
    onChange(next);
  };
  const active = Object.keys(filters).length > 0;

  return (
    <fieldset class="filters">
      <legend class="visually-hidden">{i18n.t('filters.label')}</legend>
      <label>
        {i18n.t('filters.color')}
        <select
          value={filters.color ?? ''}
          onChange={(e) =>
            set({ color: ((e.currentTarget as HTMLSelectElement).value || undefined) as never })
          }
        >
          <option value="">{i18n.t('filters.any')}</option>
          {HIGHLIGHT_COLORS.map((c) => (
            <option key={c} value={c}>
              {colorName(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {i18n.t('filters.where')}
        <select
          value={filters.region ?? ''}
          onChange={(e) =>
            set({ region: ((e.currentTarget as HTMLSelectElement).value || undefined) as never })
          }
        >
          <option value="">{i18n.t('filters.anywhere')}</option>
          <option value="article">{i18n.t('region.article')}</option>
          <option value="comment">{i18n.t('region.comments')}</option>
          <option value="page">{i18n.t('region.elsewhere')}</option>
          <option value="story">{i18n.t('filters.pageNotes')}</option>
        </select>
      </label>
      {FACETS.map((kind) => (
        <label key={kind}>
          {i18n.t(`filters.${kind}`)}
          <input
            type="text"
            list={`facet-${kind}`}
            value={filters[kind] ?? ''}
            onFocus={() => suggest(kind)}
            onChange={(e) => set({ [kind]: (e.currentTarget as HTMLInputElement).value.trim() || undefined })}
          />
          <datalist id={`facet-${kind}`}>
            {(values[kind] ?? []).map((v) => (
              <option key={v.value} value={v.label}>
                {v.count}
              </option>
            ))}
          </datalist>
        </label>
      ))}
      <label>
        {i18n.t('filters.from')}
        <input
          type="date"
          value={filters.from === undefined ? '' : dayString(filters.from)}
          onChange={(e) => {
            const ms = (e.currentTarget as HTMLInputElement).valueAsNumber;
            set({ from: Number.isNaN(ms) ? undefined : ms });
          }}
        />
      </label>
      <label>
        {i18n.t('filters.to')}
        <input
          type="date"
          value={filters.to === undefined ? '' : dayString(filters.to - DAY_MS)}
          onChange={(e) => {
            const ms = (e.currentTarget as HTMLInputElement).valueAsNumber;
            set({ to: Number.isNaN(ms) ? undefined : ms + DAY_MS });
          }}
        />
      </label>
      {active && (
        <button type="button" class="link" onClick={() => onChange({})}>
          {i18n.t('filters.clear')}
        </button>
      )}
    </fieldset>
  );
}
