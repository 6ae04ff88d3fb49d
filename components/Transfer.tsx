import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { ExportFormat } from '../messaging/protocol';
import type { FoundItems } from '../storage/import-format';
import { formatCount } from './format';
import {
  changesAnything,
  describeImport,
  EXPORT_FILES,
  exportLibrary,
  ImportStopped,
  type ImportTally,
  importItems,
  previewItems,
  readImportFile,
  type TransferApi,
  tallyParts,
} from './transfer';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A file read and checked, waiting for the reader to import it or not. */
interface Pending {
  name: string;
  found: FoundItems;
  preview: ImportTally;
}

/**
 * Import and export, in the popup and the library page. Import reads the file, shows what it would do
 * (new, updated, kept and why, refused and why) and writes only when the reader says so, a chunk at a time
 * with progress, all one Undo. Export makes the file a page of stories at a time. Neither ever holds the
 * whole library in one message.
 */
export function Transfer({ api, onImported }: { api: TransferApi; onImported?: () => void }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [batchId, setBatchId] = useState<string | null>(null);
  const [details, setDetails] = useState<{ failed: number; errors: string[] } | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function start(line: string) {
    setBusy(true);
    setError(null);
    setStatus(line);
  }

  async function check(file: File) {
    start(i18n.t('transfer.reading', { file: file.name }));
    setPending(null);
    setBatchId(null);
    setDetails(null);
    try {
      const found = await readImportFile(file);
      const preview = await previewItems(api, found, (t) => {
        setProgress(t);
        setStatus(
          i18n.t('transfer.checking', {
            file: file.name,
            done: formatCount(t.done),
            total: formatCount(t.total),
          }),
        );
      });
      setDetails(preview);
      if (changesAnything(preview)) {
        setPending({ name: file.name, found, preview });
        setStatus(
          i18n.t('transfer.preview', {
            file: file.name,
            parts: tallyParts(preview, formatCount, true).join(', '),
          }),
        );
      } else {
        setStatus(
          i18n.t('transfer.nothingToImport', {
            file: file.name,
            parts: tallyParts(preview, formatCount, true).join(', '),
          }),
        );
      }
    } catch (e) {
      setStatus('');
      setError(i18n.t('transfer.readFailed', { file: file.name, reason: messageOf(e) }));
    } finally {
      setProgress(null);
      setBusy(false);
    }
  }

  async function runImport({ name, found }: Pending) {
    start(i18n.t('transfer.importing', { file: name }));
    setPending(null);
    try {
      const t = await importItems(api, found, (progressed) => {
        setProgress(progressed);
        setBatchId(progressed.batchId);
        setStatus(
          i18n.t('transfer.importProgress', {
            done: formatCount(progressed.done),
            total: formatCount(progressed.total),
          }),
        );
      });
      setBatchId(t.batchId);
      setDetails(t);
      setStatus(describeImport(t, formatCount));
    } catch (e) {
      // What was imported before the failure stays, and can be undone with the rest of its batch.
      const done = e instanceof ImportStopped ? e.tally : null;
      setBatchId(done?.batchId ?? null);
      setStatus('');
      setError(
        done
          ? i18n.t('transfer.stopped', {
              done: formatCount(done.done),
              total: formatCount(done.total),
              reason: messageOf(e),
            })
          : i18n.t('transfer.failed', { reason: messageOf(e) }),
      );
    } finally {
      setProgress(null);
      setBusy(false);
      onImported?.();
    }
  }

  async function undo(batch: string) {
    start(i18n.t('transfer.undoing'));
    setBatchId(null);
    setDetails(null);
    try {
      const r = await api.undoImport(batch);
      const counts = { removed: formatCount(r.removed), restored: formatCount(r.restored) };
      setStatus(
        r.keptEdited
          ? i18n.t('transfer.undoneKept', { ...counts, kept: formatCount(r.keptEdited) })
          : i18n.t('transfer.undone', counts),
      );
      onImported?.();
    } catch (e) {
      setStatus('');
      setError(i18n.t('transfer.undoFailed', { reason: messageOf(e) }));
    } finally {
      setBusy(false);
    }
  }

  async function exportAll(format: ExportFormat) {
    start(i18n.t('transfer.exporting'));
    try {
      await exportLibrary(api, format, (done, stories) =>
        setStatus(
          i18n.t('transfer.exportProgress', stories, {
            done: formatCount(done),
            count: formatCount(stories),
          }),
        ),
      );
      setStatus(i18n.t('transfer.exported'));
    } catch (e) {
      setStatus('');
      setError(i18n.t('transfer.exportFailed', { reason: messageOf(e) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="transfer" aria-label={i18n.t('transfer.label')}>
      <div class="transfer-actions">
        <span class="transfer-label" aria-hidden="true">
          {i18n.t('common.export')}
        </span>
        {(Object.keys(EXPORT_FILES) as ExportFormat[]).map((format) => (
          <button
            key={format}
            type="button"
            disabled={busy}
            aria-label={i18n.t('transfer.exportAs', { format: EXPORT_FILES[format].label })}
            title={i18n.t(`transfer.hint.${format}`)}
            onClick={() => void exportAll(format)}
          >
            {EXPORT_FILES[format].label}
          </button>
        ))}
        <span class="spacer" />
        <label class={`button-like${busy ? ' disabled' : ''}`} title={i18n.t('transfer.importHint')}>
          {i18n.t('transfer.import')}
          <input
            type="file"
            accept=".json,application/json"
            class="visually-hidden"
            aria-label={i18n.t('transfer.importFile')}
            disabled={busy}
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              const file = input.files?.[0];
              input.value = '';
              if (file) void check(file);
            }}
          />
        </label>
      </div>
      {progress && (
        <progress aria-label={i18n.t('transfer.progress')} max={progress.total} value={progress.done} />
      )}
      {(status || pending || (batchId && !busy)) && (
        <p role="status" class="transfer-status">
          <span>{status}</span>
          {pending && (
            <>
              <button type="button" class="primary" onClick={() => void runImport(pending)}>
                {i18n.t('transfer.confirm', {
                  count: formatCount(pending.preview.added + pending.preview.updated),
                })}
              </button>
              <button
                type="button"
                onClick={() => {
                  setPending(null);
                  setStatus(i18n.t('transfer.cancelled'));
                }}
              >
                {i18n.t('common.cancel')}
              </button>
            </>
          )}
          {batchId && !busy && !pending && (
            <button type="button" class="link" onClick={() => void undo(batchId)}>
              {i18n.t('transfer.undo')}
            </button>
          )}
        </p>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {details && details.errors.length > 0 && (
        <details>
          <summary>
            {i18n.t('transfer.refused', details.failed, { count: formatCount(details.failed) })}
          </summary>
          <ul>
            {details.errors.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
