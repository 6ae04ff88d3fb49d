import { describe, expect, it } from 'vitest';
import { matchesShortcut, shortcutAction } from '../../entrypoints/content/shortcut';
import { COMMANDS, pageShortcuts, SUGGESTED_SHORTCUTS } from '../../messaging/commands';

const press = (
  code: string,
  mods: Partial<Record<'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey', boolean>> = {},
) => ({ code, altKey: false, shiftKey: false, ctrlKey: false, metaKey: false, ...mods }) as KeyboardEvent;

describe('a shortcut as the browser reports its binding', () => {
  it.each([
    ['Alt+Shift+H', press('KeyH', { altKey: true, shiftKey: true }), true],
    ['Alt+Shift+H', press('KeyH', { altKey: true }), false],
    ['Alt+Shift+H', press('KeyH', { altKey: true, shiftKey: true, ctrlKey: true }), false],
    ['Ctrl+Shift+Y', press('KeyY', { ctrlKey: true, shiftKey: true }), true],
    ['Ctrl+Shift+Y', press('KeyH', { altKey: true, shiftKey: true }), false],
    ['⌥⇧H', press('KeyH', { altKey: true, shiftKey: true }), true],
    ['Command+Shift+7', press('Digit7', { metaKey: true, shiftKey: true }), true],
    ['MacCtrl+F5', press('F5', { ctrlKey: true }), true],
    ['', press('KeyH', { altKey: true, shiftKey: true }), false],
    ['Alt+Shift+Comma', press('Comma', { altKey: true, shiftKey: true }), false],
  ])('%s, pressed as %o: %s', (binding, e, expected) => {
    expect(matchesShortcut(e, binding)).toBe(expected);
  });

  it("names the page's action for a press, from the reader's own bindings", () => {
    const keys = { ...SUGGESTED_SHORTCUTS, highlight: 'Ctrl+Shift+Y' };
    expect(shortcutAction(press('KeyH', { altKey: true, shiftKey: true }), keys)).toBeNull();
    expect(shortcutAction(press('KeyY', { ctrlKey: true, shiftKey: true }), keys)).toBe('highlight');
    expect(shortcutAction(press('KeyM', { altKey: true, shiftKey: true }), keys)).toBe('addNote');
    expect(shortcutAction(press('KeyG', { altKey: true, shiftKey: true }), keys)).toBe('toggleHighlights');
  });

  it("reads the page's keys from the browser's list of commands, unbound ones and others left out", () => {
    expect(
      pageShortcuts([
        { name: 'highlight-selection', shortcut: 'Ctrl+Shift+Y' },
        { name: 'add-note', shortcut: '' },
        { name: 'open-library', shortcut: 'Alt+Shift+L' },
        { name: '_execute_action', shortcut: 'Alt+Shift+P' },
      ]),
    ).toEqual({ highlight: 'Ctrl+Shift+Y', addNote: '', toggleHighlights: '' });
    // What the manifest suggests is what a page listens for until told.
    expect(SUGGESTED_SHORTCUTS.highlight).toBe(COMMANDS['highlight-selection'].suggested);
  });
});
