import type { Annotation } from '../storage/annotation';
import { type SessionArea, SessionStore } from './session';

/** How long a deleted highlight can be put back. */
export const UNDO_TTL_MS = 10 * 60 * 1000;

/** Highlights deleted a moment ago, exactly as they were, so Undo survives a stopped worker. */
export class RecentlyDeleted {
  private readonly store: SessionStore<{ annotation: Annotation; at: number }>;

  constructor(
    area: SessionArea,
    private readonly now: () => number,
  ) {
    this.store = new SessionStore(area, 'deleted');
  }

  async remember(annotation: Annotation): Promise<void> {
    for (const [key, d] of await this.store.entries())
      if (this.now() - d.at > UNDO_TTL_MS) await this.store.delete(key);
    await this.store.set(annotation.id, { annotation, at: this.now() });
  }

  async get(id: string): Promise<Annotation | null> {
    const d = await this.store.get(id);
    return d && this.now() - d.at <= UNDO_TTL_MS ? d.annotation : null;
  }

  forget(id: string): Promise<void> {
    return this.store.delete(id);
  }
}
