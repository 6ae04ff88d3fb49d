import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { type ParsedMessage, parseMessagesFile, SUPPORTED_LOCALES } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';

/**
 * Every locale says everything English says, no more, with the same blanks to fill: a key missing in one
 * would show the reader nothing, a placeholder spelt differently would show `{count}` as it is.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const LOCALES_DIR = resolve(ROOT, 'locales');
const DEFAULT_LOCALE = 'en';

interface Entry {
  plural: boolean;
  /** Plural forms by their key (`0`, `1`, `n`); one form, `''`, for a simple message. */
  forms: Record<string, string>;
}

/** A locale's messages by key, without the browser's predefined `@@` ones. */
async function load(locale: string): Promise<Map<string, Entry>> {
  const parsed: ParsedMessage[] = await parseMessagesFile(resolve(LOCALES_DIR, `${locale}.yml`));
  const entries = new Map<string, Entry>();
  for (const m of parsed) {
    const key = m.key.join('.');
    if (key.startsWith('@@')) continue;
    if (m.type === 'plural') entries.set(key, { plural: true, forms: { ...m.plurals } });
    else if (m.type === 'simple') entries.set(key, { plural: false, forms: { '': m.message } });
    else throw new Error(`${locale}: ${key} is in Chrome's own format; write it as a plain message`);
  }
  return entries;
}

const NAMED = /\{([A-Za-z0-9_]+)\}/g;
/** What the code fills in: `{name}`s, and Chrome's `$1`…`$9` and `$name$`. */
function blanks(text: string): string[] {
  const named = [...text.matchAll(NAMED)].map((m) => `{${m[1]}}`);
  const positional = text.match(/\$(?:[1-9]|[A-Za-z_]+\$)/g) ?? [];
  return [...new Set([...named, ...positional])].sort();
}

const localeFiles = readdirSync(LOCALES_DIR).filter((f) => extname(f) === '.yml');
const locales = localeFiles.map((f) => basename(f, '.yml'));
const others = locales.filter((l) => l !== DEFAULT_LOCALE);
const reference = await load(DEFAULT_LOCALE);
const all = new Map(await Promise.all(locales.map(async (l) => [l, await load(l)] as const)));

describe('locales', () => {
  it('are English and at least one more, each one the browsers know, in YAML only', () => {
    expect(locales).toContain(DEFAULT_LOCALE);
    expect(others.length).toBeGreaterThan(0);
    for (const l of locales) expect(SUPPORTED_LOCALES.has(l), l).toBe(true);
    expect(readdirSync(LOCALES_DIR).filter((f) => !f.endsWith('.yml'))).toEqual([]);
  });

  it.each(others)('%s has every English key and no other', (locale) => {
    const keys = [...(all.get(locale)?.keys() ?? [])];
    const missing = [...reference.keys()].filter((k) => !keys.includes(k));
    const extra = keys.filter((k) => !reference.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(others)('%s fills the same blanks as English, and plurals have the same forms', (locale) => {
    const messages = all.get(locale) as Map<string, Entry>;
    const differences: string[] = [];
    for (const [key, en] of reference) {
      const own = messages.get(key);
      if (!own) continue; // Reported by the test above.
      if (own.plural !== en.plural) {
        differences.push(`${key}: ${en.plural ? 'plural' : 'simple'} in English`);
        continue;
      }
      const formKeys = (e: Entry) => Object.keys(e.forms).sort().join(',');
      if (formKeys(own) !== formKeys(en))
        differences.push(`${key}: forms ${formKeys(own)}, English has ${formKeys(en)}`);
      // Every form may leave out the count ("once"), but the message as a whole needs every blank.
      const used = (e: Entry) => blanks(Object.values(e.forms).join(' ')).join(' ');
      if (used(own) !== used(en)) differences.push(`${key}: fills ${used(own)}, English ${used(en)}`);
    }
    expect(differences).toEqual([]);
  });

  it.each(locales)(
    '%s has no empty message, and each plural a form for one and for any other count',
    (locale) => {
      for (const [key, entry] of all.get(locale) as Map<string, Entry>) {
        for (const [form, text] of Object.entries(entry.forms))
          expect(text.trim(), `${key} ${form}`).not.toBe('');
        if (entry.plural) expect(Object.keys(entry.forms), key).toEqual(expect.arrayContaining(['1', 'n']));
      }
    },
  );

  it.each(locales)(
    "%s's plurals are the language's own: a form for 1, another for every other count",
    (locale) => {
      // @wxt-dev/i18n takes the `1` form for exactly one and `n` for the rest; a language whose rules differ
      // (French says "0 note" in the singular, Polish has three forms) needs another plural scheme first.
      const rules = new Intl.PluralRules(locale);
      expect(rules.resolvedOptions().pluralCategories.sort()).toEqual(['one', 'other']);
      for (let n = 0; n <= 1000; n++) expect(rules.select(n), `${n}`).toBe(n === 1 ? 'one' : 'other');
    },
  );

  it.each(locales)('%s says which language it is written in (meta.lang, for <html lang>)', (locale) => {
    expect(all.get(locale)?.get('meta.lang')?.forms['']).toBe(locale.replace('_', '-'));
  });

  it("names each message once in Chrome's terms (`.` as `_`, any case)", () => {
    const names = [...reference.keys()].map((k) => k.replaceAll('.', '_').toLowerCase());
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('has every __MSG_key__ the manifest and its pages refer to', () => {
    const sources = ['wxt.config.ts', 'messaging/commands.ts', 'entrypoints/popup/index.html'];
    const referred = sources.flatMap((file) =>
      [...readFileSync(resolve(ROOT, file), 'utf8').matchAll(/__MSG_(\w+)__/g)].map((m) => m[1] as string),
    );
    expect(referred.length).toBeGreaterThan(0);
    // Chrome names messages by the key with `_` for `.`, ignoring case.
    const names = new Set([...reference.keys()].map((k) => k.replaceAll('.', '_').toLowerCase()));
    expect(referred.filter((name) => !names.has(name.toLowerCase()))).toEqual([]);
  });
});
