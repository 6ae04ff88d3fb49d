import { defineContentScript } from 'wxt/utils/define-content-script';
import { startGlossPage } from './gloss-page';
import { handoff } from './handoff';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  registration: 'runtime',
  // Started by the background (entrypoints/background.ts wake) in the frames that need it.
  main(ctx) {
    const record = handoff(window);
    record.running = true;
    ctx.onInvalidated(() => {
      record.running = false;
    });
    void startGlossPage(ctx);
  },
});
