import { request } from '../../../messaging/client';
import type { PageSession } from '../session';

/**
 * How long the pointer rests before its highlight is looked up. The browser opens a context menu at the press
 * (on Linux) before any message could reach the background: the menu's items must already be right, so they
 * follow where the pointer rests, not the click. Looking only once it rests spares a moving pointer the
 * look-up (every painted range's boxes).
 */
const POINTER_REST_MS = 100;

/**
 * Tells the background which saved highlight is under the reader's pointer (or that none is), each time that
 * changes, so the context menu offers "Edit note" and "Delete" exactly over a highlight. Only the reader's own
 * pointer counts, and the background acts only on a highlight of this story, only on a click in its menu.
 */
export function startHighlightMenu(session: PageSession): void {
  const { highlighter } = session;
  let told: string | null = null;
  let restTimer: ReturnType<typeof setTimeout> | undefined;

  function point(x: number, y: number): void {
    const hit = highlighter.hitTest(x, y);
    // A highlight still being made (the editor's draft) has no saved annotation to act on.
    const id = hit && !hit.startsWith('pending-') ? hit : null;
    if (id === told) return;
    told = id;
    request('menu.point', { id }).catch(() => {});
  }

  const onMove = (e: PointerEvent): void => {
    if (!e.isTrusted) return;
    clearTimeout(restTimer);
    const { clientX, clientY } = e;
    restTimer = setTimeout(() => point(clientX, clientY), POINTER_REST_MS);
  };
  window.addEventListener('pointermove', onMove, { capture: true, passive: true });
  session.ctx.onInvalidated(() => {
    clearTimeout(restTimer);
    window.removeEventListener('pointermove', onMove, { capture: true });
  });
  // The press and the menu itself (also opened from the keyboard) settle it at once, for the next menu at least.
  session.onReader('pointerdown', (e) => {
    if (e.button === 2) point(e.clientX, e.clientY);
  });
  session.onReader('contextmenu', (e) => point(e.clientX, e.clientY));
}
