import type { Citation } from '../storage/citation';

/**
 * Puts a citation on the clipboard as HTML and plain text where the browser takes both (ClipboardItem),
 * else as plain text. Runs on an extension page, from the reader's click.
 */
export async function copyCitation(c: Citation): Promise<void> {
  const clipboard = navigator.clipboard;
  if (!clipboard) throw new Error('This browser gives Gloss no clipboard here.');
  if (typeof ClipboardItem !== 'undefined' && clipboard.write) {
    await clipboard.write([
      new ClipboardItem({
        'text/plain': new Blob([c.text], { type: 'text/plain' }),
        'text/html': new Blob([c.html], { type: 'text/html' }),
      }),
    ]);
  } else {
    await clipboard.writeText(c.text);
  }
}
