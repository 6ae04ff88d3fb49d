import type { GlossDb } from './db';
import { inWriteTransaction } from './repository';
import { DEFAULT_SETTINGS, type Settings, validateSettingsPatch } from './settings';

/** The reader's settings row (storage/settings.ts says what it holds), read and written in the background. */

export async function getSettings(db: GlossDb): Promise<Settings> {
  const row = await db.settings.get('reader');
  if (!row) return DEFAULT_SETTINGS;
  const { name: _name, ...settings } = row;
  return settings;
}

export async function updateSettings(db: GlossDb, patch: unknown): Promise<Settings> {
  const changes = validateSettingsPatch(patch);
  return inWriteTransaction(db, async () => {
    const next: Settings = { ...(await getSettings(db)), ...changes };
    await db.settings.put({ name: 'reader', ...next });
    return next;
  });
}
