import { describe, expect, it, vi } from 'vitest';
import type { ItemChunk } from '../../components/import-chunks';
import { describeImport, ImportStopped, importItems, readImportFile } from '../../components/transfer';
import type { ImportReport } from '../../messaging/protocol';

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  added: 0,
  updated: 0,
  skippedOlder: 0,
  skippedConflicting: 0,
  unchanged: 0,
  errors: [],
  batchId: 'batch-1',
  ...over,
});

/** Items about 1 MiB each, so they need more than one chunk. */
const bulky = (n: number) => ({
  items: Array.from({ length: n }, (_, i) => ({ i, text: 'x'.repeat(1024 * 1024) })),
  refused: [],
});

describe('import a chunk at a time', () => {
  it('sums the reports, sends each chunk with the first batch id, and reports progress', async () => {
    const importChunk = vi.fn(async (chunk: ItemChunk, batchId: string | null) =>
      report({ added: chunk.items.length, batchId: batchId ?? 'batch-1', errors: ['Item 1: id: bad'] }),
    );
    const progress: number[] = [];
    const t = await importItems({ importChunk }, bulky(14), (p) => progress.push(p.done));
    expect(importChunk.mock.calls.length).toBeGreaterThan(1);
    expect(importChunk.mock.calls.map(([, batch]) => batch)).toEqual([
      null,
      ...importChunk.mock.calls.slice(1).map(() => 'batch-1'),
    ]);
    expect(progress.at(-1)).toBe(14);
    expect(t).toMatchObject({ done: 14, total: 14, added: 14, failed: importChunk.mock.calls.length });
    expect(describeImport(t)).toBe(`Import: 14 added, 0 updated, ${t.failed} not imported.`);
  });

  it('stops at a failed chunk and says what was imported before it', async () => {
    let calls = 0;
    const importChunk = vi.fn(async (chunk: ItemChunk) => {
      if (++calls === 2) throw new Error('Gloss could not reach its storage');
      return report({ added: chunk.items.length });
    });
    const stopped = await importItems({ importChunk }, bulky(14)).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(ImportStopped);
    const { tally, message } = stopped as ImportStopped;
    expect(message).toBe('Gloss could not reach its storage');
    expect(tally?.batchId).toBe('batch-1');
    expect(tally?.done).toBeGreaterThan(0);
    expect(tally?.done).toBeLessThan(14);
    // Nothing imported yet: no tally to undo.
    const first = await importItems(
      { importChunk: async () => Promise.reject(new Error('no')) },
      { items: [{}], refused: [] },
    ).catch((e: unknown) => e);
    expect((first as ImportStopped).tally).toBeNull();
  });

  it('names a file that is not JSON, or not annotations', async () => {
    const file = (text: string) => ({ name: 'notes.txt', text: async () => text });
    await expect(readImportFile(file('quote,note'))).rejects.toThrow(/^notes.txt is not JSON/);
    await expect(readImportFile(file('{"hello":"world"}'))).rejects.toThrow(/not a Gloss export/);
    expect(await readImportFile(file('{"type":"AnnotationPage","items":[1,2]}'))).toEqual({
      items: [1, 2],
      refused: [],
    });
  });

  it('describes kept and unchanged items in words', () => {
    const t = {
      done: 5,
      total: 5,
      added: 1,
      updated: 1,
      unchanged: 1,
      keptNewer: 1,
      keptConflicting: 1,
      failed: 0,
      errors: [],
      batchId: null,
    };
    expect(describeImport(t)).toBe(
      'Import: 1 added, 1 updated, 1 kept (yours were newer), 1 kept (edited differently here), 1 already here.',
    );
  });
});
