import { render } from 'preact';
import { i18n } from '#i18n';
import { NoteMarkerLayer } from '../../annotator/note-markers';
import { SelectionToolbar } from '../../components/SelectionToolbar';
import { Toast, type ToastProps } from '../../components/Toast';
import type { HighlightColor } from '../../storage/annotation';
import { UI_CSS } from './ui-styles';

export const UI_HOST_TAG = 'gloss-ui';

interface ToolbarState {
  rect: DOMRect;
  color: HighlightColor;
  onColor(color: HighlightColor): void;
  onHighlight(): void;
  onAddNote(): void;
}

const EDITOR_WIDTH = 340;
const EDITOR_HEIGHT = 276;
const TOOLBAR_WIDTH = 300;
const TOOLBAR_HEIGHT = 44;
const TOAST_MS = 7_000;
/** Long enough to notice a mistaken deletion and take it back. */
const ACTION_TOAST_MS = 12_000;

/** Places a box of the given size next to a selection, inside the viewport. */
function place(rect: DOMRect, width: number, height: number): { left: number; top: number } {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const left = Math.min(Math.max(8, rect.left + rect.width / 2 - width / 2), Math.max(8, vw - width - 8));
  const above = rect.top - height - 10;
  const below = rect.bottom + 10;
  const top = above >= 8 ? above : below;
  // A selection partly out of view still gets a toolbar the reader can reach.
  return { left, top: Math.min(Math.max(8, top), Math.max(8, vh - height - 8)) };
}

/**
 * Gloss's own UI on a news page: the selection toolbar, the note editor frame, error toasts and the badges
 * that mark highlights with a note, all in one closed shadow root on <html>, so the page's CSS cannot restyle
 * them, its scripts cannot reach into them, and page re-renders of <body> leave them be.
 *
 * The host generates no box (`display: contents`): the toolbar, editor and toasts are fixed to the viewport
 * and the note badges sit in a layer positioned on the document, so they scroll with the text without any
 * code running. A host box would also tell the page, through its scroll size, where the badges are.
 */
export class PageUi {
  readonly host: HTMLElement;
  private readonly mount: HTMLElement;
  private readonly shadow: ShadowRoot;
  private readonly noteMarkers: NoteMarkerLayer;
  private toolbar: ToolbarState | null = null;
  private editor: { url: string; rect: DOMRect } | null = null;
  private toast: ToastProps | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(doc: Document) {
    this.host = doc.createElement(UI_HOST_TAG);
    // Inline !important beats even a page rule like `* { display: none !important }`.
    this.host.setAttribute(
      'style',
      ['all: initial', 'display: contents', 'visibility: visible']
        .map((rule) => `${rule} !important`)
        .join('; '),
    );
    // Closed: page scripts get no handle on the toolbar's buttons or the editor frame (and its address).
    this.shadow = this.host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = UI_CSS;
    // Before the mount, so the toolbar and the editor paint over badges.
    const noteLayer = doc.createElement('div');
    noteLayer.className = 'note-layer';
    noteLayer.setAttribute('aria-hidden', 'true');
    this.noteMarkers = new NoteMarkerLayer(noteLayer, doc);
    this.mount = doc.createElement('div');
    this.mount.className = 'mount';
    this.shadow.append(style, noteLayer, this.mount);
    doc.documentElement.append(this.host);
  }

  /**
   * Shows a note badge at the end of each of these (live) ranges, and keeps it there as the page scrolls
   * and reflows; an empty list removes them all and stops every observer.
   */
  setNoteMarkers(ranges: readonly Range[]): void {
    this.noteMarkers.set(ranges);
  }

  /** The page changed (a batch of mutations): badges are measured again in the next frame, if there are any. */
  refreshNoteMarkers(): void {
    this.noteMarkers.refresh();
  }

  owns(node: Node): boolean {
    return (
      node === this.host ||
      node.getRootNode() === this.shadow ||
      (node as Element).tagName?.toLowerCase() === UI_HOST_TAG
    );
  }

  get toolbarOpen(): boolean {
    return this.toolbar !== null;
  }

  get editorOpen(): boolean {
    return this.editor !== null;
  }

  showToolbar(state: ToolbarState): void {
    this.toolbar = state;
    this.render();
  }

  hideToolbar(): void {
    if (!this.toolbar) return;
    this.toolbar = null;
    this.render();
  }

  openEditor(url: string, rect: DOMRect): void {
    this.toolbar = null;
    this.editor = { url, rect };
    this.render();
  }

  closeEditor(): void {
    if (!this.editor) return;
    this.editor = null;
    this.render();
  }

  showError(message: string): void {
    this.showToast({ message, tone: 'error', onDismiss: () => this.dismissToast() });
  }

  /** A confirmation with an action the reader may take while it shows (Undo after a deletion). */
  showAction(message: string, label: string, run: () => void): void {
    this.showToast(
      {
        message,
        tone: 'info',
        action: {
          label,
          run: () => {
            this.dismissToast();
            run();
          },
        },
        onDismiss: () => this.dismissToast(),
      },
      ACTION_TOAST_MS,
    );
  }

  private showToast(toast: ToastProps, ms = TOAST_MS): void {
    this.toast = toast;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => this.dismissToast(), ms);
    this.render();
  }

  destroy(): void {
    clearTimeout(this.toastTimer);
    this.noteMarkers.destroy();
    render(null, this.mount);
    this.host.remove();
  }

  private dismissToast(): void {
    this.toast = null;
    this.render();
  }

  /** The toolbar's width as rendered: fonts differ between systems, and a guess would let it run off screen. */
  private toolbarWidth = TOOLBAR_WIDTH;

  private render(): void {
    this.renderOnce();
    const shown = this.toolbar && this.mount.querySelector('.toolbar')?.getBoundingClientRect().width;
    if (shown && Math.abs(shown - this.toolbarWidth) > 1) {
      this.toolbarWidth = shown;
      this.renderOnce();
    }
  }

  private renderOnce(): void {
    const { toolbar, editor, toast } = this;
    const toolbarPos = toolbar && place(toolbar.rect, this.toolbarWidth, TOOLBAR_HEIGHT);
    const editorPos = editor && place(editor.rect, EDITOR_WIDTH, EDITOR_HEIGHT);
    render(
      <>
        {toolbar && toolbarPos && (
          <div class="anchor" style={{ left: `${toolbarPos.left}px`, top: `${toolbarPos.top}px` }}>
            <SelectionToolbar
              color={toolbar.color}
              onColor={toolbar.onColor}
              onHighlight={toolbar.onHighlight}
              onAddNote={toolbar.onAddNote}
            />
          </div>
        )}
        {editor && editorPos && (
          <div class="anchor" style={{ left: `${editorPos.left}px`, top: `${editorPos.top}px` }}>
            <iframe
              class="editor"
              title={i18n.t('editor.title')}
              src={editor.url}
              width={EDITOR_WIDTH}
              height={EDITOR_HEIGHT}
              allow=""
            />
          </div>
        )}
        {toast && (
          <div class="anchor toast-anchor">
            <Toast {...toast} />
          </div>
        )}
      </>,
      this.mount,
    );
  }
}
