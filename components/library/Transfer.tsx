import { useState } from 'preact/hooks';
import type { ExportFormat } from '../../messaging/protocol';
import {
  describeImport,
  EXPORT_FILES,
  exportLibrary,
  ImportStopped,
  type ImportTally,
  importItems,
  readImportFile,
} from '../transfer';
import type { LibraryApi } from './api';
import { formatCount } from './rows';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Import a file a chunk at a time (each one transaction, all one Undo), with progress; export a page of
 * stories at a time into a file of parts. Neither ever holds the whole library in one message.
 */
export function Transfer({ api }: { api: LibraryApi }) {
  const [tally, setTally] = useState<ImportTally | null>(null);
  const [finished, setFinished] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function importFile(file: File) {
    setBusy(true);
    setError(null);
    setFinished(false);
    setTally(null);
    setStatus(`Reading ${file.name}…`);
    try {
      const items = await readImportFile(file);
      const t = await importItems(api, items, (progress) => {
        setTally(progress);
        setStatus(`Imported ${formatCount(progress.done)} of ${formatCount(progress.total)}`);
      });
      setTally(t);
      setFinished(true);
      setStatus(describeImport(t, formatCount));
    } catch (e) {
      // What was imported before the failure stays, and can be undone with the rest of its batch.
      const done = e instanceof ImportStopped ? e.tally : null;
      setTally(done);
      setFinished(true);
      const kept = done ? ` The first ${formatCount(done.done)} items were imported.` : '';
      setError(`Import stopped: ${messageOf(e)}${kept}`);
    } finally {
      setBusy(false);
    }
  }

  async function undo(batchId: string) {
    setBusy(true);
    try {
      const r = await api.undoImport(batchId);
      setStatus(
        `Import undone: ${formatCount(r.removed)} removed, ${formatCount(r.restored)} put back${r.keptEdited ? `, ${formatCount(r.keptEdited)} edited since kept` : ''}.`,
      );
      setTally(null);
    } catch (e) {
      setError(`Could not undo the import: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  }

  async function exportAll(format: ExportFormat) {
    setBusy(true);
    setError(null);
    try {
      await exportLibrary(api, format, (done, stories) =>
        setStatus(`Exporting: ${formatCount(done)} of ${formatCount(stories)} stories`),
      );
      setStatus('Export ready.');
    } catch (e) {
      setError(`Export failed: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="transfer" aria-label="Import and export">
      <label class="button-like">
        Import file
        <input
          type="file"
          accept=".json,application/json"
          class="visually-hidden"
          disabled={busy}
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (file) void importFile(file);
          }}
        />
      </label>
      {(Object.keys(EXPORT_FILES) as ExportFormat[]).map((format) => (
        <button
          key={format}
          type="button"
          disabled={busy}
          title={EXPORT_FILES[format].hint}
          onClick={() => void exportAll(format)}
        >
          {EXPORT_FILES[format].label}
        </button>
      ))}
      {tally && !finished && <progress aria-label="Import progress" max={tally.total} value={tally.done} />}
      {tally?.batchId && !busy && (
        <button type="button" onClick={() => void undo(tally.batchId as string)}>
          Undo import
        </button>
      )}
      <p role="status" class="transfer-status">
        {status}
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {tally && tally.errors.length > 0 && (
        <details>
          <summary>{formatCount(tally.failed)} items not imported</summary>
          <ul>
            {tally.errors.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
