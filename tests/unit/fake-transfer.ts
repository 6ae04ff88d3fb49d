import { vi } from 'vitest';
import type { ItemChunk } from '../../components/import-chunks';
import type { ExportChunk, ExportFormat, ImportReport } from '../../messaging/protocol';

/** What the fake background answers for a chunk: 2 new, 1 updated, item 3 refused. */
export const CHUNK_REPORT: ImportReport = {
  added: 2,
  updated: 1,
  skippedOlder: 0,
  skippedConflicting: 0,
  unchanged: 0,
  errors: ['Item 3: color: expected one of yellow, green, blue, pink, purple, got "red"'],
  batchId: null,
};

/** A stand-in for the background's import and export, shared by the popup's and the library's tests. */
export function fakeTransfer() {
  return {
    exportChunk: vi.fn(
      async (_format: ExportFormat, _offset: number, _generated: number): Promise<ExportChunk> => ({
        head: 'head;',
        body: 'body',
        separator: ',',
        tail: ';tail',
        next: null,
        pages: 1,
      }),
    ),
    save: vi.fn((_filename: string, _mime: string, _parts: string[]) => {}),
    previewChunk: vi.fn(async (_chunk: ItemChunk): Promise<ImportReport> => CHUNK_REPORT),
    importChunk: vi.fn(
      async (_chunk: ItemChunk, batchId: string | null): Promise<ImportReport> => ({
        ...CHUNK_REPORT,
        batchId: batchId ?? 'batch-1',
      }),
    ),
    undoImport: vi.fn(async (_batchId: string) => ({ removed: 2, restored: 1, keptEdited: 0 })),
  };
}
