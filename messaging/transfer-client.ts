import type { TransferApi } from '../components/transfer';
import { request } from './client';

/** Revoked after the download has surely started; the browser keeps its own copy. */
const DOWNLOAD_URL_LIFETIME_MS = 60_000;

/** Offers the file to the reader as a download, from its parts (never joined into one string). */
function saveFile(filename: string, mime: string, parts: string[]): void {
  const url = URL.createObjectURL(new Blob(parts, { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_LIFETIME_MS);
}

/** Import, export and undo as extension pages (the popup, the library) run them. */
export const transferClient: TransferApi = {
  importChunk: (chunk, batchId) =>
    request('import.chunk', { items: chunk.items, firstIndex: chunk.firstIndex, batchId }),
  previewChunk: (chunk) => request('import.preview', { items: chunk.items, firstIndex: chunk.firstIndex }),
  exportChunk: (format, offset, generated) => request('export.chunk', { format, offset, generated }),
  undoImport: (batchId) => request('import.undo', { batchId }),
  save: saveFile,
};
