import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { FacetValue } from '../../messaging/protocol';
import { highlightCount } from '../format';
import type { LibraryApi } from './api';

/** The last tag edit, while it can be taken back. */
interface Done {
  line: string;
  batchId: string | null;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

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
      const highlights = highlightCount(r.changed);
      const what =
        to === null
          ? i18n.t('tagManager.removed', { tag: from, highlights })
          : tags?.some((t) => t.value === to.trim().toLowerCase() && t.value !== from)
            ? i18n.t('tagManager.merged', { tag: from, into: to.trim(), highlights })
            : i18n.t('tagManager.renamed', { tag: from, into: to.trim(), highlights });
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
      const highlights = highlightCount(r.restored);
      const line = r.keptEdited
        ? i18n.t('tagManager.undoneKept', { highlights, kept: highlightCount(r.keptEdited) })
        : i18n.t('tagManager.undone', { highlights });
      setDone({ line, batchId: null });
      setTags(await api.facets('tag'));
    } catch (e) {
      setError(i18n.t('tagManager.undoFailed', { reason: messageOf(e) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <details class="tag-manager" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{i18n.t('common.tags')}</summary>
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
              {i18n.t('common.undo')}
            </button>
          )}
        </p>
      )}
      {tags === null ? (
        open && <p class="meta">{i18n.t('tagManager.loading')}</p>
      ) : tags.length === 0 ? (
        <p class="meta">{i18n.t('tagManager.none')}</p>
      ) : (
        <ul class="tag-list" aria-label={i18n.t('common.tags')}>
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
                    aria-label={i18n.t('tagManager.newName', { tag: t.label })}
                    value={name}
                    disabled={busy}
                    onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
                    onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
                    ref={(el) => el?.focus()}
                  />
                  <button type="submit" class="primary" disabled={busy || !name.trim()}>
                    {i18n.t('tagManager.rename')}
                  </button>
                  <button type="button" disabled={busy} onClick={() => setEditing(null)}>
                    {i18n.t('common.cancel')}
                  </button>
                </form>
              ) : (
                <>
                  <button type="button" class="link tag" onClick={() => onShowTag(t.value)}>
                    #{t.label}
                  </button>
                  <span class="meta">{highlightCount(t.count)}</span>
                  <span class="spacer" />
                  <button
                    type="button"
                    class="link"
                    disabled={busy}
                    aria-label={i18n.t('tagManager.renameLabel', { tag: t.label })}
                    onClick={() => {
                      setName(t.label);
                      setEditing(t.value);
                    }}
                  >
                    {i18n.t('tagManager.rename')}
                  </button>
                  <button
                    type="button"
                    class="link danger"
                    disabled={busy}
                    aria-label={i18n.t('tagManager.deleteLabel', { tag: t.label })}
                    onClick={() => void edit(t.value, null)}
                  >
                    {i18n.t('common.delete')}
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
