// The playground page: wires the editor, the terminal, the board and the wasm VM together.
// The VM runs on the main thread in slices (see docs/playground.md, "Main thread, in slices"):
// one slice per animation frame while Python is busy, a timer while it sleeps, nothing while it
// is idle.

import './style.css';
import init, { Playground, Status, __wbg_reset_state as newInstance } from 'ferrite-wasm';
import { createTerminal } from './terminal.js';
import { createPlaceholder } from './placeholder.js';
import { createBoard } from './board.js';
import { decodeFrame } from './frame.js';
import { EXAMPLES } from './examples.js';
import { decodeShare, encodeShare } from './share.js';
import { buzz, unlockAudio } from './audio.js';

/** Wall time the VM may use per animation frame; the rest of the 16.7 ms is the page's. */
const SLICE_MS = 8;
const AUTOSAVE_KEY = 'ferrite.main.py';

performance.mark('ferrite-js');
// The VM's module: compiling since boot.js ran in the page's <head>; instantiated while the terminal
// is set up.
const vmReady = init({ module_or_path: self.ferriteWasm ?? Promise.reject(new Error('boot.js did not run')) });
vmReady.then(() => performance.mark('ferrite-wasm'), () => {}); // errors: reported by main()

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const term = createTerminal($('terminal'), { rows: 14, scrollback: 2000 });

/** A line for the user, in the terminal's dim colour (text only, never HTML). */
function notice(text) {
  term.write(`\x1b[2m${text}\x1b[0m\r\n`);
}

let pg = null;
/** VM crashes since the last prompt: a VM that crashes while starting is not restarted forever. */
let crashes = 0;
/** Keys typed in the terminal go here instead of the VM while a real board is connected. */
let keySink = null;
let runTimer = 0;
let runFrame = 0;
/** Output since Run was pressed, for finding the traceback's line; null when no Run is pending. */
let runOutput = null;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

function flushOutput() {
  const bytes = vm((p) => p.take_output());
  if (!bytes?.length) return;
  term.write(bytes);
  if (runOutput === null) return;
  runOutput += decoder.decode(bytes, { stream: true });
  // What ran before the soft reset (an interrupted program) is not the Run's.
  const reboot = runOutput.lastIndexOf('soft reboot');
  if (reboot >= 0) runOutput = runOutput.slice(reboot);
  if (runOutput.length > 65536) runOutput = runOutput.slice(-32768);
}

/** The line of main.py an uncaught exception points at: the innermost frame in main.py. */
function errorLine(output) {
  const tb = output.lastIndexOf('Traceback (most recent call last):');
  if (tb < 0) return null;
  let line = null;
  for (const m of output.slice(tb).matchAll(/File "main\.py", line (\d+)/g)) line = Number(m[1]);
  return line;
}

/**
 * Every call into the VM goes through here. A Rust panic traps the wasm instance (`unreachable`),
 * and a trapped instance is unusable (its memory is mid-update), so the page says so in one line
 * and starts a new instance of the compiled module with a fresh REPL; the editor keeps its text.
 */
function vm(f) {
  if (!pg) return undefined;
  try {
    return f(pg);
  } catch (e) {
    pg = null;
    runOutput = null;
    if (++crashes > 3) {
      notice(`The VM keeps crashing (${e}); reload the page.`);
      return undefined;
    }
    term.write('\r\n'); // the notice gets a line of its own, not the end of a prompt's
    notice(`The VM crashed (${e}). It was restarted; your code is kept.`);
    try {
      newInstance();
      pg = new Playground();
    } catch (again) {
      notice(`The VM cannot start (${again}); reload the page.`);
      return undefined;
    }
    if (runTimer) clearTimeout(runTimer);
    if (runFrame) cancelAnimationFrame(runFrame);
    runTimer = 0;
    runFrame = requestAnimationFrame(pump);
    return undefined;
  }
}

/** One slice of the VM, then schedule the next: a frame while busy, a timer while sleeping. */
function pump() {
  runTimer = 0;
  runFrame = 0;
  const before = pg;
  const status = vm((p) => p.step(SLICE_MS));
  flushOutput();
  const running = vm((p) => p.running());
  if (!pg || pg !== before) return; // crashed: the new VM (if any) has its first slice queued
  $('stop').disabled = !running;
  document.body.dataset.running = running ? '1' : '0';
  if (status === Status.Busy) runFrame = requestAnimationFrame(pump);
  else if (status === Status.Sleeping) runTimer = setTimeout(pump, Math.max(0, vm((p) => p.wait_ms())));
  else atPrompt();
}

/** Work arrived (keys, Run, Stop): slice now rather than at the next frame or timer. */
function kick() {
  if (runTimer) clearTimeout(runTimer);
  if (runFrame) cancelAnimationFrame(runFrame);
  pump();
}

function atPrompt() {
  crashes = 0;
  if (runOutput !== null && runOutput.includes('soft reboot')) {
    editor.markError(errorLine(runOutput));
    runOutput = null;
  }
  if (document.body.dataset.ready !== '1') {
    performance.mark('ferrite-ready');
    document.body.dataset.ready = '1';
    afterPrompt();
  }
}

function run() {
  unlockAudio();
  editor.markError(null);
  runOutput = '';
  vm((p) => p.run_main(editor.text()));
  kick();
}

