/**
 * Limits that keep one misbehaving sender (a content script next to a hostile page, a buggy extension page)
 * from making the background do unbounded work: a size budget per message, checked before anything reads
 * the message's fields, and a per-tab budget of writes.
 */

/** What one message may hold: characters, and parts (object keys, array slots and values, of any size). */
export interface Budget {
  chars: number;
  parts: number;
}

/** Any message but a chunk of an import file. */
export const MESSAGE_BUDGET: Budget = { chars: 1024 * 1024, parts: 200_000 };

/**
 * Fewer characters than a real import file spends on any part (a tag's body, the thriftiest, about 10 a
 * part): a chunk within its characters is within its parts.
 */
const IMPORT_CHARS_PER_PART = 8;
/** One chunk of an import: extension pages send up to 12 MiB at a time (components/import-chunks.ts). */
const IMPORT_CHUNK_CHARS = 16 * 1024 * 1024;
export const IMPORT_CHUNK_BUDGET: Budget = {
  chars: IMPORT_CHUNK_CHARS,
  parts: IMPORT_CHUNK_CHARS / IMPORT_CHARS_PER_PART,
};

/** The budget of a message of this type (the type as the message claims it, checked before parsing). */
export function budgetFor(type: unknown): Budget {
  if (type === 'import.chunk' || type === 'import.preview') return IMPORT_CHUNK_BUDGET;
  return MESSAGE_BUDGET;
}

/**
 * Whether `value` fits in `budget` (strings by length, every other part counted as a few characters), walking
 * it only until the budget runs out: a 48-million-character string costs one comparison, not a copy.
 */
export function fitsBudget(value: unknown, budget: Budget): boolean {
  let left = budget.chars;
  let parts = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++parts > budget.parts) return false;
    if (typeof v === 'string') left -= v.length + 2;
    else if (Array.isArray(v)) {
      // Counted before it is walked: a sparse array's length costs nothing to send, and billions to walk.
      left -= 2 + v.length;
      parts += v.length;
      if (left < 0 || parts > budget.parts) return false;
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
