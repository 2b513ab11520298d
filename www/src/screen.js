// The terminal's text model, without the DOM (unit-tested under Node): the part of VT100 that
// MicroPython's REPL and a student's program send — text, CR, LF (as CR LF), BS, TAB, cursor
// moves (CSI n A/B/C/D, H), erase (CSI K, CSI 2J) and SGR colours. Lines are logical, never cut
// at a width: the page wraps them, so readline's cursor moves stay on one line however long it is.

/** Style bits of a cell: fg colour index + 1 (0 = default), bg colour index + 1, attributes. */
const FG = 0x1f;
const BG_SHIFT = 5;
export const BOLD = 1 << 10;
export const DIM = 1 << 11;
export const UNDERLINE = 1 << 12;
export const INVERSE = 1 << 13;

export const fgOf = (style) => style & FG;
export const bgOf = (style) => (style >> BG_SHIFT) & FG;

function newLine() {
  return { chars: [], styles: [] };
}

export class Screen {
  /** `rows`: the visible height (for CSI H and 2J); `scrollback`: lines kept in all. */
  constructor({ rows = 14, scrollback = 2000 } = {}) {
    this.rows = rows;
    this.scrollback = scrollback;
    this.reset();
  }

  reset() {
    this.lines = [newLine()];
    this.row = 0;
    this.col = 0;
    this.style = 0;
    /** Lines changed since `takeChanges`, and how many were dropped from the top meanwhile. */
    this.dirty = new Set(this.lines);
    this.dropped = 0;
    this.state = 'text';
    this.params = '';
  }

  /** What changed since the last call, for the view to redraw. */
  takeChanges() {
    const changes = { dirty: this.dirty, dropped: this.dropped };
    this.dirty = new Set();
    this.dropped = 0;
    return changes;
  }

  write(text) {
    for (const ch of text) {
      if (this.state === 'text') this.text(ch);
      else if (this.state === 'esc') this.state = ch === '[' ? 'csi' : 'text';
      else if (ch >= '@' && ch <= '~') { this.csi(ch); this.state = 'text'; }
      else if (this.params.length < 32) this.params += ch;
      else this.state = 'text'; // an endless sequence: drop it
    }
  }

  text(ch) {
    const c = ch.codePointAt(0);
    if (c >= 0x20 && c !== 0x7f) { this.put(ch); return; }
    switch (ch) {
      case '\x1b': this.state = 'esc'; this.params = ''; break;
      case '\r': this.col = 0; break;
      case '\n': this.col = 0; this.moveRow(1, true); break;
      case '\b': this.col = Math.max(0, this.col - 1); break;
      case '\t': this.col = Math.min((this.col >> 3) * 8 + 8, 4096); break;
      default: break; // BEL and other controls draw nothing
    }
  }

  put(ch) {
    const line = this.lines[this.row];
    while (line.chars.length < this.col) { line.chars.push(' '); line.styles.push(0); }
    line.chars[this.col] = ch;
    line.styles[this.col] = this.style;
    this.col++;
    this.dirty.add(line);
  }

  /** Down (`n` > 0) or up; going down past the last line adds lines when `grow`. */
  moveRow(n, grow) {
    const top = Math.max(0, this.lines.length - this.rows);
    this.row = Math.max(top, this.row + n);
    while (this.row >= this.lines.length) {
      if (!grow) { this.row = this.lines.length - 1; break; }
      const line = newLine();
      this.lines.push(line);
      this.dirty.add(line);
    }
    while (this.lines.length > this.scrollback) {
      this.dirty.delete(this.lines.shift());
      this.row--;
      this.dropped++;
    }
  }

  csi(final) {
    const args = this.params.replace(/^\?/, '').split(';').map((p) => Number.parseInt(p, 10));
    const n = Math.min(args[0] > 0 ? args[0] : 1, 4096);
    const line = this.lines[this.row];
    switch (final) {
      case 'A': this.moveRow(-n, false); break;
      case 'B': this.moveRow(n, false); break;
      case 'C': this.col = Math.min(this.col + n, 4096); break;
      case 'D': this.col = Math.max(0, this.col - n); break;
      case 'G': this.col = n - 1; break;
      case 'H': case 'f': {
        const top = Math.max(0, this.lines.length - this.rows);
        this.row = top;
        this.moveRow(n - 1, true);
        this.col = Math.min(args[1] > 0 ? args[1] - 1 : 0, 4096);
        break;
      }
      case 'K': {
        const mode = args[0] || 0;
        if (mode === 0) { line.chars.length = Math.min(line.chars.length, this.col); line.styles.length = line.chars.length; }
        else for (let i = 0; i < Math.min(mode === 1 ? this.col + 1 : Infinity, line.chars.length); i++) { line.chars[i] = ' '; line.styles[i] = 0; }
        this.dirty.add(line);
        break;
      }
      case 'J':
        if (args[0] === 2 || args[0] === 3) {
          // Clear the screen: the old text scrolls away, as in xterm.
          for (let i = 0; i < this.rows; i++) this.moveRow(1, true);
          this.row = Math.max(0, this.lines.length - this.rows);
          this.col = 0;
        }
        break;
      case 'm': this.sgr(this.params === '' ? [0] : args.map((a) => (Number.isNaN(a) ? 0 : a))); break;
      default: break; // other sequences change nothing here
    }
  }

  sgr(args) {
    let s = this.style;
    for (const a of args) {
      if (a === 0) s = 0;
      else if (a === 1) s |= BOLD;
      else if (a === 2) s |= DIM;
      else if (a === 4) s |= UNDERLINE;
      else if (a === 7) s |= INVERSE;
      else if (a === 22) s &= ~(BOLD | DIM);
      else if (a === 24) s &= ~UNDERLINE;
      else if (a === 27) s &= ~INVERSE;
      else if (a >= 30 && a <= 37) s = (s & ~FG) | (a - 30 + 1);
      else if (a >= 90 && a <= 97) s = (s & ~FG) | (a - 90 + 9);
      else if (a === 39) s &= ~FG;
      else if (a >= 40 && a <= 47) s = (s & ~(FG << BG_SHIFT)) | ((a - 40 + 1) << BG_SHIFT);
      else if (a >= 100 && a <= 107) s = (s & ~(FG << BG_SHIFT)) | ((a - 100 + 9) << BG_SHIFT);
      else if (a === 49) s &= ~(FG << BG_SHIFT);
    }
    this.style = s;
  }

  /** The text of line `i` with trailing spaces removed (for tests). */
  lineText(i) {
    return this.lines[i].chars.join('').trimEnd();
  }
}
