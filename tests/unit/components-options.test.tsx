// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type OptionsApi, OptionsApp } from '../../components/options/OptionsApp';
import { DEFAULT_SETTINGS, type Settings, validateSettingsPatch } from '../../storage/settings';
import { fakeTransfer } from './fake-transfer';

/** An in-memory OptionsApi: settings checked as the background checks them. */
function fakeApi() {
  let settings: Settings = { ...DEFAULT_SETTINGS, offSites: ['quiet.example'] };
  let highlights = 12;
  return {
    ...fakeTransfer(),
    settings: vi.fn(async () => settings),
    saveSettings: vi.fn(async (patch: Partial<Settings>) => {
      settings = { ...settings, ...validateSettingsPatch(patch) };
      return settings;
    }),
    shortcuts: vi.fn(async () => [
      { name: 'highlight-selection', description: 'Highlight the selected text', shortcut: 'Alt+Shift+H' },
      { name: 'open-library', description: 'Open the Gloss library', shortcut: '' },
    ]),
    openShortcutSettings: vi.fn(async () => {}),
    usage: vi.fn(async () => ({ highlights, stories: 3, bytes: 3 * 1024 * 1024 })),
    deleteAll: vi.fn(async () => {
      const deleted = highlights;
      highlights = 0;
      return { deleted };
    }),
  } satisfies OptionsApi;
}

afterEach(cleanup);

describe('Options', () => {
  it('saves the colour and the toolbar choice at once, and says so', async () => {
    const api = fakeApi();
    render(<OptionsApp api={api} />);
    fireEvent.click(await screen.findByRole('radio', { name: 'Green' }));
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalledWith({ color: 'green' }));
    expect(await screen.findByText('Saved. Open pages follow the change.')).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Green' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(screen.getByRole('radio', { name: 'Never: I use the shortcut or the right-click menu' }));
    await waitFor(() => expect(api.saveSettings).toHaveBeenLastCalledWith({ toolbar: 'never' }));
  });

  it('lists the sites where Gloss is off, turns one on, and another off; a bad name says why', async () => {
    const api = fakeApi();
    render(<OptionsApp api={api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Turn Gloss on again on quiet.example' }));
    expect(await screen.findByText('None: Gloss works on every site.')).toBeTruthy();
    const field = screen.getByRole('textbox', { name: 'Site' });
    fireEvent.input(field, { target: { value: 'https://www.Loud.example/story' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn off there' }));
    expect(await screen.findByText('loud.example')).toBeTruthy();
    expect((field as HTMLInputElement).value).toBe('');
    fireEvent.input(field, { target: { value: 'not a site' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn off there' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/offSites\[1\]: expected a site/);
  });

  it('lists the shortcuts as bound, and opens the browser’s page to change them', async () => {
    const api = fakeApi();
    render(<OptionsApp api={api} />);
    expect(await screen.findByText('Alt+Shift+H')).toBeTruthy();
    expect(screen.getByText('not set')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Change shortcuts in the browser' }));
    expect(api.openShortcutSettings).toHaveBeenCalled();
  });

  it('deletes everything only once confirmed, offering an export first', async () => {
    const api = fakeApi();
    render(<OptionsApp api={api} />);
    expect(
      await screen.findByText(/12 highlights and notes on 3 stories, 3 MB in this browser/),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete everything' });
    expect(confirm.textContent).toContain('(12)');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Export first (JSON)' }));
    await waitFor(() => expect(api.save).toHaveBeenCalled());
    expect(api.deleteAll).not.toHaveBeenCalled();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything…' }));
    fireEvent.click(
      within(screen.getByRole('alertdialog', { name: 'Delete everything' })).getByRole('button', {
        name: 'Delete everything',
      }),
    );
    expect(await screen.findByText('Deleted 12. Your settings are kept.')).toBeTruthy();
    expect(await screen.findByText(/^0 highlights and notes on 3 stories/)).toBeTruthy();
  });
});
