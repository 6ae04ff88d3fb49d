// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Transfer } from '../../components/Transfer';
import { CHUNK_REPORT, fakeTransfer } from './fake-transfer';

afterEach(cleanup);

function choose(text: string, name = 'gloss.json') {
  const input = screen.getByLabelText('Import file') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [new File([text], name)], configurable: true });
  fireEvent.change(input);
}

const FILE = '{"type":"AnnotationCollection","first":{"items":[{"a":1},{"b":2},{"c":3}]}}';
const status = () => screen.getByRole('status').textContent;

describe('Transfer', () => {
  it('previews a file, writing nothing, and imports it only when asked', async () => {
    const api = fakeTransfer();
    let imported = 0;
    render(<Transfer api={api} onImported={() => imported++} />);
    choose(FILE);
    const go = await screen.findByRole('button', { name: 'Import 3' });
    expect(api.previewChunk).toHaveBeenCalledWith({ firstIndex: 0, items: [{ a: 1 }, { b: 2 }, { c: 3 }] });
    expect(api.importChunk).not.toHaveBeenCalled();
    expect(status()).toBe('gloss.json: 2 new, 1 updated, 1 cannot be imported.Import 3Cancel');
    expect(screen.getByText('1 item cannot be imported')).toBeTruthy();
    expect(screen.getByText(CHUNK_REPORT.errors[0] as string)).toBeTruthy();
    fireEvent.click(go);
    await waitFor(() => expect(status()).toBe('Import: 2 added, 1 updated, 1 not imported.Undo import'));
    expect(api.importChunk).toHaveBeenCalledWith(
      { firstIndex: 0, items: [{ a: 1 }, { b: 2 }, { c: 3 }] },
      null,
    );
    expect(imported).toBe(1);
  });

  it('cancels a previewed import: nothing is written', async () => {
    const api = fakeTransfer();
    render(<Transfer api={api} />);
    choose(FILE);
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(status()).toBe('Import cancelled: nothing was changed.');
    expect(api.importChunk).not.toHaveBeenCalled();
  });

  it('says when a file has nothing new, and offers no import', async () => {
    const api = fakeTransfer();
    api.previewChunk.mockResolvedValueOnce({
      ...CHUNK_REPORT,
      added: 0,
      updated: 0,
      unchanged: 3,
      errors: [],
    });
    render(<Transfer api={api} />);
    choose(FILE);
    await waitFor(() =>
      expect(status()).toBe('gloss.json: nothing to import (0 new, 0 updated, 3 already here).'),
    );
    expect(screen.queryByRole('button', { name: /^Import \d/ })).toBeNull();
  });

  it('takes back the whole import with Undo import, once', async () => {
    const api = fakeTransfer();
    render(<Transfer api={api} />);
    choose(FILE);
    fireEvent.click(await screen.findByRole('button', { name: 'Import 3' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Undo import' }));
    await waitFor(() => expect(status()).toBe('Import undone: 2 removed, 1 put back as before.'));
    expect(api.undoImport).toHaveBeenCalledWith('batch-1');
    expect(screen.queryByRole('button', { name: 'Undo import' })).toBeNull();
  });

  it('names a file that is not JSON, and a failed import', async () => {
    const api = fakeTransfer();
    render(<Transfer api={api} />);
    choose('nope', 'x.json');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not read x.json: x.json is not JSON. Import takes a Gloss or W3C Web Annotation JSON file.',
    );
    api.importChunk.mockRejectedValueOnce(new Error('Gloss stopped before it answered. Try again.'));
    choose(FILE);
    fireEvent.click(await screen.findByRole('button', { name: 'Import 3' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Import failed, nothing was changed: Gloss stopped before it answered. Try again.',
      ),
    );
  });

  it('exports in the chosen format as one file of parts, and shows a failure', async () => {
    const api = fakeTransfer();
    render(<Transfer api={api} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export Markdown' }));
    await waitFor(() => expect(api.save).toHaveBeenCalled());
    expect(api.exportChunk.mock.calls[0]?.slice(0, 2)).toEqual(['markdown', 0]);
    expect(api.save.mock.calls[0]?.[0]).toMatch(/^gloss-\d{4}-\d\d-\d\d\.md$/);
    expect(api.save.mock.calls[0]?.slice(1)).toEqual(['text/markdown', ['head;', 'body', ';tail']]);
    api.exportChunk.mockRejectedValueOnce(new Error('disk full'));
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Export failed: disk full');
    expect(api.exportChunk.mock.lastCall?.[0]).toBe('csv');
    expect(api.save).toHaveBeenCalledTimes(1);
  });
});
