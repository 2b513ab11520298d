// A/B of page variants: cold loads (a new browser each), interleaved so the machine's load
// swings hit every variant alike. A variant is a copy of the site in a folder under the served
// one (e.g. target/www/ab/a, target/www/ab/b with `cargo xtask serve` running), or a full URL
// (another server):
//   FERRITE_URL=http://127.0.0.1:8000/ab/ RUNS=9 node bench/ab.mjs a b
// Prints each load's marks (ms since navigation), the main thread's CPU time before the prompt
// (bench/trace.mjs) and the load average, then the medians per variant.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { CATEGORIES, summarize } from './trace.mjs';

const base = process.env.FERRITE_URL;
const runs = Number(process.env.RUNS ?? 7);
const variants = process.argv.slice(2);
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = Object.fromEntries(variants.map((v) => [v, []]));
for (let i = 0; i < runs; i++) {
  for (const v of variants) {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args });
    const page = await browser.newPage();
    await browser.startTracing(page, { categories: CATEGORIES });
    await page.goto(v.startsWith("http") ? v : `${base}${v}/`);
    await page.waitForSelector('body[data-ready="1"]');
    const trace = summarize(await browser.stopTracing());
    await page.waitForSelector('[data-testid="editor"] .cm-content');
    const marks = await page.evaluate(() => Object.fromEntries(['js', 'compiled', 'wasm', 'ready', 'editor']
      .map((m) => [m, Math.round(performance.getEntriesByName(`ferrite-${m}`)[0]?.startTime)])));
    await browser.close();
    results[v].push({ ...marks, cpu: Math.round(trace.cpu_ms * 10) / 10, load: loadavg() });
    console.log(v, JSON.stringify(results[v].at(-1)));
  }
}
for (const [v, rs] of Object.entries(results)) {
  const m = (k) => median(rs.map((r) => r[k]));
  console.log(`${v}: ready ${m('ready')} ms, page script ${m('js')}, compiled ${m('compiled')}, CodeMirror ${m('editor')}, main-thread CPU ${m('cpu')} ms (medians of ${rs.length}; load ${rs.map((r) => r.load).join(' ')})`);
}
