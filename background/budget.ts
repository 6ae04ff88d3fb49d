/**
 * Limits that keep one misbehaving sender (a content script next to a hostile page, a buggy extension page)
 * from making the background do unbounded work: a size budget per message, checked before anything reads
 * the message's fields, and a per-tab budget of writes.
 */

/** Characters one message may carry; a chunk of an import file has its own, larger budget. */
export const MESSAGE_BUDGET = 1024 * 1024;
/** One chunk of an import: extension pages send about 6 MiB at a time (components/import-chunks.ts). */
export const IMPORT_CHUNK_BUDGET = 8 * 1024 * 1024;

/** The size budget of a message of this type (the type as the message claims it, checked before parsing). */
export function budgetFor(type: unknown): number {
  if (type === 'import.chunk' || type === 'import.preview') return IMPORT_CHUNK_BUDGET;
  return MESSAGE_BUDGET;
}

/** Object keys, array slots and values one message may hold, whatever their size. */
const MAX_PARTS = 200_000;

/**
 * Whether `value` fits in `budget` characters (strings by length, every other part counted as a few), walking
 * it only until the budget runs out: a 48-million-character string costs one comparison, not a copy.
 */
export function fitsBudget(value: unknown, budget: number): boolean {
  let left = budget;
  let parts = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++parts > MAX_PARTS) return false;
    if (typeof v === 'string') left -= v.length + 2;
    else if (Array.isArray(v)) {
      // Counted before it is walked: a sparse array's length costs nothing to send, and billions to walk.
      left -= 2 + v.length;
      parts += v.length;
      if (left < 0 || parts > MAX_PARTS) return false;
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      left -= 2;
      for (const [key, item] of Object.entries(v)) {
        left -= key.length + 3;
        stack.push(item);
      }
    } else left -= 8;
    if (left < 0) return false;
  }
  return true;
}

export interface RateLimit {
  /** Writes allowed in a burst. */
  burst: number;
  /** Writes regained per second. */
  perSecond: number;
}

/** A reader highlights a few passages a minute at most; a script firing hundreds a second is not a reader. */
export const TAB_WRITES: RateLimit = { burst: 30, perSecond: 2 };

/**
 * Token buckets per key (a tab). Kept in memory: a stopped worker forgets them, which only resets a budget.
 */
export class RateLimiter {
  private readonly buckets = new Map<string | number, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {}

  /** Takes one token for `key`; false when its budget is spent. */
  take(key: string | number): boolean {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: t };
    const tokens = Math.min(this.limit.burst, b.tokens + ((t - b.at) / 1000) * this.limit.perSecond);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: t });
      return false;
    }
    this.buckets.set(key, { tokens: tokens - 1, at: t });
    return true;
  }

  forget(key: string | number): void {
    this.buckets.delete(key);
  }
}
