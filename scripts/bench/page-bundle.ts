/** The content scripts' size as a reader downloads and Chromium parses it: each file gzipped at level 9. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * Every script a page may run: the manifest's content scripts (Gloss's loader, on every page) and every .js
 * file under the build's content-scripts/ folder (what the background starts where it is needed). zlib at
 * level 9 is the deflate `gzip -9` writes; only gzip's header differs (it also stores the file name: a few
 * bytes more per file).
 */
export function contentScriptSizes(extensionPath: string): BundleFile[] {
  const manifest = JSON.parse(readFileSync(path.join(extensionPath, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[] }[];
  };
  const declared = (manifest.content_scripts ?? [])
    .flatMap((cs) => cs.js ?? [])
    .map((f) => f.replace(/^\//, ''));
  const dir = path.join(extensionPath, 'content-scripts');
  const atRunTime = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => `content-scripts/${f}`)
    : [];
  return [...new Set([...declared, ...atRunTime])].sort().map((file) => {
    const data = readFileSync(path.join(extensionPath, file));
    return { file, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
  });
}
