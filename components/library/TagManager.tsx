import { useEffect, useState } from 'preact/hooks';
import type { FacetValue } from '../../messaging/protocol';
import type { LibraryApi } from './api';
import { formatCount } from './rows';

/** The last tag edit, while it can be taken back. */
interface Done {
  line: string;
  batchId: string | null;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const highlights = (n: number) => `${formatCount(n)} ${n === 1 ? 'highlight' : 'highlights'}`;

/**
 * Every tag with how many highlights carry it; a tag lists its highlights, and can be renamed (into a tag in
 * use: a merge) or deleted across the library, each with Undo. Opened on demand: the list costs a read of
 * the tag index, which the first view of the library must not wait for.
 */
export function TagManager({
  api,
  generation,
  onShowTag,
}: {
  api: LibraryApi;
  /** Bumped when annotations change elsewhere: the counts reload. */
  generation: number;
  onShowTag(tag: string): void;
}) {
  const [open, setOpen] = useState(false);
  const [tags, setTags] = useState<FacetValue[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [done, setDone] = useState<Done | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    let current = true;
    api
      .facets('tag')
      .then((list) => current && setTags(list))
      .catch((e: unknown) => current && setError(messageOf(e)));
    return () => {
      current = false;
    };
  }, [api, open, generation]);

  async function edit(from: string, to: string | null) {
    setBusy(true);
    setError(null);
    try {
      const r = await api.editTag(from, to);
      const what =
        to === null
          ? `Removed #${from} from ${highlights(r.changed)}.`
          : tags?.some((t) => t.value === to.trim().toLowerCase() && t.value !== from)
            ? `Merged #${from} into #${to.trim()} on ${highlights(r.changed)}.`
            : `Renamed #${from} to #${to.trim()} on ${highlights(r.changed)}.`;
      setDone({ line: what, batchId: r.batchId });
      setEditing(null);
      setTags(await api.facets('tag'));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function undo(batchId: string) {
    setBusy(true);
    try {
      const r = await api.undoImport(batchId);
      const kept = r.keptEdited ? `; ${highlights(r.keptEdited)} edited since kept as they are` : '';
      setDone({ line: `Undone: ${highlights(r.restored)} as before${kept}.`, batchId: null });
      setTags(await api.facets('tag'));
    } catch (e) {
      setError(`Could not undo: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details class="tag-manager" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>Tags</summary>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
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
      {tags === null ? (
        open && <p class="meta">Loading tags…</p>
      ) : tags.length === 0 ? (
        <p class="meta">No tags yet. Add them to a highlight's note in the popup or on the page.</p>
      ) : (
        <ul class="tag-list" aria-label="Tags">
          {tags.map((t) => (
            <li key={t.value}>
              {editing === t.value ? (
                <form
                  class="tag-rename"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (name.trim() && name.trim() !== t.label) void edit(t.value, name);
                  }}
                >
                  <input
                    aria-label={`New name for #${t.label}`}
                    value={name}
                    disabled={busy}
                    onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
                    onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
                    ref={(el) => el?.focus()}
                  />
                  <button type="submit" class="primary" disabled={busy || !name.trim()}>
                    Rename
                  </button>
                  <button type="button" disabled={busy} onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <>
                  <button type="button" class="link tag" onClick={() => onShowTag(t.value)}>
                    #{t.label}
                  </button>
                  <span class="meta">{highlights(t.count)}</span>
                  <span class="spacer" />
                  <button
                    type="button"
                    class="link"
                    disabled={busy}
                    aria-label={`Rename #${t.label}`}
                    onClick={() => {
                      setName(t.label);
                      setEditing(t.value);
                    }}
                  >
                    Rename
                  </button>
                  <button
                    type="button"
                    class="link danger"
                    disabled={busy}
                    aria-label={`Delete #${t.label}`}
                    onClick={() => void edit(t.value, null)}
                  >
                    Delete
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
