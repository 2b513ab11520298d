// The real board, over WebSerial: Connect shows the chip, Flash writes firmware (the flasher's
// state machine runs in its own wasm; this file only moves its bytes and control lines), then the
// page's terminal talks to the board's REPL; Run on board, Save as main.py and the files panel
// go through the raw REPL. A bundle of its own, imported when the user first presses Connect.

import initFlasher, { FlashJob } from 'ferrite-flasher-wasm';
import { RawRepl, pyString } from './rawrepl.js';

const ROM_BAUD = 115200;
const SPEEDS = [115200, 230400, 460800, 921600];
const DEFAULT_SPEED = 460800;
const SPEED_KEY = 'ferrite.board-speed';
/** Espressif's USB vendor id: the chip's own USB-Serial/JTAG port (C3, C6, S3), not a UART bridge. */
const ESPRESSIF_VID = 0x303a;
/** How long a USB-Serial/JTAG board may take to come back on the bus after it resets. */
const RETURN_MS = 5000;
const MANUAL = 'hold BOOT, press and release RESET, release BOOT, tick “no auto-reset” and try again';
/**
 * What to do next, in the page's words (its buttons and fields), for each `flasher::Hint` the
 * flasher gives with a failure; `ferrite flash` words the same hints with its flags.
 */
export const ADVICE = {
  none: '',
  'lower-baud': 'Try again with 115200 in Speed, a shorter or different USB cable, or another USB port.',
  'hold-boot': `Put the board in download mode by hand: ${MANUAL} (steps below).`,
  'replug-cable': 'Plug it back in (try another cable or USB port if it keeps happening), press Connect and try again.',
  'choose-other-port': 'Check that the board is plugged in with a data cable (some USB cables only charge), that you '
    + 'picked its port after pressing Connect, and that no other program (a serial monitor, Thonny, another tab) '
    + `is using it. If the board has no auto-reset: ${MANUAL} (steps below).`,
  'press-reset': 'Press RESET on the board and try again.',
  'detect-chip': 'Pick the firmware for the chip shown above.',
  'use-stub': 'Press RESET on the board and try again.',
};
const NO_SERIAL = 'This browser cannot talk to USB serial devices (WebSerial is missing). '
  + 'Use Chrome or Edge on a desktop computer to connect a board; the virtual board works everywhere.';

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const encoder = new TextEncoder();
let flasherReady = null;

/** `page`: what main.js lends the panel (terminal, notices, the editor, the keys). */
export function createPanel(page) {
  const panel = new Panel(page);
  $('flash').addEventListener('click', () => panel.flash());
  $('erase').addEventListener('click', () => panel.erase());
  $('backup').addEventListener('click', () => panel.backup());
  $('run-board').addEventListener('click', () => panel.runOnBoard());
  $('save-main').addEventListener('click', () => panel.saveMain());
  $('stop-board').addEventListener('click', () => panel.send('\x03'));
  $('disconnect').addEventListener('click', () => panel.disconnect());
  $('refresh-files').addEventListener('click', () => panel.listFiles());
  // This bundle loads on the first Connect: a speed chosen before that wins over the saved one.
  const speed = $('baud');
  const saved = Number(localStorage.getItem(SPEED_KEY));
  const save = () => localStorage.setItem(SPEED_KEY, speed.value);
  if (speed.value !== String(DEFAULT_SPEED)) save();
  else if (SPEEDS.includes(saved)) speed.value = String(saved);
  speed.addEventListener('change', save);
  return panel;
}

class Panel {
  constructor(page) {
    this.page = page;
    this.port = null;
    this.writer = null;
    this.reading = null;
    /** Where received bytes go: the flasher during a job, else the terminal (or the raw REPL). */
    this.sink = null;
    this.wake = null;
    this.raw = null;
    this.busy = false;
    this.chip = null;
    this.decoder = new TextDecoder();
  }

  status(text) {
    $('board-status').textContent = text;
  }

  setConnected(on) {
    document.body.dataset.serial = on ? '1' : '0';
    for (const id of ['flash', 'erase', 'backup', 'run-board', 'save-main', 'stop-board', 'disconnect', 'refresh-files']) $(id).disabled = !on;
    $('connect').disabled = on;
  }

