// MicroPython's raw REPL as a client over any byte stream (the board's serial line): enter with
// Ctrl-A, send the program and Ctrl-D, read "OK", the output up to \x04, the error up to \x04,
// then the ">" prompt (mpremote's protocol). Pure: the caller supplies `write` and feeds text.

const ENTER = 'raw REPL; CTRL-B to exit\r\n>';

export class RawRepl {
  /** `write(text)` sends to the board; received text goes to `feed`. */
  constructor(write) {
    this.write = write;
    this.buf = '';
    this.want = null;
  }

  feed(text) {
    this.buf += text;
    this.check();
  }

  check() {
    const w = this.want;
    if (!w) return;
    const at = this.buf.indexOf(w.marker);
    if (at < 0) {
      // Stream what cannot be part of the marker yet.
      const safe = this.buf.length - (w.marker.length - 1);
      if (w.onText && safe > 0) { w.onText(this.buf.slice(0, safe)); w.text += this.buf.slice(0, safe); this.buf = this.buf.slice(safe); }
      return;
    }
    const text = w.text + this.buf.slice(0, at);
    if (w.onText) w.onText(this.buf.slice(0, at));
    this.buf = this.buf.slice(at + w.marker.length);
    this.want = null;
    clearTimeout(w.timer);
    w.resolve(text);
  }

  /** Text up to `marker` (consumed), streamed to `onText` as it comes when given. */
  until(marker, timeoutMs, onText = null) {
    return new Promise((resolve, reject) => {
      const timer = timeoutMs
        ? setTimeout(() => { this.want = null; reject(new Error('the board did not answer (is a program running? press Stop)')); }, timeoutMs)
        : 0;
      this.want = { marker, resolve, timer, onText, text: '' };
      this.check();
    });
  }

  /** Interrupt whatever runs and enter the raw REPL. */
  async enter() {
    this.write('\r\x03\x03');
    await new Promise((r) => setTimeout(r, 100));
    this.buf = '';
    this.write('\x01');
    await this.until(ENTER, 3000);
  }

  /** Run `code`; its output streams to `onOut`. Resolves with {out, err} (err: the traceback). */
  async exec(code, onOut = null, timeoutMs = 10000) {
    const bytes = new TextEncoder().encode(code);
    // Small pieces with a pause: a board's UART buffer is small and the raw REPL has no flow control.
    for (let i = 0; i < bytes.length; i += 256) {
      this.write(bytes.subarray(i, i + 256));
      await new Promise((r) => setTimeout(r, 5));
    }
    this.write('\x04');
    const ok = await this.until('OK', 3000);
    if (ok.length > 0) throw new Error(`the board refused the program: ${ok.trim()}`);
    const out = await this.until('\x04', timeoutMs, onOut);
    const err = await this.until('\x04', 3000, onOut);
    await this.until('>', 3000);
    return { out, err };
  }

  /** Back to the friendly REPL (its banner and `>>> ` follow). */
  leave() {
    this.write('\x02');
  }
}

/** A Python string literal holding `text` (JSON's escapes are valid in Python strings). */
export function pyString(text) {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
