// The raw-REPL client against scripted board replies (the bytes MicroPython's pyexec sends).
import test from 'node:test';
import assert from 'node:assert/strict';
import { RawRepl, pyString } from '../src/rawrepl.js';

/** A client whose board answers each write with `reply(text)` (what the board sends back). */
function client(reply) {
  const sent = [];
  const repl = new RawRepl((d) => {
    const text = typeof d === 'string' ? d : new TextDecoder().decode(d);
    sent.push(text);
    const r = reply(text);
    if (r) setTimeout(() => repl.feed(r), 1);
  });
  return { repl, sent };
}

test('enter, exec and output streamed as it comes', async () => {
  const { repl, sent } = client((t) => {
    if (t === '\x01') return 'raw REPL; CTRL-B to exit\r\n>';
    if (t === '\x04') return 'OK';
    return null;
  });
  await repl.enter();
  const chunks = [];
  const done = repl.exec('print(1)', (c) => chunks.push(c));
  setTimeout(() => repl.feed('1\r\n2'), 30);
  setTimeout(() => repl.feed('\r\n\x04\x04>'), 60);
  const r = await done;
  assert.equal(r.out, '1\r\n2\r\n');
  assert.equal(r.err, '');
  assert.equal(chunks.join(''), '1\r\n2\r\n');
  assert.equal(sent.filter((s) => s === 'print(1)').length, 1);
});

test('a traceback comes back as err', async () => {
  const { repl } = client((t) => (t === '\x01' ? 'raw REPL; CTRL-B to exit\r\n>' : t === '\x04' ? 'OK\x04Traceback (most recent call last):\r\nNameError: x\r\n\x04>' : null));
  await repl.enter();
  const r = await repl.exec('x');
  assert.equal(r.out, '');
  assert.match(r.err, /NameError/);
});

test('a board that never answers is an error, not a hang', async () => {
  const { repl } = client(() => null);
  await assert.rejects(repl.until('>', 50), /did not answer/);
});

test('pyString makes Python literals of any text', () => {
  assert.equal(pyString('a"b\\c\n'), '"a\\"b\\\\c\\n"');
  assert.equal(pyString('\u2028'), '"\\u2028"');
});
