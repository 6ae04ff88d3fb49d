import { browser } from 'wxt/browser';
import { ok, type PageCommand, type Reply } from '../../../messaging/protocol';
import { validatePageCommand } from '../../../messaging/validate';
import type { PageSession } from '../session';
import type { EditorFeature } from './editor';
import type { HighlightingFeature } from './highlighting';
import type { RestoreFeature } from './restore';
import type { VisibilityFeature } from './visibility';

/**
 * Commands from the background and the popup (tabs.sendMessage). A frame that has nothing to do with one
 * answers nothing, so that the frame of the tab that does can answer.
 */
export function startCommands(
  session: PageSession,
  features: {
    restore: RestoreFeature;
    highlighting: HighlightingFeature;
    editor: EditorFeature;
    visibility: VisibilityFeature;
  },
): void {
  const { highlighter } = session;
  const { restore, highlighting, editor, visibility } = features;

  function answer(command: PageCommand): Promise<Reply<unknown>> | undefined {
    switch (command.type) {
      case 'page.changed':
        // The background sends it only to tabs showing the story that changed.
        return restore.load().then(() => ok(null));
      case 'page.highlightSelection': {
        // Off on this site: the menu and the shortcut make nothing here either.
        const range = session.prefs.off ? null : session.selection();
        if (!range) return undefined;
        return highlighting.highlight(range).then((highlighted) => ok({ highlighted }));
      }
      case 'page.addNote': {
        const range = session.prefs.off ? null : session.selection();
        if (!range) return undefined;
        return editor.addNote(range).then(() => ok(null));
      }
      case 'page.toggleHighlights':
        // Only the frames that paint something answer: one of them is enough to say it was done.
        if (highlighter.ids().length === 0) return undefined;
        visibility.toggle();
        return Promise.resolve(ok(null));
      case 'page.scrollTo':
        if (!highlighter.has(command.id)) return undefined;
        return Promise.resolve(ok({ found: highlighter.reveal(command.id) }));
      case 'page.closeEditor':
        return editor.closedByGloss(command.deleted) ? Promise.resolve(ok(null)) : undefined;
      case 'page.editHighlight':
        if (!highlighter.has(command.id)) return undefined;
        return editor.openFor(command.id).then(() => ok(null));
      case 'page.offerUndo':
        editor.offerUndo(command.id);
        return Promise.resolve(ok(null));
      case 'page.previewColor':
        return editor.preview(command.color) ? Promise.resolve(ok(null)) : undefined;
    }
  }

  const onMessage = (raw: unknown): Promise<Reply<unknown>> | undefined => {
    const command = validatePageCommand(raw);
    return command ? answer(command) : undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  session.ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
}
