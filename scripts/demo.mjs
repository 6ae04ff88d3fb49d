// `npm start`: opens Chromium with the built extension loaded on the bundled demo news page.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startDemoServer } from './demo-server.mjs';

const EXT = path.resolve('.output/chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PORT = Number(process.env.PORT ?? 4417);

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error(
    'No display found: `npm start` opens a browser window. Run it on a desktop, or see the README',
  );
  console.error('for loading .output/chrome-mv3 by hand. `npm test` runs headless.');
  process.exit(1);
}

const { base } = await startDemoServer(PORT);
const profile = mkdtempSync(path.join(tmpdir(), 'gloss-demo-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: false,
  viewport: null,
  args: [`--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`, '--no-first-run', '--disable-sync'],
});
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(`${base}/2026/11/harbor-garage-housing-vote?utm_source=demo`);
console.log(`Gloss demo: ${base}/ — select a passage in the story or a comment. Close the browser to stop.`);
context.on('close', () => process.exit(0));
