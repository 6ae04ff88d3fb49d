// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoteEditor, type NoteEditorProps } from '../../components/NoteEditor';
import type { HighlightColor } from '../../storage/annotation';

afterEach(cleanup);

function renderEditor(overrides: Partial<NoteEditorProps> = {}) {
  const saved: [string, HighlightColor, string[]][] = [];
  const props: NoteEditorProps = {
    quote: 'the council voted to close the library',
    initialNote: '',
    initialColor: 'yellow',
    existing: false,
    onSave: vi.fn(async (note: string, color: HighlightColor, tags: string[]) => {
      saved.push([note, color, tags]);
    }),
    onClose: vi.fn(),
    ...overrides,
  };
  render(<NoteEditor {...props} />);
  const note = screen.getByLabelText('Note') as HTMLTextAreaElement;
  return { props, saved, note };
}

function type(textarea: HTMLTextAreaElement, value: string): void {
  fireEvent.input(textarea, { target: { value } });
}

describe('NoteEditor', () => {
  it('shows the quote and a focused, empty text box named Note', () => {
    const { note } = renderEditor();
    expect(note.tagName).toBe('TEXTAREA');
    expect(note.value).toBe('');
    expect(document.activeElement).toBe(note);
    expect(screen.getByText('the council voted to close the library')).toBeTruthy();
  });

  it('Save calls onSave with the typed note and the chosen colour', async () => {
    const { note, saved, props } = renderEditor();
    type(note, 'Ask the council for the budget');
    fireEvent.click(screen.getByRole('radio', { name: 'Green' }));
    expect(screen.getByRole('radio', { name: 'Green' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toEqual([['Ask the council for the budget', 'green', []]]));
    expect(props.onClose).not.toHaveBeenCalled();
  });

  it('announces each colour the reader tries, before any save', () => {
    const onColorPreview = vi.fn();
    const { props } = renderEditor({ onColorPreview });
    fireEvent.click(screen.getByRole('radio', { name: 'Green' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Pink' }));
    expect(onColorPreview.mock.calls).toEqual([['green'], ['pink']]);
    expect(props.onSave).not.toHaveBeenCalled();
  });

  it('keeps the initial colour when none is chosen, and starts from an existing note', async () => {
    const { note, saved } = renderEditor({
      initialNote: 'old thought',
      initialColor: 'pink',
      existing: true,
    });
    expect(note.value).toBe('old thought');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toEqual([['old thought', 'pink', []]]));
  });

  it("saves the tags typed, separated by commas, and starts from an existing highlight's tags", async () => {
    const { saved } = renderEditor({ initialTags: ['budget', 'local politics'], existing: true });
    const tags = screen.getByLabelText('Tags') as HTMLInputElement;
    expect(tags.value).toBe('budget, local politics');
    fireEvent.input(tags, { target: { value: 'budget, #schools, , Budget ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toEqual([['', 'yellow', ['budget', 'schools']]]));
  });

  it('Ctrl+Enter saves from the text box', async () => {
    const { note, saved } = renderEditor();
    type(note, 'quick');
    fireEvent.keyDown(note, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(saved).toEqual([['quick', 'yellow', []]]));
  });

  it('Escape calls onClose without saving', () => {
    const { note, props } = renderEditor();
    type(note, 'unsaved');
    fireEvent.keyDown(note, { key: 'Escape' });
    expect(props.onClose).toHaveBeenCalledTimes(1);
    expect(props.onSave).not.toHaveBeenCalled();
  });

  it('Cancel calls onClose', () => {
    const { props } = renderEditor();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(props.onClose).toHaveBeenCalledTimes(1);
  });

  it('Cancel calls onCancel (drop the text) where given, Escape still onClose (keep it)', () => {
    const onCancel = vi.fn();
    const { props, note } = renderEditor({ onCancel });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(props.onClose).not.toHaveBeenCalled();
    fireEvent.keyDown(note, { key: 'Escape' });
    expect(props.onClose).toHaveBeenCalledTimes(1);
  });

  it('hands every change to onChange as it is typed, so the host can keep it', () => {
    const onChange = vi.fn();
    const { note } = renderEditor({ onChange });
    expect(onChange).not.toHaveBeenCalled();
    type(note, 'half a');
    fireEvent.input(screen.getByLabelText('Tags'), { target: { value: 'draft, x' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Pink' }));
    expect(onChange.mock.calls.at(-1)).toEqual(['half a', 'pink', ['draft', 'x']]);
  });

  it('Ctrl+Enter pressed again while the first save is in flight saves once', async () => {
    let finish: () => void = () => {};
    const onSave = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { note } = renderEditor({ onSave });
    type(note, 'once');
    fireEvent.keyDown(note, { key: 'Enter', ctrlKey: true });
    fireEvent.keyDown(note, { key: 'Enter', ctrlKey: true });
    finish();
    await waitFor(() =>
      expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true),
    );
    fireEvent.keyDown(note, { key: 'Enter', ctrlKey: true });
    expect(onSave).toHaveBeenCalledTimes(1);
  });

  it('a save that meets another version shows both; Keep mine saves over that version', async () => {
    const stored = { note: 'edited in the popup', color: 'blue' as const, tags: ['x'], updatedAt: 42 };
    const onSave = vi.fn(async (_n: string, _c: HighlightColor, _t: string[], overwrite?: number) =>
      overwrite === undefined ? stored : undefined,
    );
    const { note } = renderEditor({ onSave, existing: true, initialNote: 'old' });
    type(note, 'mine');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const choice = await screen.findByRole('alertdialog', { name: 'This note was changed elsewhere' });
    expect(choice.textContent).toContain('edited in the popup');
    expect(choice.textContent).toContain('mine');
    fireEvent.click(screen.getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(onSave).toHaveBeenLastCalledWith('mine', 'yellow', [], 42));
  });

  it('Use saved version loads the other version into the editor', async () => {
    const stored = { note: 'theirs', color: 'green' as const, tags: ['t'], updatedAt: 42 };
    renderEditor({ onSave: async () => stored, existing: true, initialNote: 'old' });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Use saved version' }));
    expect((screen.getByLabelText('Note') as HTMLTextAreaElement).value).toBe('theirs');
    expect((screen.getByLabelText('Tags') as HTMLInputElement).value).toBe('t');
    expect(screen.getByRole('radio', { name: 'Green' }).getAttribute('aria-checked')).toBe('true');
  });

  it('a failing save shows the error, keeps the text and lets the reader try again', async () => {
    let attempts = 0;
    const { note } = renderEditor({
      onSave: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error("Your browser's storage is full");
      },
    });
    type(note, 'precious words');
    const save = screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    fireEvent.click(save);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe("Your browser's storage is full");
    expect((screen.getByLabelText('Note') as HTMLTextAreaElement).value).toBe('precious words');
    await waitFor(() => expect(save.disabled).toBe(false));
    fireEvent.click(save);
    await waitFor(() => expect(attempts).toBe(2));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('disables Save while saving, so a double click saves once', async () => {
    let finish: () => void = () => {};
    const onSave = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    renderEditor({ onSave });
    const save = screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    fireEvent.click(save);
    await waitFor(() => expect(save.disabled).toBe(true));
    fireEvent.click(save);
    finish();
    expect(onSave).toHaveBeenCalledTimes(1);
  });

  it('offers "Delete highlight" for an existing highlight, and calls it', async () => {
    const onDeleteHighlight = vi.fn(async () => {});
    renderEditor({ existing: true, onDeleteHighlight });
    fireEvent.click(screen.getByRole('button', { name: 'Delete highlight' }));
    await waitFor(() => expect(onDeleteHighlight).toHaveBeenCalledTimes(1));
  });

  it('does not offer "Delete highlight" for a new highlight', () => {
    renderEditor({ existing: false, onDeleteHighlight: async () => {} });
    expect(screen.queryByRole('button', { name: 'Delete highlight' })).toBeNull();
  });

  it('"Clear note" empties an existing note', () => {
    const { note } = renderEditor({ existing: true, initialNote: 'old' });
    fireEvent.click(screen.getByRole('button', { name: 'Clear note' }));
    expect(note.value).toBe('');
  });
});
