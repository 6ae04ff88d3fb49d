import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Settings, ToolbarMode } from '../../storage/settings';
import { ColorPicker } from '../ColorPicker';
import { formatCount } from '../library/rows';
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

const TOOLBAR_CHOICES: [ToolbarMode, string][] = [
  ['selection', 'On every selection'],
  ['modifier', 'Only when I hold Alt as I finish selecting'],
  ['never', 'Never: I use the shortcut or the right-click menu'],
];

const sizeFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function formatBytes(bytes: number): string {
  const MB = 1024 * 1024;
  return bytes >= MB ? `${sizeFormat.format(bytes / MB)} MB` : `${sizeFormat.format(bytes / 1024)} KB`;
}

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
      <h1>Gloss options</h1>
      {error && (
        <p class="error banner" role="alert">
          {error}
        </p>
      )}
      <p class="status" role="status">
        {saved ? 'Saved. Open pages follow the change.' : ''}
      </p>
      {settings && (
        <>
          <section aria-labelledby="options-highlights">
            <h2 id="options-highlights">Highlighting</h2>
            <div class="field">
              <span class="label">Colour of a new highlight</span>
              <ColorPicker value={settings.color} onChange={(color) => void save({ color })} />
            </div>
            <fieldset>
              <legend>Show the toolbar over a selection</legend>
              {TOOLBAR_CHOICES.map(([mode, label]) => (
                <label key={mode} class="choice">
                  <input
                    type="radio"
                    name="toolbar"
                    value={mode}
                    checked={settings.toolbar === mode}
                    onChange={() => void save({ toolbar: mode })}
                  />
                  {label}
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
      <h2 id="options-off">Sites where Gloss stays off</h2>
      <p class="hint">
        Gloss paints nothing, offers nothing and makes nothing there; what you saved before stays in your
        library. The popup turns a site off in one click.
      </p>
      {sites.length === 0 ? (
        <p class="empty">None: Gloss works on every site.</p>
      ) : (
        <ul class="sites">
          {sites.map((site) => (
            <li key={site}>
              <span>{site}</span>
              <button
                type="button"
                class="link"
                aria-label={`Turn Gloss on again on ${site}`}
                onClick={() => void onChange(sites.filter((s) => s !== site))}
              >
                Turn on
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
          Site
          <input
            type="text"
            value={adding}
            placeholder="news.example.com"
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setAdding((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">Turn off there</button>
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
      <h2 id="options-shortcuts">Shortcuts</h2>
      <table class="shortcuts">
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.name}>
              <td>{s.description}</td>
              <td>{s.shortcut ? <kbd>{s.shortcut}</kbd> : <em>not set</em>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => void api.openShortcutSettings()}>
        Change shortcuts in the browser
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
      <h2 id="options-library">Your library</h2>
      {usage && (
        <p>
          {formatCount(usage.highlights)}{' '}
          {usage.highlights === 1 ? 'highlight or note' : 'highlights and notes'} on{' '}
          {formatCount(usage.stories)} {usage.stories === 1 ? 'story' : 'stories'}
          {usage.bytes !== null && `, ${formatBytes(usage.bytes)} in this browser`}. It stays here: Gloss
          sends nothing anywhere.
        </p>
      )}
      <Transfer api={api} onImported={() => void refresh()} />
      {!confirming ? (
        <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
          Delete everything…
        </button>
      ) : (
        <div class="confirm" role="alertdialog" aria-label="Delete everything">
          <p>
            This deletes every highlight, note and page note
            {usage ? ` (${formatCount(usage.highlights)})` : ''} from this browser, and it cannot be undone.
            Export them first to keep a copy.
          </p>
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => void run(() => exportLibrary(api, 'w3c'))}>
              Export first (JSON)
            </button>
            <span class="spacer" />
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button
              type="button"
              class="primary danger"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const { deleted } = await api.deleteAll();
                  setConfirming(false);
                  setResult(`Deleted ${formatCount(deleted)}. Your settings are kept.`);
                  await refresh();
                })
              }
            >
              Delete everything
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
