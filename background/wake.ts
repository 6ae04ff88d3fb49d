/** One frame of one tab, as `scripting.executeScript` targets it. */
export interface FrameTarget {
  tabId: number;
  frameIds: [number];
}

export interface WakeDeps {
  /** Whether Gloss's content script runs in the frame already (asked in the frame itself). */
  isRunning(target: FrameTarget): Promise<boolean>;
  /** Runs the content script's file in the frame. */
  start(target: FrameTarget): Promise<void>;
}

/**
 * Starts Gloss's content script in a frame unless it runs there already: a second copy would make the first
 * stand down (WXT's content-script context does so for extension updates), and the page would be painted
 * again from nothing. Wakes of one frame run one after the other, so two at once start one script. A frame
 * that navigated or closed meanwhile is not an error: its next page has a loader of its own.
 */
export function frameWaker(deps: WakeDeps): (tabId: number, frameId: number) => Promise<void> {
  const inFlight = new Map<string, Promise<void>>();
  return (tabId, frameId) => {
    const key = `${tabId}:${frameId}`;
    const target: FrameTarget = { tabId, frameIds: [frameId] };
    const next = (inFlight.get(key) ?? Promise.resolve())
      .then(async () => {
        if (!(await deps.isRunning(target))) await deps.start(target);
      })
      .catch(() => {});
    inFlight.set(key, next);
    void next.then(() => {
      if (inFlight.get(key) === next) inFlight.delete(key);
    });
    return next;
  };
}
