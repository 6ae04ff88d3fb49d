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

/** Why a request got no reply. */
export type NoReply = 'noAnswer' | 'unreachable' | 'stopped';

/**
 * A request that got no reply, by reason: messaging/client.ts words it in the reader's language. The page
 * loader shows the reader nothing, so it carries none of Gloss's messages.
 */
export class NoReplyError extends GlossError {
  constructor(
    readonly reason: NoReply,
    readonly detail = '',
  ) {
    super('unavailable', detail ? `${reason}: ${detail}` : reason);
  }
}

export function unwrap<T>(reply: unknown): T {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) throw new NoReplyError('noAnswer');
  const r = reply as Reply<T>;
  if (r.ok) return r.value;
  throw new GlossError(r.code, r.error);
}

/**
 * Sends one request and resolves with the reply's value, or rejects with a GlossError: the background's, to
 * show the reader, or a NoReplyError.
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
      reject(new NoReplyError('unreachable', (e as Error).message));
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
      reject(new NoReplyError('stopped'));
    });
    try {
      port.postMessage(message);
    } catch (e) {
      reject(new NoReplyError('unreachable', (e as Error).message));
    }
  });
}
