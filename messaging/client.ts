import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { NoReplyError, requestOnPort, unwrap } from './port';
import {
  type BackgroundReplies,
  type ExtensionEvent,
  type ExtensionEvents,
  GlossError,
  type PageCommands,
  type PageCommandType,
} from './protocol';
import type { BackgroundRequestType, RequestInput } from './schema';
import { validateExtensionEvent } from './validate';

type Payload<M, K extends keyof M> = M[K] extends { req: infer Q } ? Q : never;
type Result<M, K extends keyof M> = M[K] extends { res: infer R } ? R : never;

/** A request that got no reply, as the reader reads it; any other error as it is. */
function worded(e: unknown): unknown {
  if (!(e instanceof NoReplyError)) return e;
  const text =
    e.reason === 'noAnswer'
      ? i18n.t('errors.noAnswer')
      : e.reason === 'stopped'
        ? i18n.t('errors.stopped')
        : i18n.t('errors.unreachable', { reason: e.detail });
  return new GlossError('unavailable', text);
}

/** Ask the background; resolves with the reply's value or rejects with a GlossError to show the reader. */
export function request<K extends BackgroundRequestType>(
  type: K,
  payload: Omit<RequestInput<K>, 'type'>,
): Promise<BackgroundReplies[K]> {
  return requestOnPort(browser.runtime, type, payload).catch((e: unknown) => {
    throw worded(e);
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
    throw new GlossError('unavailable', i18n.t('errors.noGlossInTab', { reason: (e as Error).message }));
  }
  try {
    return unwrap(reply);
  } catch (e) {
    throw worded(e);
  }
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