  async connect() {
    this.result = null;
    if (!('serial' in navigator)) {
      this.status(NO_SERIAL);
      return;
    }
    try {
      await (flasherReady ??= initFlasher({ module_or_path: new URL('flasher.wasm', location.href) }));
    } catch (e) {
      this.status(`The flasher could not load (${e.message}): check the connection and reload the page.`);
      return;
    }
    try {
      // A port still open from a try that did not reach the bootloader is tried again as it is.
      if (!this.port) {
        try {
          this.port = await navigator.serial.requestPort();
        } catch {
          this.status('No port chosen. Plug the board in with a data cable and press Connect again.');
          return;
        }
        await this.open(ROM_BAUD);
        this.setConnected(true);
        // The board that came back on a new USB port runs its program: no need to reset it again.
        const back = this.rejoin;
        this.rejoin = null;
        const info = this.port.getInfo?.() ?? {};
        if (back?.chip && info.usbVendorId === back.usbVendorId && info.usbProductId === back.usbProductId) {
          this.showChip(back.chip);
          this.status(`Connected again to the ${back.chip.family}.`);
          this.toTerminal();
          return;
        }
      }
      $('connect').disabled = true;
      // Identify the board, then reset it into its program and show its REPL.
      const done = await this.job(new FlashJob('info', this.before(), true, ROM_BAUD));
      if (!this.port) return;
      if (done) {
        this.showChip(done);
        if (this.before() === 'no-reset') this.status('Connected. Press RESET on the board (without BOOT) to start its program.');
      } else {
        $('connect').disabled = false;
      }
      this.toTerminal();
    } catch (e) {
      this.status(`The port could not be used: ${e.message}. Close other programs using it (a serial monitor, Thonny, another tab) and try again.`);
      await this.disconnect();
    }
  }

  before() {
    if ($('no-reset').checked) return 'no-reset';
    const info = this.port?.getInfo?.() ?? {};
    return info.usbVendorId === ESPRESSIF_VID ? 'usb-reset' : 'default-reset';
  }

  async open(baudRate) {
    await this.port.open({ baudRate, bufferSize: 65536 });
    this.baud = baudRate;
    this.writer = this.port.writable.getWriter();
    this.reading = this.readLoop(this.port.readable.getReader());
  }

  /** Close and reopen at another baud rate (WebSerial cannot change it on an open port). */
  async reopen(baudRate) {
    await this.closeStreams();
    await this.open(baudRate);
  }

  async closeStreams() {
    const reading = this.reading;
    this.reading = null;
    try { this.writer?.releaseLock(); } catch { /* already released */ }
    this.writer = null;
    try { await this.reader?.cancel(); } catch { /* already closed */ }
    await reading;
    await this.port.close().catch(() => {});
  }

