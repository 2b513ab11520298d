// The terminal's model under Node: the bytes MicroPython's REPL sends give the screen it shows.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BOLD, DIM, Screen, bgOf, fgOf } from '../src/screen.js';

const text = (s) => s.lines.map((_, i) => s.lineText(i)).join('\n');

test('text, CR LF and a bare LF start new lines', () => {
  const s = new Screen();
  s.write('MicroPython\r\n>>> print(1)\r\n1\n>>> ');
  assert.equal(text(s), 'MicroPython\n>>> print(1)\n1\n>>>');
  assert.deepEqual([s.row, s.col], [3, 4]);
});

test("readline's edits: backspace, cursor back and erase to end of line", () => {
  const s = new Screen();
  // Type "x = 12", Backspace (BS then erase to end of line), then move left 5.
  s.write('>>> x = 12');
  s.write('\b\x1b[K');
  assert.equal(text(s), '>>> x = 1');
  s.write('\x1b[5D');
  assert.equal(s.col, 4);
  // Insert before the cursor: the rest of the line is redrawn and the cursor moved back.
  s.write('yx = 1\x1b[5D');
  assert.equal(text(s), '>>> yx = 1');
  assert.equal(s.col, 5);
  // History recall: back to the prompt, erase, new text.
  s.write('\b\x1b[Kx + 2');
  assert.equal(text(s), '>>> x + 2');
});

test('long lines are never cut, so cursor moves stay on them', () => {
  const s = new Screen();
  const long = 'a'.repeat(300);
  s.write(`>>> ${long}\x1b[300Db`);
  assert.equal(text(s), `>>> b${'a'.repeat(299)}`);
});

test('SGR colours and attributes; reset', () => {
  const s = new Screen();
  s.write('\x1b[2mdim\x1b[0m \x1b[1;31mred\x1b[42mon green\x1b[39;49m plain');
  const line = s.lines[0];
  assert.ok(line.styles[0] & DIM);
  assert.equal(line.styles[3], 0);
  assert.ok(line.styles[4] & BOLD);
  assert.equal(fgOf(line.styles[4]), 2);
  assert.equal(bgOf(line.styles[7]), 3);
  assert.equal(fgOf(line.styles.at(-1)), 0);
  assert.equal(bgOf(line.styles.at(-1)), 0);
  assert.equal(text(s), 'dim redon green plain');
});

test('UTF-8 text, tabs and unknown sequences', () => {
  const s = new Screen();
  s.write('é→\tx\x1b[?25l\x1b[5n\x1b]junk\x07ok');
  assert.equal(text(s), 'é→      xjunkok');
});

test('scrollback drops the oldest lines and reports them', () => {
  const s = new Screen({ rows: 3, scrollback: 5 });
  s.takeChanges();
  for (let i = 0; i < 8; i++) s.write(`line ${i}\n`);
  assert.equal(s.lines.length, 5);
  assert.equal(s.lineText(0), 'line 4');
  const { dropped, dirty } = s.takeChanges();
  assert.equal(dropped, 4);
  for (const l of dirty) assert.ok(s.lines.includes(l));
});

test('clear screen, home and bounded parameters', () => {
  const s = new Screen({ rows: 2 });
  s.write('a\nb\nc\x1b[2J\x1b[Hz');
  assert.equal(s.lineText(s.row), 'z');
  s.write(`\x1b[${'9'.repeat(40)}C!`);
  assert.ok(s.col <= 4097);
  s.write('\x1b[999999999A');
  assert.ok(s.row >= 0);
});
