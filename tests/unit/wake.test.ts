import { describe, expect, it } from 'vitest';
import { type FrameTarget, frameWaker } from '../../background/wake';

/** A tab's frames as the browser would run scripts in them: a frame runs Gloss once it was started. */
function frames(options: { failFor?: number } = {}) {
  const running = new Set<string>();
  const started: string[] = [];
  const key = (t: FrameTarget) => `${t.tabId}:${t.frameIds[0]}`;
  const wake = frameWaker({
    isRunning: async (t) => {
      await Promise.resolve();
      return running.has(key(t));
    },
    start: async (t) => {
      if (t.frameIds[0] === options.failFor) throw new Error('Frame with ID 5 was removed.');
      await new Promise((resolve) => setTimeout(resolve, 5));
      started.push(key(t));
      running.add(key(t));
    },
  });
  return { wake, started };
}

describe('waking a frame', () => {
  it('starts Gloss once however many ask at the same time', async () => {
    const { wake, started } = frames();
    await Promise.all([wake(7, 0), wake(7, 0), wake(7, 0)]);
    expect(started).toEqual(['7:0']);
  });

  it('starts nothing in a frame where Gloss runs already', async () => {
    const { wake, started } = frames();
    await wake(7, 0);
    await wake(7, 0);
    expect(started).toEqual(['7:0']);
  });

  it('starts each frame on its own', async () => {
    const { wake, started } = frames();
    await Promise.all([wake(7, 0), wake(7, 3), wake(8, 0)]);
    expect(started.sort()).toEqual(['7:0', '7:3', '8:0']);
  });

  it('takes a frame gone meanwhile quietly, and wakes the others', async () => {
    const { wake, started } = frames({ failFor: 5 });
    await expect(wake(7, 5)).resolves.toBeUndefined();
    await wake(7, 0);
    expect(started).toEqual(['7:0']);
  });
});
