// `cargo xtask bench --web`: load → ready prompt and board frame rate in Debian's headless
// Chromium against the served site. Prints one JSON object.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORIES, summarize } from './trace.mjs';

const url = process.env.FERRITE_URL;
const runs = Number(process.env.RUNS ?? 7);
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

async function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'ferrite-bench-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM, headless: true, args });
  return { context, done: async () => { await context.close(); rmSync(dir, { recursive: true, force: true }); } };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Where the time to the prompt goes: navigation timing and the page's marks (main.js). */
async function measure(page) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.waitForSelector('[data-testid="editor"] .cm-content');
  return page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation');
    const mark = (n) => performance.getEntriesByName(n)[0]?.startTime;
    // When each file's last byte arrived: is a phase waiting on the network or on the CPU?
    const got = (f) => performance.getEntriesByType('resource').find((r) => r.name.endsWith(`/${f}`))?.responseEnd;
    return {
      response: nav.responseEnd, wasm_loaded: got('ferrite.wasm'), editor_loaded: got('editor.js'),
      html_parsed: nav.domInteractive, paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      js: mark('ferrite-js'), compiled: mark('ferrite-compiled'), wasm: mark('ferrite-wasm'), vm: mark('ferrite-vm'),
      ready: mark('ferrite-ready'), board: mark('ferrite-board'), editor: mark('ferrite-editor'),
    };
  });
}

/**
 * The browser's own floor on this machine: when a 245-byte document (the site's icon.svg) is
 * parsed, loaded the same way as the page. Chromium's start-up and navigation cost it on any
 * page, so `ready - floor` is the page's own time, comparable between machines and versions.
 */
async function floor(page) {
  await page.goto(new URL('icon.svg', url).href);
  return page.evaluate(() => performance.getEntriesByType('navigation')[0].domInteractive);
}

const medians = (runs) => Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));

// Cold loads: a new browser and profile each time (no HTTP cache, no service worker). The
// browser's own start-up (a new renderer before the page's first byte is parsed) is in it.
const cold = [];
const bytes = [];
const coldFloor = [];
for (let i = 0; i < runs; i++) {
  {
    const { context, done } = await fresh();
    coldFloor.push(await floor(context.pages()[0] ?? (await context.newPage())));
    await done();
  }
  const { context, done } = await fresh();
  const page = context.pages()[0] ?? (await context.newPage());
  let transferred = 0;
  page.on('response', async (r) => { try { transferred += (await r.body()).length; } catch { /* redirects */ } });
  cold.push(await measure(page));
  bytes.push(transferred);
  await done();
}

// First visits in a running browser: a new context each time (empty cache, no service worker),
// as a user opening the link in a browser that is already open.
const warm = [];
const warmFloor = [];
{
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, headless: true, args });
  for (let i = 0; i < runs; i++) {
    const blank = await browser.newContext();
    warmFloor.push(await floor(await blank.newPage()));
    await blank.close();
    const context = await browser.newContext();
    warm.push(await measure(await context.newPage()));
    await context.close();
  }
  await browser.close();
}

// One more fresh browser with a trace of the load: where the main thread's time goes.
let trace = null;
{
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, headless: true, args });
  const page = await browser.newPage();
  await browser.startTracing(page, { categories: CATEGORIES });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]');
  trace = summarize(await browser.stopTracing());
  await browser.close();
}

// Frame rate of the page (board drawn every frame) while `while True: pass` runs.
const { context, done } = await fresh();
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(url);
await page.waitForSelector('body[data-ready="1"]');
await page.click('[data-testid="editor"] .cm-content');
await page.keyboard.press('Control+A');
await page.keyboard.press('Delete');
await page.keyboard.insertText('while True:\n    pass\n');
await page.click('[data-testid="run"]');
await page.waitForSelector('body[data-running="1"]');
const fps = await page.evaluate(() => new Promise((resolve) => {
  let n = 0;
  const t0 = performance.now();
  const f = (t) => { n++; if (t - t0 < 3000) requestAnimationFrame(f); else resolve((n * 1000) / (t - t0)); };
  requestAnimationFrame(f);
}));
await page.click('[data-testid="stop"]');
await done();

console.log(JSON.stringify({
  ready_ms_median: median(cold.map((t) => t.ready)), phases_ms_median: medians(cold), ready_ms_all: cold.map((t) => t.ready),
  warm_ready_ms_median: median(warm.map((t) => t.ready)), warm_phases_ms_median: medians(warm),
  floor_ms_median: median(coldFloor), warm_floor_ms_median: median(warmFloor),
  trace, fps_busy_loop: fps, bytes_uncompressed: median(bytes),
}));
