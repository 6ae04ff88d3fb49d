import { browser } from 'wxt/browser';
import {
  type BackgroundReplies,
  type ExtensionEvent,
  type ExtensionEvents,
  GlossError,
  type PageCommands,
  type PageCommandType,
  type Reply,
} from './protocol';
import type { BackgroundRequestType, RequestInput } from './schema';
import { validateExtensionEvent } from './validate';

type Payload<M, K extends keyof M> = M[K] extends { req: infer Q } ? Q : never;
type Result<M, K extends keyof M> = M[K] extends { res: infer R } ? R : never;

function unwrap<T>(reply: unknown): T {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new GlossError('unavailable', 'Gloss did not answer. Reload the page, or restart the browser.');
  }
  const r = reply as Reply<T>;
  if (r.ok) return r.value;
  throw new GlossError(r.code, r.error);
}

/** The port name every request travels on (see `request`). */
export const REQUEST_PORT = 'gloss.request';

/**
 * Ask the background; resolves with the reply's value or rejects with a GlossError to show the reader.
 *
 * Each request travels on a port of its own rather than `runtime.sendMessage`: when the browser stops the
 * service worker while it works on a request (Chrome does after ~30 s idle, or under memory pressure), a
 * `sendMessage` promise may never settle, and the reader would wait forever; a port says so at once.
 */
export function request<K extends BackgroundRequestType>(
  type: K,
  payload: Omit<RequestInput<K>, 'type'>,
): Promise<BackgroundReplies[K]> {
  return new Promise((resolve, reject) => {
    let port: ReturnType<typeof browser.runtime.connect>;
    try {
      port = browser.runtime.connect({ name: REQUEST_PORT });
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
      port.postMessage({ type, ...(payload as object) });
    } catch (e) {
      reject(new GlossError('unavailable', `Gloss could not reach its storage: ${(e as Error).message}`));
    }
  });
}

/** Send a command to a tab's content scripts (all frames unless frameId is given). */
export async function commandTab<K extends PageCommandType>(
  tabId: number,
  type: K,
  payload: Payload<PageCommands, K>,
  frameId?: number,
): Promise<Result<PageCommands, K>> {
  let reply: unknown;
  try {
    reply = await browser.tabs.sendMessage(
      tabId,
      { type, ...(payload as object) },
      frameId === undefined ? undefined : { frameId },
    );
  } catch (e) {
    throw new GlossError('unavailable', `This tab has no Gloss on it: ${(e as Error).message}`);
  }
  return unwrap(reply);
}

/** Background: tell open extension pages something changed. Nobody listening is the normal case, not an error. */
export function announce<K extends keyof ExtensionEvents>(type: K, payload: ExtensionEvents[K]): void {
  browser.runtime.sendMessage({ type, ...payload }).catch(() => {});
}

/**
 * Extension pages: call `listener` for each announcement from the background. Returns the unsubscribe.
 * The listener never answers, so requests other pages send to the background keep their one reply.
 */
export function onExtensionEvent(listener: (event: ExtensionEvent) => void): () => void {
  const handle = (raw: unknown): undefined => {
    const event = validateExtensionEvent(raw);
    if (event) listener(event);
    return undefined;
  };
  browser.runtime.onMessage.addListener(handle);
  return () => browser.runtime.onMessage.removeListener(handle);
}
