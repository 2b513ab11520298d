// Test only (a Playwright init script): a fake `navigator.serial` whose one port is wired to the
// simulated board (the flasher's simulated ROM, then Ferrite's REPL after a hard reset) built to
// wasm with feature `sim` and served by the test at /sim/. The board is `window.__sim` once the
// port is first opened, so tests can read its flash and inject faults.
(() => {
  let sim = null;
  async function board() {
    if (!sim) {
      const mod = await import(new URL('sim/webflash.js', location.href).href);
      await mod.default({ module_or_path: new URL('sim/webflash_bg.wasm', location.href) });
      sim = new mod.SimBoard('esp32c3');
      window.__sim = sim;
    }
    return sim;
  }

  class FakePort extends EventTarget {
    constructor() {
      super();
      this.readable = null;
      this.writable = null;
      this.dtr = false;
      this.rts = false;
    }

    getInfo() {
      return { usbVendorId: 0x10c4, usbProductId: 0xea60 };
    }

    async open({ baudRate }) {
      if (this.readable) throw new DOMException('The port is already open.', 'InvalidStateError');
      if (!baudRate) throw new TypeError('baudRate is required');
      const b = await board();
      let ctrl;
      const pump = () => {
        b.step();
        const out = b.take_output();
        if (out.length) ctrl.enqueue(out);
      };
      this.readable = new ReadableStream({ start: (c) => { ctrl = c; }, cancel: () => this.stop() });
      this.writable = new WritableStream({ write: (chunk) => { b.feed(chunk); pump(); } });
      this.timer = setInterval(pump, 4);
      this.ctrl = ctrl;
    }

    async setSignals(s) {
      if (!this.readable) throw new DOMException('The port is closed.', 'InvalidStateError');
      if ('dataTerminalReady' in s) this.dtr = s.dataTerminalReady;
      if ('requestToSend' in s) this.rts = s.requestToSend;
      (await board()).set_lines(this.dtr, this.rts);
    }

    stop() {
      clearInterval(this.timer);
      this.timer = 0;
    }

    async close() {
      this.stop();
      try { this.ctrl?.close(); } catch { /* cancelled already */ }
      this.readable = null;
      this.writable = null;
    }
  }

  const port = new FakePort();
  Object.defineProperty(navigator, 'serial', {
    value: { requestPort: async () => port, getPorts: async () => [port], addEventListener() {}, removeEventListener() {} },
  });
})();
