// Firefox ESR over raw WebDriver BiDi (Playwright cannot drive it): starts it headless on a fresh profile,
// opens a session and installs the built add-on. The profile's user.js fixes the add-on's moz-extension://
// UUID (extensions.webextensions.uuids), so the tests know the address of its pages before launch.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Starts Firefox with the add-on at `ext`; resolves with the BiDi helpers and the add-on's origin. */
export async function launchFirefox({ firefox, ext: extPath }) {
  const ext = path.resolve(extPath);
  const manifest = JSON.parse(readFileSync(path.join(ext, 'manifest.json'), 'utf8'));
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error('the Firefox build has no gecko id');
  const uuid = randomUUID();
  const profile = mkdtempSync(path.join(tmpdir(), 'gloss-ff-'));
  const uuids = JSON.stringify({ [geckoId]: uuid });
  writeFileSync(
    path.join(profile, 'user.js'),
    [
      'user_pref("browser.shell.checkDefaultBrowser", false);',
      'user_pref("app.update.enabled", false);',
      'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
      'user_pref("toolkit.telemetry.enabled", false);',
      'user_pref("extensions.update.enabled", false);',
      'user_pref("app.normandy.enabled", false);',
      `user_pref("extensions.webextensions.uuids", ${JSON.stringify(uuids)});`,
    ].join('\n'),
  );
  const ff = spawn(
    firefox,
    [
      '--headless',
      '--remote-debugging-port=0',
      '--remote-allow-system-access',
      '--no-remote',
      '--profile',
      profile,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } },
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

  async function close() {
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
    rmSync(profile, { recursive: true, force: true });
  }

  /**
   * Puts the window's keyboard focus on the page, where it is for a reader who loaded it or clicked in it.
   * A window opened over BiDi keeps it in the address bar, and BiDi's pointer input (synthesized in the
   * page's process) does not move it: a frame's own focus() (the note editor's, on open) then moves no keys
   * there. Only the browser's chrome is touched, never the page or Gloss. With several windows, the one
   * focused last (browsingContext.activate focuses its tab's window).
   */
  async function focusPage() {
    const { contexts } = await send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const r = await send('script.evaluate', {
      expression: `Services.wm.getMostRecentWindow('navigator:browser').gBrowser.selectedBrowser.focus();
        Services.focus.focusedElement?.localName`,
      target: { context: contexts[0].context },
      awaitPromise: false,
    });
    if (r.result?.value !== 'browser')
      throw new Error(`the page did not get the focus: ${JSON.stringify(r)}`);
  }

  /** Makes `context` its window's selected tab, with the keyboard focus in its page. */
  async function bringToFront(context) {
    await send('browsingContext.activate', { context });
    await focusPage();
  }

  try {
    const session = await send('session.new', { capabilities: {} });
    await send('webExtension.install', { extensionData: { type: 'path', path: ext } });
    return { send, close, focusPage, bringToFront, session, origin: `moz-extension://${uuid}`, uuid };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Script evaluation and waiting in one browsing context (a tab or a frame) over `send`. */
export function scripting(send) {
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
  const json = async (context, expression) => JSON.parse((await evaluate(context, expression)).value);
  const waitFor = async (context, expression, ms = 15_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const r = await evaluate(context, expression);
      if (r.type === 'boolean' ? r.value : r.type !== 'undefined' && r.type !== 'null') return r;
      if (Date.now() > end) throw new Error(`timeout waiting for ${expression}`);
      await sleep(100);
    }
  };
  /** Every browsing context under `root` (frames of frames too), as {context, url, parent}. */
  const frames = async (root) => {
    const { contexts } = await send('browsingContext.getTree', { root });
    const out = [];
    const walk = (list, parent) => {
      for (const c of list) {
        out.push({ context: c.context, url: c.url, parent });
        walk(c.children ?? [], c.context);
      }
    };
    walk(contexts[0]?.children ?? [], root);
    return out;
  };
  return { evaluate, json, waitFor, frames };
}

export const sleep = (ms) => new Promise((s) => setTimeout(s, ms));

/**
 * Polls `read` until its value is `expected` (compared as JSON), or until `expected(value)` is true when it
 * is a function; resolves with the value, or throws with `what` and the last value seen.
 */
export async function eventually(read, expected, { ms = 10_000, what = 'the value' } = {}) {
  const ok =
    typeof expected === 'function' ? expected : (v) => JSON.stringify(v) === JSON.stringify(expected);
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) {
      const want = typeof expected === 'function' ? '' : `, not ${JSON.stringify(expected)}`;
      throw new Error(`${what} is ${JSON.stringify(value)}${want}`);
    }
    await sleep(100);
  }
}
