import { type BackgroundReplies, GlossError, type Reply } from './protocol';
import type { BackgroundRequestType, RequestInput } from './schema';

/** The port name every request travels on (see `requestOnPort`). */
export const REQUEST_PORT = 'gloss.request';

/**
 * The part of `runtime` a request needs. The page loader (entrypoints/loader.ts) passes the browser's own
 * `chrome.runtime`, so that the script every page pays for carries no polyfill; everything else passes the
 * polyfill's `browser.runtime`.
 */
export interface RequestRuntime {
  connect(info: { name: string }): RequestPort;
}

interface RequestPort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export function unwrap<T>(reply: unknown): T {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new GlossError('unavailable', 'Gloss did not answer. Reload the page, or restart the browser.');
  }
  const r = reply as Reply<T>;
  if (r.ok) return r.value;
  throw new GlossError(r.code, r.error);
}

/**
 * Sends one request and resolves with the reply's value, or rejects with a GlossError to show the reader.
 *
 * Each request travels on a port of its own rather than `runtime.sendMessage`: when the browser stops the
 * service worker while it works on a request (Chrome does after ~30 s idle, or under memory pressure), a
 * `sendMessage` promise may never settle, and the reader would wait forever; a port says so at once.
 */
export function requestOnPort<K extends BackgroundRequestType>(
  runtime: RequestRuntime,
  type: K,
  payload: Omit<RequestInput<K>, 'type'>,
): Promise<BackgroundReplies[K]> {
  const message = { type, ...(payload as object) };
  return new Promise((resolve, reject) => {
    let port: RequestPort;
    try {
      port = runtime.connect({ name: REQUEST_PORT });
    } catch (e) {
      reject(new GlossError('unavailable', `Gloss could not reach its storage: ${(e as Error).message}`));
      return;
    }
    let answered = false;
    port.onMessage.addListener((reply: unknown) => {
      answered = true;
      port.disconnect();
      try {
        resolve(unwrap(reply));
      } catch (e) {
        reject(e);
      }
    });
    port.onDisconnect.addListener(() => {
      if (answered) return;
      reject(new GlossError('unavailable', 'Gloss stopped before it answered. Try again.'));
    });
    try {
      port.postMessage(message);
    } catch (e) {
      reject(new GlossError('unavailable', `Gloss could not reach its storage: ${(e as Error).message}`));
    }
  });
}
