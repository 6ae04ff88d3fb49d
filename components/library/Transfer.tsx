import { useState } from 'preact/hooks';
import type { ExportFormat, ImportReport } from '../../messaging/protocol';
import { ExportAssembler } from '../../storage/export-assembler';
import { findItems } from '../../storage/import-format';
import type { LibraryApi } from './api';
import { chunkItems } from './import-chunks';
import { formatCount } from './rows';

/** Counts of an import so far, summed over its chunks. */
interface ImportTally {
  done: number;
  total: number;
  added: number;
  updated: number;
  skipped: number;
  /** Items refused, and the first SHOWN_ERRORS reasons. */
  failed: number;
  errors: string[];
  batchId: string | null;
  finished: boolean;
}

/** Error lines kept for display: a hostile file can have 100,000 bad items. */
const SHOWN_ERRORS = 20;

const EXPORT_FILES: Record<ExportFormat, { ext: string; mime: string; label: string }> = {
  w3c: { ext: 'json', mime: 'application/json', label: 'Export JSON' },
  markdown: { ext: 'md', mime: 'text/markdown', label: 'Export Markdown' },
};

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function tallied(t: ImportTally, r: ImportReport): ImportTally {
  return {
    ...t,
    added: t.added + r.added,
    updated: t.updated + r.updated,
    skipped: t.skipped + r.skippedOlder + r.skippedConflicting + r.unchanged,
    failed: t.failed + r.errors.length,
    errors: [...t.errors, ...r.errors].slice(0, SHOWN_ERRORS),
    batchId: r.batchId ?? t.batchId,
  };
}

/**
 * Import a file a chunk at a time (each one transaction, all one Undo), with progress; export a page of
 * stories at a time into a file of parts. Neither ever holds the whole library in one message.
 */
export function Transfer({ api }: { api: LibraryApi }) {
  const [tally, setTally] = useState<ImportTally | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function importFile(file: File) {
    setBusy(true);
    setError(null);
    setStatus(`Reading ${file.name}…`);
    let t: ImportTally | null = null;
    try {
      let data: unknown;
      try {
        data = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not JSON. Import takes a Gloss or W3C Web Annotation JSON file.`);
      }
      const items = findItems(data);
      t = {
        done: 0,
        total: items.length,
        added: 0,
        updated: 0,
        skipped: 0,
        failed: 0,
        errors: [],
        batchId: null,
        finished: false,
      };
      setTally(t);
      const chunks = chunkItems(items);
      for (let next = chunks.next(); !next.done; ) {
        const chunk = next.value;
        const pending = api.importChunk(chunk, t.batchId);
        // The next chunk is cut (each item measured) while the background writes this one.
        next = chunks.next();
        const report = await pending;
        t = { ...tallied(t, report), done: chunk.firstIndex + chunk.items.length };
        setTally(t);
        setStatus(`Imported ${formatCount(t.done)} of ${formatCount(t.total)}`);
      }
      t = { ...t, finished: true };
      setTally(t);
      setStatus(
        `Import done: ${formatCount(t.added)} added, ${formatCount(t.updated)} updated, ${formatCount(t.skipped)} unchanged or kept.`,
      );
    } catch (e) {
      // What was imported before the failure stays, and can be undone with the rest of its batch.
      const kept = t && t.done > 0 ? ` The first ${formatCount(t.done)} items were imported.` : '';
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
    const generated = Date.now();
    try {
      const file = new ExportAssembler();
      let offset: number | null = 0;
      while (offset !== null) {
        const chunk = await api.exportChunk(format, offset, generated);
        file.add(chunk);
        offset = chunk.next;
        setStatus(`Exporting: ${formatCount(offset ?? chunk.pages)} of ${formatCount(chunk.pages)} stories`);
      }
      const { ext, mime } = EXPORT_FILES[format];
      api.save(`gloss-${new Date(generated).toISOString().slice(0, 10)}.${ext}`, mime, file.finish());
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
        <button key={format} type="button" disabled={busy} onClick={() => void exportAll(format)}>
          {EXPORT_FILES[format].label}
        </button>
      ))}
      {tally && !tally.finished && (
        <progress aria-label="Import progress" max={tally.total} value={tally.done} />
      )}
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
