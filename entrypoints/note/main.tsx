import { render } from 'preact';
import { i18n } from '#i18n';
import { localizePage } from '../../components/localize-page';
import { NoteEditor } from '../../components/NoteEditor';
import { request } from '../../messaging/client';
import type { EditorState, NoteFields } from '../../messaging/protocol';
import type { HighlightColor } from '../../storage/annotation';

/**
 * The note editor, framed on a news page. It acts only through the one-time ticket in its address, issued by
 * the background for this tab; a page that frames note.html itself has none, and the editor shows nothing.
 */
const app = document.getElementById('app') as HTMLElement;
const ticket = location.hash.slice(1);
/** Typing is kept in the extension's storage this often at most, and once more when the frame goes. */
const KEEP_EVERY_MS = 400;

function close(discard: boolean): void {
  void request('editor.close', { ticket, discard }).catch(() => {});
}

function preview(color: HighlightColor): void {
  void request('editor.preview', { ticket, color }).catch(() => {});
}

let pending: NoteFields | null = null;
let keepTimer: ReturnType<typeof setTimeout> | undefined;
function keepNow(): void {
  clearTimeout(keepTimer);
  if (!pending) return;
  const fields = pending;
  pending = null;
  void request('editor.keep', { ticket, ...fields }).catch(() => {});
}
function keep(note: string, color: HighlightColor, tags: string[]): void {
  pending = { note, color, tags };
  clearTimeout(keepTimer);
  keepTimer = setTimeout(keepNow, KEEP_EVERY_MS);
}
// The page removes the frame when the reader leaves the story or presses Escape there.
addEventListener('pagehide', keepNow);

function showError(message: string): void {
  render(
    <div class="note-editor">
      <p class="error" role="alert">
        {message}
      </p>
    </div>,
    app,
  );
}

function showEditor(state: EditorState): void {
  render(
    <NoteEditor
      quote={state.quote}
      initialNote={state.note}
      initialColor={state.color}
      initialTags={state.tags}
      existing={state.kind === 'edit'}
      onChange={keep}
      onSave={async (note, color, tags, overwrite) => {
        clearTimeout(keepTimer);
        pending = null;
        const result = await request('editor.save', { ticket, note, color, tags, overwrite });
        if (result.status === 'conflict') {
          const { note: n, color: c, tags: t, updatedAt } = result.stored;
          return { note: n, color: c, tags: t, updatedAt };
        }
      }}
      onDeleteHighlight={async () => {
        await request('editor.delete', { ticket });
      }}
      onCancel={() => close(true)}
      onClose={() => {
        keepNow();
        close(false);
      }}
      onColorPreview={preview}
    />,
    app,
  );
}

localizePage(i18n.t('editor.title'));
if (!ticket) showError(i18n.t('editor.notOpened'));
else
  request('editor.open', { ticket })
    .then(showEditor)
    .catch((e: unknown) => showError(e instanceof Error ? e.message : String(e)));
