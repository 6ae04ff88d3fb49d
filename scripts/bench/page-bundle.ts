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
 * Every .js file under the build's content-scripts/ folder. zlib at level 9 is the deflate `gzip -9` writes;
 * only gzip's header differs (it also stores the file name: a few bytes more per file).
 */
export function contentScriptSizes(extensionPath: string): BundleFile[] {
  const dir = path.join(extensionPath, 'content-scripts');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => {
      const data = readFileSync(path.join(dir, f));
      return {
        file: `content-scripts/${f}`,
        bytes: data.length,
        gzipBytes: gzipSync(data, { level: 9 }).length,
      };
    });
}
