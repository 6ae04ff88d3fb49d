import { describe, expect, it, vi } from 'vitest';
import { CHUNK_TARGET_CHARS, type ItemChunk } from '../../components/import-chunks';
import {
  CHUNKS_IN_FLIGHT,
  describeImport,
  exportLibrary,
  ImportStopped,
  importItems,
  previewItems,
  readImportFile,
} from '../../components/transfer';
import type { ExportChunk, ImportReport } from '../../messaging/protocol';

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

/** Items a little under a fifth of a chunk each: five to a chunk. */
const bulky = (n: number) => ({
  items: Array.from({ length: n }, (_, i) => ({
    i,
    text: 'x'.repeat(Math.floor(CHUNK_TARGET_CHARS / 5) - 100),
  })),
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

  it(`keeps ${CHUNKS_IN_FLIGHT} chunks in flight once the first has opened the batch, tallied in file order`, async () => {
    const sent: { chunk: ItemChunk; batchId: string | null; answer: (r: ImportReport) => void }[] = [];
    const importChunk = vi.fn(
      (chunk: ItemChunk, batchId: string | null) =>
        new Promise<ImportReport>((answer) => sent.push({ chunk, batchId, answer })),
    );
    const progress: number[] = [];
    const done = importItems({ importChunk }, bulky(20), (p) => progress.push(p.done));
    const settle = () => new Promise((resolve) => setTimeout(resolve));
    await settle();
    // Alone until it answers: sent without the batch id, the next one would open a second batch.
    expect(sent).toHaveLength(1);
    sent[0]?.answer(report({ added: 5, batchId: 'batch-1' }));
    await settle();
    expect(sent.map((s) => s.batchId)).toEqual([null, 'batch-1', 'batch-1']);
    // The third answers first: nothing is tallied past the second until the second has answered.
    sent[2]?.answer(report({ added: 5 }));
    await settle();
    expect(progress).toEqual([5]);
    sent[1]?.answer(report({ added: 5 }));
    await settle();
    expect(progress).toEqual([5, 10, 15]);
    expect(sent).toHaveLength(4);
    sent[3]?.answer(report({ added: 5 }));
    expect(await done).toMatchObject({ done: 20, added: 20, batchId: 'batch-1' });
    expect(sent.map((s) => s.chunk.firstIndex)).toEqual([0, 5, 10, 15]);
  });

  it('counts a chunk that was in flight when the one before it failed, and sends no more', async () => {
    const importChunk = vi.fn(async (chunk: ItemChunk, batchId: string | null) => {
      if (chunk.firstIndex === 5) throw new Error('Gloss could not reach its storage');
      return report({ added: chunk.items.length, batchId: batchId ?? 'batch-1' });
    });
    const stopped = (await importItems({ importChunk }, bulky(20)).catch((e: unknown) => e)) as ImportStopped;
    expect(stopped).toBeInstanceOf(ImportStopped);
    // Written, and in the batch: the tally says so, and Undo takes it back with the first.
    expect(stopped.tally).toMatchObject({ done: 10, added: 10, batchId: 'batch-1' });
    expect(importChunk.mock.calls.map(([chunk]) => chunk.firstIndex)).toEqual([0, 5, 10]);
  });

  it(`previews ${CHUNKS_IN_FLIGHT} chunks at a time from the first: a preview opens no batch`, async () => {
    let inFlight = 0;
    let most = 0;
    const previewChunk = vi.fn(async (chunk: ItemChunk) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve));
      inFlight--;
      return report({ added: chunk.items.length, batchId: null });
    });
    expect(await previewItems({ previewChunk }, bulky(20))).toMatchObject({ done: 20, added: 20 });
    expect(most).toBe(CHUNKS_IN_FLIGHT);
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

describe('export a chunk at a time', () => {
  /** A background holding `stories` stories, two to a chunk, answering after a tick; counts what is asked. */
  function library(stories: number, failAt?: number) {
    let inFlight = 0;
    let most = 0;
    const offsets: number[] = [];
    const exportChunk = vi.fn(async (_format: string, offset: number): Promise<ExportChunk> => {
      offsets.push(offset);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      if (offset === failAt) throw new Error('the worker stopped');
      const end = Math.min(offset + 2, stories);
      const body = Array.from({ length: end - offset }, (_, i) => `s${offset + i}`).join(',');
      return {
        ...(offset === 0 ? { head: '[' } : {}),
        body,
        separator: ',',
        ...(end >= stories ? { tail: ']' } : {}),
        next: end >= stories ? null : end,
        pages: stories,
      };
    });
    const save = vi.fn((_name: string, _mime: string, _parts: string[]) => {});
    const api = { exportChunk, save, previewChunk: vi.fn(), importChunk: vi.fn(), undoImport: vi.fn() };
    return { api, save, offsets, most: () => most };
  }

  it('asks for the chunk after the next while the next travels, and writes every story once, in order', async () => {
    const lib = library(9);
    const progress: number[] = [];
    await exportLibrary(lib.api, 'w3c', (done) => progress.push(done), 0);
    expect(lib.save.mock.calls[0]?.[2].join('')).toBe('[s0,s1,s2,s3,s4,s5,s6,s7,s8]');
    expect(lib.most()).toBe(2);
    // Each offset once; one past the end at most, answered empty and dropped.
    expect(new Set(lib.offsets).size).toBe(lib.offsets.length);
    expect(lib.offsets.filter((o) => o >= 9).length).toBeLessThanOrEqual(1);
    expect(progress).toEqual([2, 4, 6, 8, 9]);
  });

  it('fails as a whole when a chunk fails, and saves nothing', async () => {
    const lib = library(9, 4);
    await expect(exportLibrary(lib.api, 'w3c', () => {}, 0)).rejects.toThrow('the worker stopped');
    expect(lib.save).not.toHaveBeenCalled();
  });

  it('exports a library of one chunk with one request', async () => {
    const lib = library(2);
    await exportLibrary(lib.api, 'csv', () => {}, 0);
    expect(lib.offsets).toEqual([0]);
    expect(lib.save.mock.calls[0]?.[2].join('')).toBe('[s0,s1]');
  });
});
