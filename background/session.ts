/**
 * The background's working state (tabs, editor tickets, undo) lives in `storage.session`, not in the
 * service worker's memory: the browser stops an idle worker after ~30 s, and what it held must still be
 * there when the next message wakes it. `storage.session` is the extension's own, never a page's, and is
 * cleared when the browser quits.
 */
export interface SessionArea {
  get(keys: string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

/** A SessionArea in memory: for unit tests, and for a browser without `storage.session`. */
export function memoryArea(): SessionArea {
  const items = new Map<string, unknown>();
  // Values go through structured cloning, as in the browser: a caller never shares an object with the store.
  return {
    async get(keys) {
      const out: Record<string, unknown> = {};
      for (const key of keys ?? items.keys()) if (items.has(key)) out[key] = structuredClone(items.get(key));
      return out;
    },
    async set(values) {
      for (const [key, value] of Object.entries(values)) items.set(key, structuredClone(value));
    },
    async remove(keys) {
      for (const key of keys) items.delete(key);
    },
  };
}

/**
 * Records of one kind under a key prefix. `update` is a read-modify-write; updates of one key run one after
 * another, so two frames reporting at once cannot overwrite each other's change.
 */
export class SessionStore<T> {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly area: SessionArea,
    private readonly prefix: string,
  ) {}

  private keyOf(key: string | number): string {
    return `${this.prefix}:${key}`;
  }

  async get(key: string | number): Promise<T | undefined> {
    const k = this.keyOf(key);
    return (await this.area.get([k]))[k] as T | undefined;
  }

  async set(key: string | number, value: T): Promise<void> {
    await this.update(key, () => value);
  }

  async delete(key: string | number): Promise<void> {
    await this.update(key, () => undefined);
  }

  /** Every record of this kind, with its key. */
  async entries(): Promise<[string, T][]> {
    const all = await this.area.get(null);
    const start = `${this.prefix}:`;
    return Object.entries(all)
      .filter(([k]) => k.startsWith(start))
      .map(([k, value]) => [k.slice(start.length), value as T]);
  }

  /** Replaces the record with what `change` makes of it; `undefined` removes it. Returns the new record. */
  update(key: string | number, change: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    const k = this.keyOf(key);
    const previous = this.queues.get(k) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(async () => {
        const current = (await this.area.get([k]))[k] as T | undefined;
        const value = change(current);
        if (value === undefined) await this.area.remove([k]);
        else await this.area.set({ [k]: value });
        return value;
      });
    this.queues.set(k, next);
    void next.finally(() => {
      if (this.queues.get(k) === next) this.queues.delete(k);
    });
    return next;
  }
}
