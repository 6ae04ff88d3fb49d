import { defineContentScript } from 'wxt/utils/define-content-script';
import { startGlossPage } from './gloss-page';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    void startGlossPage(ctx);
  },
});
