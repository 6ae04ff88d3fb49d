/** The parts of runtime.MessageSender the background relies on: all filled in by the browser. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string; title?: string };
  frameId?: number;
}

/** A sender as the browser describes it, sorted into the kinds the protocol grants requests to. */
export type From =
  | { kind: 'content'; tabId: number; frameId: number; frameUrl: string; tabUrl: string; tabTitle: string }
  | { kind: 'editor'; tabId: number; frameId: number }
  | { kind: 'extension'; tabId: number | null };

const EXTENSION_SCHEMES = new Set(['chrome-extension:', 'moz-extension:']);
/** The note editor's page; framed on news pages, it may act only through its ticket. */
export const EDITOR_PATH = '/note.html';

function isWeb(url: URL | null): url is URL {
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
}

function parse(url: string | undefined): URL | null {
  try {
    return url ? new URL(url) : null;
  } catch {
    return null;
  }
}

/**
 * Sorts a sender of this extension (the caller checked `sender.id`) by where the browser says it runs: an
 * extension page by its URL's scheme (its host may be a per-session dynamic id, see `use_dynamic_url`), the
 * note editor by its path, a content script by its tab and frame. Null for anything else.
 */
export function classifySender(sender: Sender): From | null {
  const url = parse(sender.url);
  const tabId = sender.tab?.id;
  if (url && EXTENSION_SCHEMES.has(url.protocol)) {
    if (url.pathname === EDITOR_PATH) {
      // The editor outside a tab (opened on its own) has no page to edit on.
      if (tabId === undefined || sender.frameId === undefined) return null;
      return { kind: 'editor', tabId, frameId: sender.frameId };
    }
    return { kind: 'extension', tabId: tabId ?? null };
  }
  if (tabId === undefined || !isWeb(url)) return null;
  const frameId = sender.frameId ?? 0;
  // A web frame in a tab that shows no web page (about:blank, a file) has no story to file under.
  if (frameId !== 0 && !isWeb(parse(sender.tab?.url))) return null;
  return {
    kind: 'content',
    tabId,
    frameId,
    frameUrl: frameId === 0 ? topFrameUrl(url, sender.tab?.url) : url.href,
    tabUrl: sender.tab?.url ?? url.href,
    tabTitle: sender.tab?.title ?? '',
  };
}

/**
 * A top frame's address. `sender.url` is the document's address when it loaded and misses the
 * `pushState` navigations of single-page sites; the tab's address follows them. `pushState` cannot leave the
 * document's origin, so the tab's address counts only while it stays on that origin: a tab already on its
 * way to another site must not catch the old document's last message.
 */
function topFrameUrl(documentUrl: URL, tabUrl: string | undefined): string {
  const tab = parse(tabUrl);
  return tab && tab.origin === documentUrl.origin ? tab.href : documentUrl.href;
}