function stop() {
  vm((p) => p.interrupt());
  kick();
}

function reset() {
  runOutput = null;
  editor.markError(null);
  term.reset();
  banner();
  vm((p) => p.reset());
  kick();
}

function banner() {
  notice('Write Python above and press Run (Ctrl-Enter), or type at the >>> prompt. Ctrl-C stops a program.');
}

/**
 * What the prompt does not need comes once the frame that shows the prompt is drawn, so the page
 * before it is one style and layout pass of the header, editor and terminal: the board (its SVG
 * and text), the Examples menu, then CodeMirror (its own bundle). The service worker (offline
 * use) waits for the editor: its install fetches every file again.
 */
function afterPrompt() {
  requestAnimationFrame(() => setTimeout(() => {
    showBoard();
    fillExamples();
    performance.mark('ferrite-board');
    loadEditor().finally(registerWorker);
  }, 0));
}

// ---- the board: parts report user input; each animation frame draws the latest snapshot
let board = null;
function showBoard() {
  board = createBoard($('board'), {
    button: (gpio, pressed) => vm((p) => p.set_button(gpio, pressed)),
    pot: (raw) => vm((p) => p.set_pot(raw)),
  });
  requestAnimationFrame(drawBoard);
}

function drawBoard() {
  const bytes = vm((p) => p.snapshot());
  const frame = bytes && decodeFrame(bytes);
  if (frame) {
    board.render(frame);
    buzz(frame.buzzer.freq, frame.buzzer.duty);
  }
  requestAnimationFrame(drawBoard);
}

// ---- the program: share link, else autosave, else the first example
let editor;
async function initialProgram() {
  const saved = localStorage.getItem(AUTOSAVE_KEY);
  const fallback = saved ?? EXAMPLES.blink[1];
  try {
    const shared = await decodeShare(location.hash);
    if (shared !== null) {
      notice('Loaded a shared program. Read it, then press Run.');
      return shared;
    }
  } catch (e) {
    notice(`This share link is damaged (${e.message}); your last program is loaded instead.`);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return fallback;
}

function download() {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([editor.text()], { type: 'text/x-python' }));
  a.download = 'main.py';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function upload(ev) {
  const file = ev.target.files?.[0];
  ev.target.value = '';
  if (!file) return;
  if (file.size > 512 * 1024) { notice(`${file.name} is larger than 512 KB; not loaded.`); return; }
  try {
    editor.setText(new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()));
    notice(`Loaded ${file.name}.`);
  } catch {
    notice(`${file.name} is not UTF-8 text; not loaded.`);
  }
}

async function share() {
  const hash = await encodeShare(editor.text());
  history.replaceState(null, '', hash);
  try { await navigator.clipboard.writeText(location.href); notice('Share link copied to the clipboard (it is also in the address bar).'); }
  catch { notice('Share link is in the address bar: copy it from there.'); }
}

function fillExamples() {
  const menu = $('examples');
  for (const [key, [title]] of Object.entries(EXAMPLES)) {
    const o = document.createElement('option');
    o.value = key;
    o.textContent = title;
    menu.appendChild(o);
  }
  menu.addEventListener('change', () => {
    const ex = EXAMPLES[menu.value];
    if (ex) editor.setText(ex[1]);
    menu.value = '';
  });
}

function registerWorker() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => {});
}

/** The editor: a plain placeholder now, CodeMirror (its own bundle) once the REPL is ready. */
let editorLoading = null;
function loadEditor() {
  return editorLoading ??= import('./editor.js')
    .then(({ createEditor }) => {
      const ph = editor.handOver();
      const cm = createEditor($('editor'), ph.text, autosave, { cursor: ph.cursor, focus: ph.focused });
      ph.remove();
      editor = cm;
      if (ph.error !== null) cm.markError(ph.error);
      performance.mark('ferrite-editor');
    })
    .catch((e) => notice(`The editor could not load (${e}); the plain editor stays.`));
}

/** The real board (serial.js: WebSerial and the flasher's own wasm), loaded on the first Connect. */
let serialPanel = null;
function connectBoard() {
  serialPanel ??= import('./serial.js').then(({ createPanel }) => createPanel({
    term,
    notice,
    code: () => editor.text(),
    setCode: (text) => editor.setText(text),
    keys: (sink) => { keySink = sink; },
  }));
  serialPanel.then((p) => p.connect(), (e) => notice(`The board panel could not load (${e}).`));
}

function autosave(text) {
  try { localStorage.setItem(AUTOSAVE_KEY, text); } catch { /* storage full or disabled */ }
}

async function main() {
  editor = createPlaceholder($('editor'), await initialProgram(), autosave);
  $('run').addEventListener('click', run);
  $('stop').addEventListener('click', stop);
  $('reset').addEventListener('click', reset);
  $('share').addEventListener('click', share);
  $('download').addEventListener('click', download);
  $('upload').addEventListener('change', upload);
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
  });
  term.onData((data) => {
    if (keySink) keySink(data);
    else if (pg) { vm((p) => p.feed(encoder.encode(data))); kick(); }
  });
  $('connect').addEventListener('click', connectBoard);

  await vmReady;
  pg = new Playground();
  performance.mark('ferrite-vm');
  banner();
  kick();
}

main().catch((e) => notice(`The playground could not start: ${e}`));
