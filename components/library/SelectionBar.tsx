import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { ExportFormat, LibraryFilters } from '../../messaging/protocol';
import { BULK_CHUNK_IDS } from '../../messaging/schema';
import type { Annotation } from '../../storage/annotation';
import { formatCount, highlightCount } from '../format';
import { EXPORT_FILES, saveSelection } from '../transfer';
import type { BulkAction, LibraryApi } from './api';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function chunks(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += BULK_CHUNK_IDS) out.push(ids.slice(i, i + BULK_CHUNK_IDS));
  return out;
}

/**
 * What the reader can do with the highlights selected in the search results (or all of them): delete,
 * add or remove a tag (each undone as one, however many chunks it took), or export them as a file.
 */
export function SelectionBar({
  api,
  selected,
  total,
  query,
  onSelect,
}: {
  api: LibraryApi;
  selected: ReadonlySet<string>;
  /** Results of the search, all of which "Select all" takes. */
  total: number;
  query: { text: string; filters: LibraryFilters };
  onSelect(ids: ReadonlySet<string>): void;
}) {
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ line: string; batchId: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const selectAll = () => run(async () => onSelect(new Set(await api.resultIds(query.text, query.filters))));

  const act = (action: BulkAction, say: (n: number) => string) =>
    run(async () => {
      let batchId: string | null = null;
      let changed = 0;
      try {
        for (const ids of chunks([...selected])) {
          const r = await api.bulk(ids, action, batchId);
          batchId = r.batchId ?? batchId;
          changed += r.changed;
        }
      } finally {
        // What was done before a failure is kept, and Undo takes it back.
        setDone({ line: say(changed), batchId });
      }
      onSelect(new Set());
      setTag('');
    });

  const exportAs = (format: ExportFormat) =>
    run(async () => {
      const annotations: Annotation[] = [];
      for (const ids of chunks([...selected])) annotations.push(...(await api.getAnnotations(ids)));
      saveSelection(api, format, annotations);
      setDone({
        line: i18n.t('selection.exported', { highlights: highlightCount(annotations.length) }),
        batchId: null,
      });
    });

  const undo = (batchId: string) =>
    run(async () => {
      const r = await api.undoImport(batchId);
      const highlights = highlightCount(r.restored + r.removed);
      const line = r.keptEdited
        ? i18n.t('selection.undoneKept', { highlights, kept: highlightCount(r.keptEdited) })
        : i18n.t('selection.undone', { highlights });
      setDone({ line, batchId: null });
    });

  const n = selected.size;
  return (
    <div class="selection-bar" role="toolbar" aria-label={i18n.t('selection.label')}>
      {n === 0 ? (
        <button type="button" class="link" disabled={busy || total === 0} onClick={() => void selectAll()}>
          {i18n.t('selection.selectAll', { count: formatCount(total) })}
        </button>
      ) : (
        <>
          <span class="selected-count">{i18n.t('selection.selected', { count: formatCount(n) })}</span>
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() =>
              void act({ kind: 'delete' }, (c) =>
                i18n.t('selection.deleted', { highlights: highlightCount(c) }),
              )
            }
          >
            {i18n.t('common.delete')}
          </button>
          <form
            class="tag-form"
            onSubmit={(e) => {
              e.preventDefault();
              const t = tag.trim();
              if (t)
                void act({ kind: 'tag', tag: t }, (c) =>
                  i18n.t('selection.tagged', { highlights: highlightCount(c), tag: t }),
                );
            }}
          >
            <input
              aria-label={i18n.t('selection.tagLabel')}
              placeholder={i18n.t('selection.tagPlaceholder')}
              value={tag}
              disabled={busy}
              onInput={(e) => setTag((e.currentTarget as HTMLInputElement).value)}
            />
            <button type="submit" disabled={busy || !tag.trim()}>
              {i18n.t('selection.addTag')}
            </button>
            <button
              type="button"
              disabled={busy || !tag.trim()}
              onClick={() => {
                const t = tag.trim();
                void act({ kind: 'untag', tag: t }, (c) =>
                  i18n.t('selection.untagged', { highlights: highlightCount(c), tag: t }),
                );
              }}
            >
              {i18n.t('selection.removeTag')}
            </button>
          </form>
          <span class="transfer-label">{i18n.t('common.export')}</span>
          {(Object.keys(EXPORT_FILES) as ExportFormat[]).map((format) => (
            <button
              key={format}
              type="button"
              disabled={busy}
              aria-label={i18n.t('selection.exportAs', { format: EXPORT_FILES[format].label })}
              onClick={() => void exportAs(format)}
            >
              {EXPORT_FILES[format].label}
            </button>
          ))}
          <button type="button" class="link" disabled={busy} onClick={() => onSelect(new Set())}>
            {i18n.t('selection.clear')}
          </button>
        </>
      )}
      {done && (
        <p role="status" class="transfer-status">
          <span>{done.line}</span>
          {done.batchId && !busy && (
            <button type="button" class="link" onClick={() => void undo(done.batchId as string)}>
              {i18n.t('common.undo')}
            </button>
          )}
        </p>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </div>
  );
}
