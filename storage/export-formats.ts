/**
 * The forms an export takes: W3C Web Annotation JSON-LD (lossless: Gloss imports it back), Markdown for people
 * and Obsidian, CSV for Readwise. Alone in a module so the message schema can name them without the exporters.
 */
export const EXPORT_FORMATS = ['w3c', 'markdown', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