  async readLoop(reader) {
    this.reader = reader;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (value?.length) this.received(value);
      }
    } catch {
      // The device went away (cable pulled) or the port closed.
    } finally {
      reader.releaseLock();
      if (this.reading !== null && this.port) this.lost();
    }
  }

  received(bytes) {
    if (this.job_) {
      this.job_.feed(bytes);
      this.wake?.();
      return;
    }
    const text = this.decoder.decode(bytes, { stream: true });
    if (this.raw) this.raw.feed(text);
    else this.page.term.write(bytes);
  }

  lost() {
    if (this.job_) {
      this.job_.port_lost();
      this.portLost = true;
      this.wake?.();
      return;
    }
    if (this.port) this.refind();
  }

  /**
   * The port closed under us. A board on its own USB-Serial/JTAG port (C3, C6, S3) leaves the
   * bus whenever the chip resets and comes back as a new port: find it again by its USB ids and
   * reopen it without a chooser while the page keeps permission; otherwise say what to click.
   */
  async refind() {
    const old = this.port;
    const { usbVendorId, usbProductId } = old.getInfo?.() ?? {};
    this.reading = null;
    await this.closeStreams().catch(() => {});
    this.port = null;
    if (usbVendorId !== ESPRESSIF_VID) {
      this.page.notice('The board was disconnected.');
      this.reset();
      return;
    }
    this.disconnected = false;
    const said = (text) => this.status(this.result ? `${this.result} ${text}` : text);
    said('The board restarted and left USB for a moment: waiting for it to come back…');
    // Only Disconnect makes sense while the board is away.
    this.setConnected(false);
    $('connect').disabled = true;
    $('disconnect').disabled = false;
    const same = (p) => p !== old && p.getInfo?.().usbVendorId === usbVendorId && p.getInfo?.().usbProductId === usbProductId;
    const port = await new Promise((resolve) => {
      const look = async () => {
        const found = (await navigator.serial.getPorts()).find(same);
        if (found) finish(found);
      };
      const finish = (p) => {
        clearTimeout(timer);
        navigator.serial.removeEventListener('connect', look);
        resolve(p);
      };
      const timer = setTimeout(() => finish(null), RETURN_MS);
      navigator.serial.addEventListener('connect', look);
      look();
    });
    // Disconnect pressed while waiting: stay disconnected.
    if (this.disconnected) return;
    try {
      if (!port) throw new Error('not back');
      this.port = port;
      await this.open(ROM_BAUD);
      this.setConnected(true);
      said(`Connected again to the ${this.chip?.family ?? 'board'} (it came back as a new USB port).`);
      this.toTerminal();
    } catch {
      const chip = this.chip?.family ?? 'board';
      const known = this.chip;
      this.reset();
      this.rejoin = { chip: known, usbVendorId, usbProductId };
      said(`The board restarted as a new USB port that this page may not open by itself. Click Connect again and pick the same board (${chip}).`);
    }
  }

  send(data) {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    this.writer?.write(bytes).catch(() => {});
  }

  /** Drive one flasher job to its end; resolves with its summary, or null after a failure. */
  async job(job) {
    this.job_ = job;
    this.busy = true;
    this.failure = null;
    this.moved = false;
    this.portLost = false;
    const bar = $('progress');
    let rate = null;
    try {
      let painted = performance.now();
      for (;;) {
        // A fast port answers within microtasks: give the page a task now and then to paint.
        if (performance.now() - painted > 30) {
          await new Promise((r) => setTimeout(r, 0));
          painted = performance.now();
        }
        const a = job.poll(performance.now());
        switch (a.kind) {
          case 'send': await this.writer.write(a.bytes); break;
          case 'lines': await this.port.setSignals({ dataTerminalReady: a.dtr, requestToSend: a.rts }); break;
          case 'dtr': await this.port.setSignals({ dataTerminalReady: a.value }); break;
          case 'rts': await this.port.setSignals({ requestToSend: a.value }); break;
          case 'flush': break;
          case 'baud': await this.reopen(a.value); break;
          case 'wait': await this.waitUntil(a.until); break;
          case 'progress': rate = this.showProgress(a, rate, bar); break;
          case 'notice': this.status(a.message); break;
          case 'done': return a;
          case 'failed': this.fail(a); return null;
          default: return null;
        }
      }
    } catch {
      // The port failed under us (unplugged, closed by the system): the flasher says what
      // that means at the point it had reached.
      job.port_lost();
      this.portLost = true;
      for (let i = 0; i < 10000; i++) {
        const a = job.poll(performance.now());
        if (a.kind === 'failed') { this.fail(a); break; }
        if (a.kind === 'done') return a;
      }
      return null;
    } finally {
      this.job_ = null;
      this.busy = false;
      if (this.portLost) {
        // The job's failure says what happened; the panel is ready for Connect again.
        await this.closeStreams().catch(() => {});
        this.page.notice('--- the board was disconnected ---');
        this.reset();
      }
      // The program after the reset talks at the ROM's rate. A board that left USB as it
      // reset is found again by refind.
      if (this.baud !== ROM_BAUD && this.port && this.reading) await this.reopen(ROM_BAUD).catch(() => { this.refind(); });
    }
  }

  /** Show a failed job's message with the page's advice; steps for download mode by hand. */
  fail({ message, hint }) {
    this.failure = { message, hint };
    this.status(`${message} ${ADVICE[hint] ?? ''}`.trim());
    if (hint === 'hold-boot' || hint === 'choose-other-port') $('manual-steps').open = true;
  }

  /** Until `until` (performance.now() ms) or until bytes arrive, whichever is first. */
  waitUntil(until) {
    return new Promise((resolve) => {
      const t = setTimeout(() => this.wake(), Math.max(0, until - performance.now()));
      this.wake = () => { clearTimeout(t); this.wake = null; resolve(); };
    });
  }

  showProgress(p, rate, bar) {
    if (p.stage === 'writing' || p.stage === 'reading') this.moved = true;
    if (p.stage === 'connecting') {
      this.status(p.done === 0 ? 'Connecting…' : `Connecting… (try ${p.done + 1}: resetting the board into its bootloader)`);
      return rate;
    }
    const now = performance.now();
    rate ??= { t0: now, d0: p.done };
    const secs = (now - rate.t0) / 1000;
    const bps = secs > 0.2 ? Math.round((p.done - rate.d0) / secs) : 0;
    const pct = p.total ? Math.floor((100 * p.done) / p.total) : 0;
    bar.max = p.total || 1;
    bar.value = p.done;
    this.speed = bps ? ` · ${(bps / 1024).toFixed(1)} KB/s` : '';
    $('progress-text').textContent = `${p.stage} ${pct}%${this.speed}`;
    return rate;
  }

  showChip(s) {
    this.chip = s;
    $('chip').textContent = `${s.family} · MAC ${s.mac} · ${s.flashSize / (1 << 20)} MB flash`;
    $('chip').dataset.chip = s.chip;
    this.status('Connected. The terminal now talks to the board.');
  }

  toTerminal() {
    this.page.notice(`--- the terminal is connected to the board (${this.chip?.family ?? 'serial'}); Disconnect returns to the virtual board ---`);
    this.page.keys((data) => this.send(data));
  }

  /** The regions to write: a picked .bin file, a manifest URL, or Ferrite's own firmware. */
  async image() {
    const file = $('firmware-file').files?.[0];
    if (file) {
      const addr = Number.parseInt($('firmware-addr').value || '0', 16);
      if (!Number.isFinite(addr) || addr < 0) throw new Error('the address is not a hex number such as 0x10000');
      return [[addr, new Uint8Array(await file.arrayBuffer())]];
    }
    const url = new URL($('manifest-url').value.trim() || 'firmware/manifest.json', location.href);
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`no firmware at ${url} (${resp.status}): pick a .bin file instead`);
    const manifest = await resp.json();
    const family = this.chip?.family ?? 'this chip';
    const build = manifest.builds?.find((b) => b.chipFamily === family);
    if (!build) {
      const has = (manifest.builds ?? []).map((b) => b.chipFamily).filter(Boolean).join(', ') || 'no chip';
      throw new Error(`this manifest has firmware for ${has} but the board is an ${family}: use the manifest for ${family}`);
    }
    const parts = [];
    for (const part of build.parts ?? []) {
      const r = await fetch(new URL(part.path, url));
      if (!r.ok) throw new Error(`${part.path} could not be downloaded (${r.status})`);
      parts.push([Number(part.offset), new Uint8Array(await r.arrayBuffer())]);
    }
    return parts;
  }

  async flash() {
    if (this.busy) return;
    let regions;
    try {
      regions = await this.image();
    } catch (e) {
      this.status(`Nothing flashed: ${e.message}.`);
      document.body.dataset.flash = 'failed';
      return;
    }
    const make = (baud) => {
      const job = new FlashJob('flash', this.before(), true, baud);
      for (const [addr, data] of regions) job.add_region(addr, data);
      return job;
    };
    await this.runJob(make, 'Flashing…', (s) => `Flashed and verified ${s.written} bytes. ${this.restarted()}`);
  }

  async erase() {
    if (this.busy || !confirm('Erase the whole flash of the board (its firmware and files)?')) return;
    await this.runJob((baud) => new FlashJob('erase', this.before(), true, baud), 'Erasing…', () => 'The flash is erased.');
  }

  restarted() {
    return this.before() === 'no-reset' ? 'Press RESET on the board (without BOOT) to start it.' : 'The board restarted.';
  }

  /** Read a range of flash (whole by default; MD5-checked by the flasher) and offer it as a download. */
  async backup() {
    if (this.busy) return;
    const hex = (id) => $(id).value.trim().replace(/^0x/i, '');
    const [addrText, sizeText] = [hex('backup-addr'), hex('backup-size')];
    const addr = addrText ? Number.parseInt(addrText, 16) : 0;
    const size = sizeText ? Number.parseInt(sizeText, 16) : 0;
    if (!/^[0-9a-f]*$/i.test(addrText + sizeText) || !(addr >= 0 && addr < 2 ** 32) || !(size >= 0 && size < 2 ** 32)) {
      this.status('Nothing read: the backup address and size must be hex numbers such as 0x10000 (size empty: to the end of the flash).');
      return;
    }
    let job;
    const make = (baud) => {
      job = new FlashJob('read', this.before(), true, baud);
      job.read_range(addr, size);
      return job;
    };
    await this.runJob(make, 'Reading the flash…', (s) => {
      const whole = addr === 0 && size === 0;
      const name = whole ? `ferrite-${s.chip}-backup.bin` : `ferrite-${s.chip}-0x${addr.toString(16)}-0x${(addr + s.written).toString(16)}.bin`;
      const data = job.take_read();
      const url = URL.createObjectURL(new Blob([data], { type: 'application/octet-stream' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      return `Saved the board's ${data.length} bytes of flash as ${name} (MD5 checked). ${this.restarted()}`;
    });
  }

  /**
   * Run the job `make(baud)` builds at the speed chosen in Speed. A board that does not answer
   * at that speed before anything was written is tried once more at 115200.
   */
  async runJob(make, doing, doneText) {
    this.result = null;
    this.page.keys(null);
    this.status(doing);
    this.speed = '';
    document.body.dataset.flash = 'busy';
    const baud = Number($('baud').value) || DEFAULT_SPEED;
    let done = await this.job(make(baud));
    let slower = '';
    if (!done && this.port && this.failure?.hint === 'lower-baud' && !this.moved && baud > ROM_BAUD) {
      slower = ` (The board did not answer at ${baud} baud, so this ran at 115200: choose 115200 in Speed to skip the retry.)`;
      this.status(`${this.failure.message} Trying again at 115200…`);
      done = await this.job(make(ROM_BAUD));
    }
    document.body.dataset.flash = done ? 'done' : 'failed';
    if (!done) {
      $('progress').value = 0;
      $('progress-text').textContent = 'failed';
    }
    if (done) {
      $('progress-text').textContent = `done 100%${this.speed ?? ''}`;
      this.showChip(done);
      this.status(doneText(done) + slower);
    }
    this.result = $('board-status').textContent;
    if (this.port) this.toTerminal();
  }

  /** Run `fn(raw)` inside the raw REPL, then back to the friendly REPL. */
  async withRaw(fn) {
    if (this.busy || !this.port) return null;
    this.busy = true;
    this.raw = new RawRepl((d) => this.send(d));
    try {
      await this.raw.enter();
      return await fn(this.raw);
    } catch (e) {
      this.status(e.message);
      return null;
    } finally {
      // Ctrl-B prints the banner again: keep it out of the terminal, up to the prompt.
      this.raw.leave();
      await this.raw.until('>>> ', 1000).catch(() => {});
      this.raw = null;
      this.busy = false;
    }
  }

  async runOnBoard() {
    const term = this.page.term;
    const r = await this.withRaw((raw) => raw.exec(this.page.code(), (t) => term.write(t), 0));
    if (r) this.status(r.err ? 'The program stopped with an error (see the terminal).' : 'The program finished on the board.');
  }

  async saveMain() {
    const code = this.page.code();
    const ok = await this.withRaw(async (raw) => {
      await raw.exec("f=open('main.py','w')");
      for (let i = 0; i < code.length; i += 512) await raw.exec(`f.write(${pyString(code.slice(i, i + 512))})`);
      const { err } = await raw.exec('f.close()');
      return !err;
    });
    if (ok) this.status('Saved as main.py: the board runs it at every reset.');
    await this.listFiles();
  }

  async listFiles() {
    const r = await this.withRaw((raw) => raw.exec('import os\nfor n in os.listdir():print(n)'));
    const list = $('files');
    list.replaceChildren();
    if (!r || r.err) return;
    for (const name of r.out.split(/\r?\n/).filter(Boolean)) {
      const li = document.createElement('li');
      const open = document.createElement('button');
      open.textContent = name;
      open.title = `Open ${name} in the editor`;
      open.addEventListener('click', () => this.openFile(name));
      const del = document.createElement('button');
      del.textContent = '×';
      del.title = `Delete ${name} from the board`;
      del.addEventListener('click', () => this.deleteFile(name));
      li.append(open, del);
      list.append(li);
    }
  }

  async openFile(name) {
    const r = await this.withRaw((raw) => raw.exec(`print(open(${pyString(name)}).read(),end='')`));
    if (r && !r.err) this.page.setCode(r.out.replace(/\r\n/g, '\n'));
    else if (r) this.status(`${name} could not be read: ${r.err.trim().split('\n').pop()}`);
  }

  async deleteFile(name) {
    if (!confirm(`Delete ${name} from the board?`)) return;
    await this.withRaw((raw) => raw.exec(`import os\nos.remove(${pyString(name)})`));
    await this.listFiles();
  }

  async disconnect() {
    this.disconnected = true;
    this.rejoin = null;
    const port = this.port;
    if (port) {
      await this.closeStreams().catch(() => {});
      this.page.notice('--- disconnected: the terminal is the virtual board again ---');
    }
    this.reset();
  }

  reset() {
    this.port = null;
    this.reading = null;
    this.chip = null;
    this.page.keys(null);
    this.setConnected(false);
    $('chip').textContent = '';
    $('files').replaceChildren();
  }
}

