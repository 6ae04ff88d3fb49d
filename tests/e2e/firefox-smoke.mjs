// Firefox smoke test of the built add-on (.output/firefox-mv2) over raw WebDriver BiDi: Playwright cannot
// drive Firefox ESR here. It loads the add-on, highlights a passage on the demo page, reloads, and checks the
// passage is painted again. Node 20 needs --experimental-websocket. Skips (exit 0) when Firefox is missing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoServer } from '../../scripts/demo-server.mjs';

const EXT = path.resolve(process.argv[2] ?? '.output/firefox-mv2');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const QUOTE = 'a concrete hulk that has stood at the edge of the waterfront since 1964';
const t0 = Date.now();
const log = (...a) => console.log(`[firefox +${Date.now() - t0}ms]`, ...a);

if (!existsSync(FIREFOX)) {
  console.log(`[firefox] skipped: ${FIREFOX} not installed (apt-get install firefox-esr)`);
  process.exit(0);
}
if (!existsSync(path.join(EXT, 'manifest.json'))) throw new Error('build first: npm run build:firefox');

const server = await startDemoServer(0);
const profile = mkdtempSync(path.join(tmpdir(), 'gloss-ff-'));
writeFileSync(
  path.join(profile, 'user.js'),
  [
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("app.update.enabled", false);',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("toolkit.telemetry.enabled", false);',
    'user_pref("extensions.update.enabled", false);',
    'user_pref("app.normandy.enabled", false);',
  ].join('\n'),
);
const ff = spawn(
  FIREFOX,
  [
    '--headless',
    '--remote-debugging-port=0',
    '--remote-allow-system-access',
    '--no-remote',
    '--profile',
    profile,
  ],
  {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
  },
);
const wsBase = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('firefox did not start')), 30_000);
  ff.stderr.on('data', (d) => {
    const m = String(d).match(/WebDriver BiDi listening on (ws:\/\/\S+)/);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  ff.on('exit', (c) => reject(new Error(`firefox exited ${c}`)));
});

const ws = new WebSocket(`${wsBase}/session`);
await new Promise((resolve, reject) => {
  ws.onopen = resolve;
  ws.onerror = reject;
});
let nextId = 1;
const pending = new Map();
ws.onmessage = (ev) => {
  const msg = JSON.parse(ev.data);
  const waiter = msg.id && pending.get(msg.id);
  if (!waiter) return;
  pending.delete(msg.id);
  if (msg.type === 'error') waiter.reject(new Error(`${msg.error}: ${msg.message}`));
  else waiter.resolve(msg.result);
};
const send = (method, params = {}) =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params }));
  });
const evaluate = async (context, expression) => {
  const r = await send('script.evaluate', {
    expression,
    target: { context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  if (r.type === 'exception') throw new Error(`page exception: ${r.exceptionDetails.text}`);
  return r.result;
};
const waitFor = async (context, expression, ms = 15_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const r = await evaluate(context, expression);
    if (r.type === 'boolean' ? r.value : r.type !== 'undefined' && r.type !== 'null') return r;
    if (Date.now() > end) throw new Error(`timeout waiting for ${expression}`);
    await new Promise((s) => setTimeout(s, 100));
  }
};
const painted = `[...CSS.highlights].filter(([n, h]) => n.startsWith('gloss-') && n !== 'gloss-flash').flatMap(([, h]) => [...h].map(String)).join('|')`;

let ok = false;
try {
  const session = await send('session.new', { capabilities: {} });
  log('session', session.capabilities.browserName, session.capabilities.browserVersion);
  await send('webExtension.install', { extensionData: { type: 'path', path: EXT } });
  const { contexts } = await send('browsingContext.getTree', {});
  const tab = contexts[0].context;
  await send('browsingContext.navigate', {
    context: tab,
    url: `${server.base}/2026/11/harbor-garage-housing-vote`,
    wait: 'complete',
  });
  await waitFor(tab, `document.querySelector('gloss-ui') !== null`);
  log('content script up');

  await evaluate(
    tab,
    `(() => { const p = [...document.querySelectorAll('.entry-content p')].find((e) => e.textContent.includes(${JSON.stringify(QUOTE)}));
      p.scrollIntoView({ block: 'center' });
      const t = p.firstChild; const i = t.data.indexOf(${JSON.stringify(QUOTE)});
      const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + ${QUOTE.length});
      getSelection().removeAllRanges(); getSelection().addRange(r);
      document.dispatchEvent(new PointerEvent('pointerup', { bubbles: true })); })()`,
  );
  await waitFor(tab, `!!document.querySelector('gloss-ui').shadowRoot.querySelector('.toolbar')`);
  const button = await send('script.evaluate', {
    expression: `document.querySelector('gloss-ui').shadowRoot.querySelector('.action.primary')`,
    target: { context: tab },
    awaitPromise: false,
    resultOwnership: 'root',
  });
  await send('input.performActions', {
    context: tab,
    actions: [
      {
        type: 'pointer',
        id: 'mouse',
        actions: [
          {
            type: 'pointerMove',
            x: 0,
            y: 0,
            origin: { type: 'element', element: { sharedId: button.result.sharedId } },
          },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ],
  });
  await waitFor(tab, `${painted} === ${JSON.stringify(QUOTE)}`);
  log('highlighted');

  await send('browsingContext.reload', { context: tab, wait: 'complete' });
  await waitFor(tab, `${painted} === ${JSON.stringify(QUOTE)}`);
  log('painted again after reload');
  const pageDbs = (
    await evaluate(tab, `indexedDB.databases().then((d) => JSON.stringify(d.map((x) => x.name)))`)
  ).value;
  assert.ok(!JSON.parse(pageDbs).includes('gloss'), `the page sees a Gloss database: ${pageDbs}`);
  const shot = await send('browsingContext.captureScreenshot', { context: tab });
  writeFileSync(path.resolve('test-results/screenshots/firefox-page.png'), Buffer.from(shot.data, 'base64'));
  ok = true;
} finally {
  try {
    await send('browser.close', {});
  } catch {}
  ws.close();
  await new Promise((resolve) => {
    if (ff.exitCode !== null) return resolve();
    const t = setTimeout(() => {
      ff.kill('SIGKILL');
      resolve();
    }, 5000);
    ff.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
  await server.close();
  rmSync(profile, { recursive: true, force: true });
  log(ok ? 'Firefox smoke test passed' : 'Firefox smoke test FAILED');
}
process.exit(ok ? 0 : 1);
