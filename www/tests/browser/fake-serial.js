// Test only (a Playwright init script): a fake `navigator.serial` whose port is wired to the
// simulated board (the flasher's simulated ROM, then Ferrite's REPL after a hard reset) built to
// wasm with feature `sim` and served by the test at /sim/. The board is `window.__sim` once a
// port is first opened, so tests can read its flash and inject faults.
//
// `window.__serialConfig` (set by an earlier init script) picks the board: `usb` — the chip's
// own USB-Serial/JTAG port (Espressif's vendor id), which drops off the bus when the chip
// starts its program and comes back as a new SerialPort; `keepPermission: false` — the port
// that comes back is not in getPorts() (the page must ask again); `autoReset: false` — a UART
// board without the DTR/RTS reset circuit (BOOT and RESET by hand: `window.__fake.pressReset`).
(() => {
  const config = { usb: false, keepPermission: true, autoReset: true, ...(window.__serialConfig ?? {}) };
  const ids = config.usb ? { usbVendorId: 0x303a, usbProductId: 0x1001 } : { usbVendorId: 0x10c4, usbProductId: 0xea60 };
  const serial = new EventTarget();
  const lostError = () => new DOMException('The device has been lost.', 'NetworkError');
  let sim = null;
  async function board() {
    if (!sim) {
      const mod = await import(new URL('sim/webflash.js', location.href).href);
      await mod.default({ module_or_path: new URL('sim/webflash_bg.wasm', location.href) });
      sim = new mod.SimBoard('esp32c3');
      sim.set_usb(config.usb);
      window.__sim = sim;
    }
    return sim;
  }

  /** Baud rates the page opened ports at, in order. */
  window.__serialOpens = [];
  /** How many times a USB board came back on the bus. */
  window.__serialReturns = 0;

  class FakePort extends EventTarget {
    constructor() {
      super();
      this.readable = null;
      this.writable = null;
      this.dtr = false;
      this.rts = false;
      this.lost = false;
    }

    getInfo() {
      return { ...ids };
    }

    async open({ baudRate }) {
      if (this.lost) throw lostError();
      if (this.readable) throw new DOMException('The port is already open.', 'InvalidStateError');
      if (!baudRate) throw new TypeError('baudRate is required');
      const b = await board();
      window.__serialOpens.push(baudRate);
      let ctrl;
      const pump = () => {
        if (this.lost) return;
        b.step();
        if (b.gone()) { this.drop(); return; }
        const out = b.take_output();
        if (out.length) ctrl.enqueue(out);
      };
      this.readable = new ReadableStream({ start: (c) => { ctrl = c; }, cancel: () => this.stop() });
      this.writable = new WritableStream({
        write: (chunk) => {
          if (this.lost) throw lostError();
          b.feed(chunk);
          pump();
        },
      });
      this.timer = setInterval(pump, 4);
      this.ctrl = ctrl;
    }

    async setSignals(s) {
      if (this.lost) throw lostError();
      if (!this.readable) throw new DOMException('The port is closed.', 'InvalidStateError');
      if ('dataTerminalReady' in s) this.dtr = s.dataTerminalReady;
      if ('requestToSend' in s) this.rts = s.requestToSend;
      // Without the reset circuit the lines reach nothing (USB-Serial/JTAG decodes them in the chip).
      if (!config.autoReset && !config.usb) return;
      const b = await board();
      const boots = b.app_boots();
      b.set_lines(this.dtr, this.rts);
      if (config.usb && b.app_boots() !== boots) reenumerate();
    }

    stop() {
      clearInterval(this.timer);
      this.timer = 0;
    }

    async close() {
      this.stop();
      try { this.ctrl?.close(); } catch { /* cancelled or errored already */ }
      this.readable = null;
      this.writable = null;
    }

    /** The device left the bus: its streams fail, as Chrome's do, and it never opens again. */
    drop() {
      if (this.lost) return;
      this.lost = true;
      this.stop();
      try { this.ctrl?.error(lostError()); } catch { /* closed already */ }
      this.dispatchEvent(new Event('disconnect'));
      serial.dispatchEvent(new Event('disconnect'));
    }
  }

  let port = new FakePort();
  let permitted = [];

  /** A USB-Serial/JTAG chip that resets leaves the bus and comes back as a new port. */
  function reenumerate() {
    const old = port;
    setTimeout(() => {
      old.drop();
      permitted = permitted.filter((p) => p !== old);
      setTimeout(async () => {
        // What the chip printed while no host listened is lost.
        (await board()).take_output();
        port = new FakePort();
        if (config.keepPermission) permitted.push(port);
        window.__serialReturns += 1;
        serial.dispatchEvent(new Event('connect'));
      }, 300);
    }, 20);
  }

  window.__fake = {
    /** Press RESET on the board, holding BOOT (`boot`) or not. */
    async pressReset(boot) {
      (await board()).press_reset(boot);
      if (config.usb) reenumerate();
    },
  };

  serial.requestPort = async () => {
    if (!permitted.includes(port)) permitted.push(port);
    return port;
  };
  serial.getPorts = async () => [...permitted];
  Object.defineProperty(navigator, 'serial', { value: serial });
})();
