// Shared by the browser tests: Debian's Chromium driven by playwright-core (never a downloaded
// browser) against the site that `cargo xtask test --only browser` serves at FERRITE_URL.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const URL = process.env.FERRITE_URL ?? 'http://127.0.0.1:8000/';
const SHOTS = process.env.FERRITE_SHOTS ?? 'target/browser-shots';

/** A fresh browser with its own profile (no state leaks between tests). */
export async function launch() {
  const dir = mkdtempSync(join(tmpdir(), 'ferrite-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    viewport: { width: 1280, height: 800 },
  });
  const close = async () => { await context.close(); rmSync(dir, { recursive: true, force: true }); };
  return { context, close };
}

/** Open the page (optionally with a fragment) and wait for the ready prompt. */
export async function open(context, suffix = '') {
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(URL + suffix);
  await page.waitForSelector('body[data-ready="1"]');
  page.jsErrors = errors;
  return page;
}

/** Replace the editor's text by typing, as a user pasting would. */
export async function setCode(page, code) {
  await page.click('[data-testid="editor"] .cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

export function editorText(page) {
  return page.$$eval('[data-testid="editor"] .cm-line', (ls) => ls.map((l) => l.textContent).join('\n'));
}

export function terminalText(page) {
  return page.$eval('[data-testid="terminal"] .term', (e) => [...e.children].map((r) => r.textContent.trimEnd()).join('\n'));
}

export async function waitForTerminal(page, needle, timeout = 10000) {
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('[data-testid="terminal"] .term > div')].some((r) => r.textContent.includes(n)),
    needle,
    { timeout },
  );
}

export function waitIdle(page, timeout = 10000) {
  return page.waitForSelector('body[data-running="0"]', { timeout });
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}
