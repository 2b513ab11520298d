// `cargo xtask bench --web`: the VM in wasm against MicroPython's own wasm build (npm
// @micropython/micropython-webassembly-pyscript), both under Node, on ../shared/bench/perf.
// Prints one JSON object: per script the median wall time of each and the speed ratio.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadMicroPython } from '@micropython/micropython-webassembly-pyscript';

const perf = process.env.PERF_DIR;
const runs = Number(process.env.RUNS ?? 1);
const filter = process.env.FILTER ?? '';
const HEAP = 4 * 1024 * 1024;
const { initSync, Playground, Status } = await import(pathToFileURL(join(process.env.FERRITE_PKG, 'web.js')));
initSync({ module: readFileSync(process.env.FERRITE_WASM) });
// A slice held for seconds asks the page's user through confirm(); Node has none: keep running.
globalThis.confirm ??= () => false;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The script as a user runs it: Run (soft reset with it as main.py), until the prompt is back. */
function ferrite(src) {
  const pg = new Playground();
  while (pg.step(1000) !== Status.Idle);
  pg.take_output();
  const t0 = performance.now();
  pg.run_main(src);
  while (pg.step(1000) !== Status.Idle);
  const t = performance.now() - t0;
  const text = new TextDecoder().decode(pg.take_output()).replace(/\r\n/g, '\n');
  pg.free();
  // Between the reboot line and the banner that precedes the next prompt.
  const out = text.slice(text.indexOf('soft reboot\n') + 12).split('Ferrite v')[0];
  return { t, out };
}

async function micropython(src) {
  const lines = [];
  const mp = await loadMicroPython({ heapsize: HEAP, stdout: (l) => lines.push(l), stderr: () => {} });
  const t0 = performance.now();
  try { mp.runPython(src); } catch (e) { lines.push(String(e)); }
  return { t: performance.now() - t0, out: lines.join('\n') + '\n' };
}

const results = {};
for (const f of readdirSync(perf).filter((f) => f.endsWith('.py') && f.includes(filter)).sort()) {
  const src = readFileSync(join(perf, f), 'utf8');
  const exp = readFileSync(join(perf, f.replace(/\.py$/, '.exp')), 'utf8');
  const row = {};
  for (const [name, runner] of [['ferrite', ferrite], ['micropython', micropython]]) {
    const ts = [];
    let ok = true;
    for (let i = 0; i < runs; i++) {
      const { t, out } = await runner(src);
      // The web host has no separate stderr: drop the `time_us` line the scripts write there.
      ok &&= out.split('\n').filter((l) => !l.startsWith('time_us')).join('\n').trim() === exp.trim();
      ts.push(t / 1000);
    }
    row[name] = ok ? median(ts) : null;
  }
  row.speedup = row.ferrite && row.micropython ? row.micropython / row.ferrite : null;
  results[f.replace(/\.py$/, '')] = row;
  process.stderr.write(`${f}: ${JSON.stringify(row)}\n`);
}
const ratios = Object.values(results).map((r) => r.speedup).filter((x) => x);
const geomean = ratios.length ? Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length) : null;
console.log(JSON.stringify({ scripts: results, speedup_geomean: geomean }));
