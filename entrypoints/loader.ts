import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { type LoaderRuntime, startLoader } from './content/loader';

type Runtimes = { browser?: { runtime: LoaderRuntime }; chrome: { runtime: LoaderRuntime } };

// Declared as a content script in wxt.config.ts. The browser's own runtime, not the polyfill: this script
// runs on every page, and a port's and a message listener's callbacks are all it needs.
export default defineUnlistedScript(() => {
  const g = globalThis as unknown as Runtimes;
  const runtime = g.browser?.runtime ?? g.chrome.runtime;
  startLoader(window, runtime);
});
