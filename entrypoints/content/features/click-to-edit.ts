import { isInteractive } from '../../../annotator/selection';
import type { PageSession } from '../session';
import type { EditorFeature } from './editor';

/** A click on a saved highlight (not on a link or button, not ending a selection) opens its note. */
export function startClickToEdit(session: PageSession, editor: EditorFeature): void {
  const { ui, highlighter } = session;
  session.onReader('click', (e) => {
    const target = e.target as Element | null;
    if (!target || ui.owns(target) || isInteractive(target)) return;
    if (!document.getSelection()?.isCollapsed) return;
    const id = highlighter.hitTest(e.clientX, e.clientY);
    if (id && !id.startsWith('pending-')) void editor.openFor(id);
  });
}
