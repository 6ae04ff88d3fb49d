import { useState } from 'preact/hooks';
import type { ExportFormat } from '../messaging/protocol';
import type { FoundItems } from '../storage/import-format';
import { formatCount } from './library/rows';
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
    start(`Reading ${file.name}…`);
    setPending(null);
    setBatchId(null);
    setDetails(null);
    try {
      const found = await readImportFile(file);
      const preview = await previewItems(api, found, (t) => {
        setProgress(t);
        setStatus(`Checking ${file.name}: ${formatCount(t.done)} of ${formatCount(t.total)}…`);
      });
      setDetails(preview);
      if (changesAnything(preview)) {
        setPending({ name: file.name, found, preview });
        setStatus(`${file.name}: ${tallyParts(preview, formatCount, true).join(', ')}.`);
      } else {
        setStatus(`${file.name}: nothing to import (${tallyParts(preview, formatCount, true).join(', ')}).`);
      }
    } catch (e) {
      setStatus('');
      setError(`Could not read ${file.name}: ${messageOf(e)}`);
    } finally {
      setProgress(null);
      setBusy(false);
    }
  }

  async function runImport({ name, found }: Pending) {
    start(`Importing ${name}…`);
    setPending(null);
    try {
      const t = await importItems(api, found, (progressed) => {
        setProgress(progressed);
        setBatchId(progressed.batchId);
        setStatus(`Imported ${formatCount(progressed.done)} of ${formatCount(progressed.total)}…`);
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
          ? `Import stopped after ${formatCount(done.done)} of ${formatCount(done.total)}: ${messageOf(e)}`
          : `Import failed, nothing was changed: ${messageOf(e)}`,
      );
    } finally {
      setProgress(null);
      setBusy(false);
      onImported?.();
    }
  }

  async function undo(batch: string) {
    start('Undoing the import…');
    setBatchId(null);
    setDetails(null);
    try {
      const r = await api.undoImport(batch);
      const kept = r.keptEdited ? `, ${formatCount(r.keptEdited)} kept (edited since)` : '';
      setStatus(
        `Import undone: ${formatCount(r.removed)} removed, ${formatCount(r.restored)} put back as before${kept}.`,
      );
      onImported?.();
    } catch (e) {
      setStatus('');
      setError(`Could not undo the import: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  }

  async function exportAll(format: ExportFormat) {
    start('Exporting…');
    try {
      await exportLibrary(api, format, (done, stories) =>
        setStatus(`Exporting: ${formatCount(done)} of ${formatCount(stories)} stories`),
      );
      setStatus('Export ready.');
    } catch (e) {
      setStatus('');
      setError(`Export failed: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="transfer" aria-label="Import and export">
      <div class="transfer-actions">
        <span class="transfer-label" aria-hidden="true">
          Export
        </span>
        {(Object.keys(EXPORT_FILES) as ExportFormat[]).map((format) => (
          <button
            key={format}
            type="button"
            disabled={busy}
            aria-label={`Export ${EXPORT_FILES[format].label}`}
            title={EXPORT_FILES[format].hint}
            onClick={() => void exportAll(format)}
          >
            {EXPORT_FILES[format].label}
          </button>
        ))}
        <span class="spacer" />
        <label
          class={`button-like${busy ? ' disabled' : ''}`}
          title="A Gloss, W3C Web Annotation or Hypothesis JSON file"
        >
          Import…
          <input
            type="file"
            accept=".json,application/json"
            class="visually-hidden"
            aria-label="Import file"
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
      {progress && <progress aria-label="Progress" max={progress.total} value={progress.done} />}
      {(status || pending || (batchId && !busy)) && (
        <p role="status" class="transfer-status">
          <span>{status}</span>
          {pending && (
            <>
              <button type="button" class="primary" onClick={() => void runImport(pending)}>
                Import {formatCount(pending.preview.added + pending.preview.updated)}
              </button>
              <button
                type="button"
                onClick={() => {
                  setPending(null);
                  setStatus('Import cancelled: nothing was changed.');
                }}
              >
                Cancel
              </button>
            </>
          )}
          {batchId && !busy && !pending && (
            <button type="button" class="link" onClick={() => void undo(batchId)}>
              Undo import
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
            {formatCount(details.failed)} {details.failed === 1 ? 'item' : 'items'} cannot be imported
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
