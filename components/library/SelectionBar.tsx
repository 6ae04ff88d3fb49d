import { useState } from 'preact/hooks';
import type { ExportFormat, LibraryFilters } from '../../messaging/protocol';
import { BULK_CHUNK_IDS } from '../../messaging/schema';
import type { Annotation } from '../../storage/annotation';
import { EXPORT_FILES, saveSelection } from '../transfer';
import type { BulkAction, LibraryApi } from './api';
import { formatCount } from './rows';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const highlights = (n: number) => `${formatCount(n)} ${n === 1 ? 'highlight' : 'highlights'}`;

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
      setDone({ line: `Exported ${highlights(annotations.length)}.`, batchId: null });
    });

  const undo = (batchId: string) =>
    run(async () => {
      const r = await api.undoImport(batchId);
      const kept = r.keptEdited ? `; ${highlights(r.keptEdited)} changed since kept as they are` : '';
      setDone({ line: `Undone: ${highlights(r.restored + r.removed)} as before${kept}.`, batchId: null });
    });

  const n = selected.size;
  return (
    <div class="selection-bar" role="toolbar" aria-label="Selection">
      {n === 0 ? (
        <button type="button" class="link" disabled={busy || total === 0} onClick={() => void selectAll()}>
          Select all {formatCount(total)}
        </button>
      ) : (
        <>
          <span class="selected-count">{formatCount(n)} selected</span>
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() => void act({ kind: 'delete' }, (c) => `Deleted ${highlights(c)}.`)}
          >
            Delete
          </button>
          <form
            class="tag-form"
            onSubmit={(e) => {
              e.preventDefault();
              const t = tag.trim();
              if (t) void act({ kind: 'tag', tag: t }, (c) => `Tagged ${highlights(c)} #${t}.`);
            }}
          >
            <input
              aria-label="Tag for the selected highlights"
              placeholder="tag"
              value={tag}
              disabled={busy}
              onInput={(e) => setTag((e.currentTarget as HTMLInputElement).value)}
            />
            <button type="submit" disabled={busy || !tag.trim()}>
              Add tag
            </button>
            <button
              type="button"
              disabled={busy || !tag.trim()}
              onClick={() => {
                const t = tag.trim();
                void act({ kind: 'untag', tag: t }, (c) => `Removed #${t} from ${highlights(c)}.`);
              }}
            >
              Remove tag
            </button>
          </form>
          <span class="transfer-label">Export</span>
          {(Object.keys(EXPORT_FILES) as ExportFormat[]).map((format) => (
            <button
              key={format}
              type="button"
              disabled={busy}
              aria-label={`Export the selected as ${EXPORT_FILES[format].label}`}
              onClick={() => void exportAs(format)}
            >
              {EXPORT_FILES[format].label}
            </button>
          ))}
          <button type="button" class="link" disabled={busy} onClick={() => onSelect(new Set())}>
            Clear selection
          </button>
        </>
      )}
      {done && (
        <p role="status" class="transfer-status">
          <span>{done.line}</span>
          {done.batchId && !busy && (
            <button type="button" class="link" onClick={() => void undo(done.batchId as string)}>
              Undo
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
