import type { PageShortcuts } from '../messaging/commands';
import { DEFAULT_COLOR, type HighlightColor } from './annotation';
import { ValidationError } from './errors';
import { siteOf } from './search/terms';
import { checkColor, describeType, isRecord, Problems, preview } from './validate';

/**
 * How the reader set Gloss up in Options: one row, read by the background (which tells each page what it
 * needs) and written only through it (storage/settings-store.ts). This module holds no database code, so
 * extension pages and the message schema can use it without loading Dexie.
 */

/** When the toolbar appears over a selection: always, only with Alt held as the selection ends, or never. */
export const TOOLBAR_MODES = ['selection', 'modifier', 'never'] as const;
export type ToolbarMode = (typeof TOOLBAR_MODES)[number];

export interface Settings {
  /** The colour a new highlight takes (the toolbar's first choice, the shortcut's and the menu's). */
  color: HighlightColor;
  toolbar: ToolbarMode;
  /** Sites (`siteOf` form: host without `www.`) where Gloss does nothing at all, sorted. */
  offSites: string[];
}

export const DEFAULT_SETTINGS: Settings = { color: DEFAULT_COLOR, toolbar: 'selection', offSites: [] };

/** Sites a reader may turn Gloss off on: far more than anyone lists, few enough to check on every load. */
export const MAX_OFF_SITES = 1_000;
const MAX_SITE_CHARS = 253;

export interface SettingsRow extends Settings {
  name: 'reader';
}

/** What a page's content script needs to know of the settings, and of the keys the reader bound. */
export interface PagePrefs {
  color: HighlightColor;
  toolbar: ToolbarMode;
  /** The reader turned Gloss off on this site: nothing is painted, offered or made here. */
  off: boolean;
  shortcuts: PageShortcuts;
}

/** A site as the settings keep it: a bare host name, lower case, without `www.`. */
export function siteKey(input: string): string | undefined {
  const trimmed = input.trim().toLowerCase();
  const host = /^[a-z][a-z0-9+.-]*:\/\//.test(trimmed) ? siteOf(trimmed) : trimmed.replace(/^www\./, '');
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host) &&
    host.length <= MAX_SITE_CHARS
    ? host
    : undefined;
}

/** The settings a page on `pageUrl` runs with, and the keys its commands are bound to. */
export function pagePrefs(settings: Settings, pageUrl: string, shortcuts: PageShortcuts): PagePrefs {
  return {
    color: settings.color,
    toolbar: settings.toolbar,
    off: settings.offSites.includes(siteOf(pageUrl)),
    shortcuts,
  };
}

/** Checks a change to the settings; throws ValidationError naming every problem. */
export function validateSettingsPatch(patch: unknown): Partial<Settings> {
  if (!isRecord(patch))
    throw new ValidationError(`Expected settings as an object, got ${describeType(patch)}`);
  const p = new Problems();
  const out: Partial<Settings> = {};
  for (const key of Object.keys(patch)) if (!(key in DEFAULT_SETTINGS)) p.add(key, 'not a setting Gloss has');
  if (patch.color !== undefined) {
    const color = checkColor(patch.color, 'color', p);
    if (color) out.color = color;
  }
  if (patch.toolbar !== undefined) {
    if ((TOOLBAR_MODES as readonly unknown[]).includes(patch.toolbar))
      out.toolbar = patch.toolbar as ToolbarMode;
    else p.add('toolbar', `expected ${TOOLBAR_MODES.join(', ')}, got ${preview(patch.toolbar)}`);
  }
  if (patch.offSites !== undefined) {
    if (!Array.isArray(patch.offSites) || patch.offSites.length > MAX_OFF_SITES) {
      p.add('offSites', `expected a list of at most ${MAX_OFF_SITES} sites`);
    } else {
      const sites = new Set<string>();
      patch.offSites.forEach((s, i) => {
        const site = typeof s === 'string' ? siteKey(s) : undefined;
        if (site) sites.add(site);
        else p.add(`offSites[${i}]`, `expected a site such as news.example.com, got ${preview(s)}`);
      });
      out.offSites = [...sites].sort();
    }
  }
  if (!p.ok) throw new ValidationError(`Invalid settings: ${p.list.join('; ')}`);
  return out;
}
