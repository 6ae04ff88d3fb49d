import { defineContentScript } from 'wxt/utils/define-content-script';
import { watchReaderInput } from './content/reader-input';

// Before any page script, so a page that swallows key and pointer events cannot hide the reader's input.
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_start',
  main() {
    watchReaderInput(window);
  },
});
