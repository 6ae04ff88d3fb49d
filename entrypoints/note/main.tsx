import { render } from 'preact';
import { NoteEditor } from '../../components/NoteEditor';
import { request } from '../../messaging/client';
import type { HighlightColor } from '../../storage/annotation';

const app = document.getElementById('app') as HTMLElement;
const params = new URLSearchParams(location.search);
const draftId = params.get('draft');
const annotationId = params.get('id');

function close(deleted?: string): void {
  void request('editor.close', deleted ? { deleted } : {}).catch(() => {});
}

function preview(color: HighlightColor): void {
  void request('editor.preview', { color }).catch(() => {});
}

function showError(message: string): void {
  render(
    <div class="note-editor">
      <p class="error" role="alert">
        {message}
      </p>
      <div class="actions">
        <span class="spacer" />
        <button type="button" onClick={() => close()}>
          Close
        </button>
      </div>
    </div>,
    app,
  );
}

async function main(): Promise<void> {
  if (draftId) {
    const draft = await request('draft.get', { draftId });
    render(
      <NoteEditor
        quote={draft.quote}
        initialNote=""
        initialColor={draft.color}
        existing={false}
        onSave={async (note, color, tags) => {
          await request('draft.commit', { draftId, note, color, tags });
          close();
        }}
        onClose={() => close()}
        onColorPreview={preview}
      />,
      app,
    );
  } else if (annotationId) {
    const annotation = await request('annotation.get', { id: annotationId });
    render(
      <NoteEditor
        quote={annotation.quote}
        initialNote={annotation.note}
        initialColor={annotation.color}
        initialTags={annotation.tags}
        existing
        onSave={async (note, color, tags) => {
          await request('annotation.update', { id: annotationId, patch: { note, color, tags } });
          close();
        }}
        onDeleteHighlight={async () => {
          await request('annotation.delete', { id: annotationId });
          close(annotationId);
        }}
        onClose={() => close()}
        onColorPreview={preview}
      />,
      app,
    );
  } else {
    showError('Nothing to edit: this editor was opened without a highlight.');
  }
}

main().catch((e: unknown) => showError(e instanceof Error ? e.message : String(e)));
