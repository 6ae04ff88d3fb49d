/**
 * `npm run icons`: renders assets/icon.svg to the PNG sizes the browsers and stores ask for, into public/icon/
 * (WXT puts them in both manifests). Chrome's toolbar takes no SVG, and a 16 px icon drawn from the 128 px one
 * by the browser blurs; Chromium's own rasteriser draws each size from the vector.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, chromiumArgs } from '../tests/e2e/browser';

/** Toolbar (16, 32), extensions page (48), store and install dialogs (96, 128). */
const SIZES = [16, 32, 48, 96, 128];
const OUT = path.resolve('public/icon');

const svg = readFileSync(path.resolve('assets/icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: chromiumArgs(null) });
mkdirSync(OUT, { recursive: true });
for (const size of SIZES) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
  );
  writeFileSync(path.join(OUT, `${size}.png`), await page.screenshot({ omitBackground: true }));
  await page.close();
  console.log(`public/icon/${size}.png`);
}
await browser.close();
