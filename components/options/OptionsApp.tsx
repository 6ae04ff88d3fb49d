import { useCallback, useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { Settings, ToolbarMode } from '../../storage/settings';
import { ColorPicker } from '../ColorPicker';
import { formatBytes, formatCount } from '../format';
import { Transfer } from '../Transfer';
import { exportLibrary, type TransferApi } from '../transfer';
import { useAction } from '../use-action';

/** A command from the manifest, with the keys the reader bound it to (none: unbound). */
export interface Shortcut {
  name: string;
  description: string;
  shortcut: string;
}

export interface LibraryUsage {
  highlights: number;
  stories: number;
  /** What the browser says Gloss's storage takes, when it says. */
  bytes: number | null;
}

/** Everything Options needs from the extension, passed in so the component runs in tests. */
export interface OptionsApi extends TransferApi {
  settings(): Promise<Settings>;
  saveSettings(patch: Partial<Settings>): Promise<Settings>;
  shortcuts(): Promise<Shortcut[]>;
  /** Opens the browser's own page for changing extension shortcuts. */
  openShortcutSettings(): Promise<void>;
  usage(): Promise<LibraryUsage>;
  deleteAll(): Promise<{ deleted: number }>;
}

const TOOLBAR_CHOICES: ToolbarMode[] = ['selection', 'modifier', 'never'];

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Gloss's Options: the colour new highlights take, when the toolbar appears, sites where Gloss stays off, the
 * shortcuts, and the library itself (what it takes, export and import, delete everything). Each change is
 * saved at once and every open page follows it.
 */
export function OptionsApp({ api }: { api: OptionsApi }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    api.settings().then(setSettings, (e: unknown) => setError(messageOf(e)));
  }, [api]);

  async function save(patch: Partial<Settings>): Promise<void> {
    setError(null);
    setSaved(false);
    try {
      setSettings(await api.saveSettings(patch));
      setSaved(true);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <div class="options">
      <h1>{i18n.t('options.title')}</h1>
      {error && (
        <p class="error banner" role="alert">
          {error}
        </p>
      )}
      <p class="status" role="status">
        {saved ? i18n.t('options.saved') : ''}
      </p>
      {settings && (
        <>
          <section aria-labelledby="options-highlights">
            <h2 id="options-highlights">{i18n.t('options.highlighting')}</h2>
            <div class="field">
              <span class="label">{i18n.t('options.newColor')}</span>
              <ColorPicker value={settings.color} onChange={(color) => void save({ color })} />
            </div>
            <fieldset>
              <legend>{i18n.t('options.toolbar.legend')}</legend>
              {TOOLBAR_CHOICES.map((mode) => (
                <label key={mode} class="choice">
                  <input
                    type="radio"
                    name="toolbar"
                    value={mode}
                    checked={settings.toolbar === mode}
                    onChange={() => void save({ toolbar: mode })}
                  />
                  {i18n.t(`options.toolbar.${mode}`)}
                </label>
              ))}
            </fieldset>
          </section>
          <OffSites sites={settings.offSites} onChange={(offSites) => save({ offSites })} />
        </>
      )}
      <Shortcuts api={api} />
      <Library api={api} />
    </div>
  );
}

function OffSites({ sites, onChange }: { sites: string[]; onChange(sites: string[]): Promise<void> }) {
  const [adding, setAdding] = useState('');
  return (
    <section aria-labelledby="options-off">
      <h2 id="options-off">{i18n.t('options.offSites.title')}</h2>
      <p class="hint">{i18n.t('options.offSites.hint')}</p>
      {sites.length === 0 ? (
        <p class="empty">{i18n.t('options.offSites.none')}</p>
      ) : (
        <ul class="sites">
          {sites.map((site) => (
            <li key={site}>
              <span>{site}</span>
              <button
                type="button"
                class="link"
                aria-label={i18n.t('options.offSites.turnOnLabel', { site })}
                onClick={() => void onChange(sites.filter((s) => s !== site))}
              >
                {i18n.t('options.offSites.turnOn')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="add-site"
        onSubmit={(e) => {
          e.preventDefault();
          if (!adding.trim()) return;
          void onChange([...sites, adding.trim()]).then(() => setAdding(''));
        }}
      >
        <label>
          {i18n.t('options.offSites.site')}
          <input
            type="text"
            value={adding}
            placeholder={i18n.t('options.offSites.sitePlaceholder')}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setAdding((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">{i18n.t('options.offSites.add')}</button>
      </form>
    </section>
  );
}

function Shortcuts({ api }: { api: OptionsApi }) {
  const [shortcuts, setShortcuts] = useState<Shortcut[]>([]);
  useEffect(() => {
    api.shortcuts().then(setShortcuts, () => setShortcuts([]));
  }, [api]);
  return (
    <section aria-labelledby="options-shortcuts">
      <h2 id="options-shortcuts">{i18n.t('options.shortcuts.title')}</h2>
      <table class="shortcuts">
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.name}>
              <td>{s.description}</td>
              <td>{s.shortcut ? <kbd>{s.shortcut}</kbd> : <em>{i18n.t('options.shortcuts.notSet')}</em>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => void api.openShortcutSettings()}>
        {i18n.t('options.shortcuts.change')}
      </button>
    </section>
  );
}

function Library({ api }: { api: OptionsApi }) {
  const [usage, setUsage] = useState<LibraryUsage | null>(null);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, setError, run } = useAction();
  const [result, setResult] = useState<string | null>(null);
  const refresh = useCallback(
    () => api.usage().then(setUsage, (e: unknown) => setError(messageOf(e))),
    [api],
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section aria-labelledby="options-library">
      <h2 id="options-library">{i18n.t('options.library.title')}</h2>
      {usage && <p>{describeUsage(usage)}</p>}
      <Transfer api={api} onImported={() => void refresh()} />
      {!confirming ? (
        <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
          {i18n.t('options.library.deleteAll')}
        </button>
      ) : (
        <div class="confirm" role="alertdialog" aria-label={i18n.t('options.library.confirmLabel')}>
          <p>
            {usage
              ? i18n.t('options.library.confirmCount', { count: formatCount(usage.highlights) })
              : i18n.t('options.library.confirm')}
          </p>
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => void run(() => exportLibrary(api, 'w3c'))}>
              {i18n.t('options.library.exportFirst')}
            </button>
            <span class="spacer" />
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              {i18n.t('common.cancel')}
            </button>
            <button
              type="button"
              class="primary danger"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const { deleted } = await api.deleteAll();
                  setConfirming(false);
                  setResult(i18n.t('options.library.deleted', { count: formatCount(deleted) }));
                  await refresh();
                })
              }
            >
              {i18n.t('options.library.confirmDelete')}
            </button>
          </div>
        </div>
      )}
      {result && <p role="status">{result}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** "12 highlights and notes on 3 stories, 1.2 MB in this browser. It stays here…" */
function describeUsage(usage: LibraryUsage): string {
  const items = i18n.t('options.library.items', usage.highlights, { count: formatCount(usage.highlights) });
  const stories = i18n.t('options.library.stories', usage.stories, { count: formatCount(usage.stories) });
  return usage.bytes === null
    ? i18n.t('options.library.usage', { items, stories })
    : i18n.t('options.library.usageSize', { items, stories, size: formatBytes(usage.bytes) });
}
