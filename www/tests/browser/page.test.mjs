// The page without the board: running, stopping, sleeping, tracebacks, sharing, saving, offline.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { editorText, launch, open, setCode, shot, terminalText, waitForTerminal, waitIdle } from './harness.mjs';

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser?.close(); });

test('a program prints to the terminal', async () => {
  const page = await open(browser.context);
  await setCode(page, 'for i in range(3):\n    print("line", i * 7)\n');
  await page.click('[data-testid="run"]');
  await waitIdle(page);
  await waitForTerminal(page, 'line 14');
  const t = await terminalText(page);
  assert.match(t, /line 0\s+line 7\s+line 14/);
  await shot(page, 'print');
  assert.deepEqual(page.jsErrors, []);
});

test('Stop ends while True: pass with KeyboardInterrupt', async () => {
  const page = await open(browser.context);
  await setCode(page, 'while True:\n    pass\n');
  await page.click('[data-testid="run"]');
  await page.waitForSelector('body[data-running="1"]');
  // The page keeps answering while the loop runs: animation frames still come.
  const frames = await page.evaluate(() => new Promise((r) => { let n = 0; const f = () => (++n === 10 ? r(n) : requestAnimationFrame(f)); requestAnimationFrame(f); }));
  assert.equal(frames, 10);
  await page.click('[data-testid="stop"]');
  await waitIdle(page, 2000);
  await waitForTerminal(page, 'KeyboardInterrupt');
  assert.match(await terminalText(page), /File "main\.py", line \d+/);
  await shot(page, 'stop');
});

test('one step that holds the page for seconds asks whether to stop it', async () => {
  const page = await open(browser.context);
  // A catastrophic regex runs inside one native call, a Python key inside sorted() in a nested
  // run: neither ends a slice, so the Stop button cannot be clicked, and the page asks instead.
  const programs = [
    ['import re\nre.match("(a|a)*b", "a" * 40)\n', /line 2\b/],
    ['def key(x):\n    while True:\n        pass\n\nsorted([1, 2], key=key)\n', /line 3, in key/],
  ];
  for (const [i, [code, where]] of programs.entries()) {
    await setCode(page, code);
    // Answered as it opens: the click itself waits on the page the dialog holds.
    const asked = new Promise((resolve) => page.once('dialog', async (d) => {
      const seen = [d.type(), d.message()];
      await d.accept();
      resolve(seen);
    }));
    await page.click('[data-testid="run"]');
    const [type, message] = await asked;
    assert.equal(type, 'confirm');
    assert.match(message, /Stop the program\?/);
    await waitIdle(page, 2000);
    await waitForTerminal(page, 'KeyboardInterrupt');
    assert.match(await terminalText(page), where);
    await shot(page, `long-step-${i}`);
    await page.click('[data-testid="reset"]');
    await page.waitForSelector('body[data-ready="1"]');
  }
  assert.deepEqual(page.jsErrors, []);
});

test('time.sleep does not freeze the page', async () => {
  const page = await open(browser.context);
  await setCode(page, 'import time\nprint("sleeping")\ntime.sleep(30)\nprint("woke")\n');
  await page.click('[data-testid="run"]');
  await waitForTerminal(page, 'sleeping');
  // Clicks are handled during the sleep: the Examples menu loads a program into the editor.
  await page.selectOption('[data-testid="examples"]', 'fizzbuzz');
  assert.match(await editorText(page), /def fizzbuzz/);
  await page.click('[data-testid="stop"]');
  await waitIdle(page, 2000);
  await waitForTerminal(page, 'KeyboardInterrupt');
  assert.doesNotMatch(await terminalText(page), /woke/);
});

test('an uncaught exception highlights its line in the editor', async () => {
  const page = await open(browser.context);
  await setCode(page, 'def f(x):\n    return 10 / x\n\nprint("before")\nf(0)\n');
  await page.click('[data-testid="run"]');
  await waitIdle(page);
  await waitForTerminal(page, 'ZeroDivisionError');
  const marked = await page.$$eval('[data-testid="editor"] .cm-line', (ls) => ls.map((l, i) => [i + 1, l.classList.contains('cm-error-line')]).filter(([, m]) => m).map(([n]) => n));
  // The innermost frame in main.py: line 2, inside f.
  assert.deepEqual(marked, [2]);
  await shot(page, 'traceback');
  // A syntax error points at its own line too.
  await setCode(page, 'x = 1\ny = (2 +\n');
  await page.click('[data-testid="run"]');
  await waitForTerminal(page, 'SyntaxError');
  await page.waitForSelector('.cm-error-line');
});

test('a share link round-trips and is never executed', async () => {
  const page = await open(browser.context);
  const code = 'print("shared <img src=x onerror=alert(1)>")\n# ünïcode\n';
  await setCode(page, code);
  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => location.hash.startsWith('#code='));
  const link = page.url();
  const other = await browser.context.newPage();
  await other.goto(link);
  await other.waitForSelector('body[data-ready="1"]');
  assert.equal(await editorText(other), code);
  // Loaded as text: nothing ran, and the markup stayed characters, not an element.
  await waitForTerminal(other, 'Loaded a shared program');
  assert.doesNotMatch(await terminalText(other), /^shared /m);
  assert.equal(await other.$$eval('img', (is) => is.length), 0);
  await shot(other, 'share');
  await other.close();
});

test('a damaged share link says so and keeps the autosave', async () => {
  const page = await open(browser.context);
  await setCode(page, 'print("my saved work")\n');
  const other = await browser.context.newPage();
  await other.goto(page.url().split('#')[0] + '#code=%3Cscript%3Ealert(1)%3C/script%3E');
  await other.waitForSelector('body[data-ready="1"]');
  await waitForTerminal(other, 'This share link is damaged');
  assert.equal(await editorText(other), 'print("my saved work")\n');
  await other.close();
});

test('reload keeps the code', async () => {
  const page = await open(browser.context);
  await setCode(page, '# kept across reloads\nprint(42)\n');
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]');
  assert.equal(await editorText(page), '# kept across reloads\nprint(42)\n');
});

test('the page reloads offline through its service worker', async () => {
  const page = await open(browser.context);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  await browser.context.setOffline(true);
  try {
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    await setCode(page, 'print("offline", 6 * 7)\n');
    await page.click('[data-testid="run"]');
    await waitForTerminal(page, 'offline 42');
    await shot(page, 'offline');
  } finally {
    await browser.context.setOffline(false);
  }
});

test('the terminal is a REPL: keys, history and Ctrl-C', async () => {
  const page = await open(browser.context);
  await waitForTerminal(page, '>>> ');
  await page.click('[data-testid="terminal"]');
  await page.keyboard.type('x = 6 * 7');
  await page.keyboard.press('Enter');
  await page.keyboard.type('x + 1');
  await page.keyboard.press('Enter');
  await waitForTerminal(page, '43');
  // Up recalls the last line; editing it gives a new one.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await waitForTerminal(page, '44');
  await page.keyboard.type('while True: pass');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-running="1"]');
  await page.keyboard.press('Control+C');
  await waitIdle(page, 2000);
  await waitForTerminal(page, 'KeyboardInterrupt');
  await shot(page, 'repl');
});

test('Download saves main.py and Upload loads one', async () => {
  const page = await open(browser.context);
  const code = 'print("from a file", 2 ** 10)\n# ü\n';
  await setCode(page, code);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download"]')]);
  assert.equal(download.suggestedFilename(), 'main.py');
  assert.equal(readFileSync(await download.path(), 'utf8'), code);

  const uploaded = 'for n in range(2):\n    print("uploaded", n)\n';
  await page.setInputFiles('[data-testid="upload"]', { name: 'main.py', mimeType: 'text/x-python', buffer: Buffer.from(uploaded) });
  await waitForTerminal(page, 'Loaded main.py.');
  assert.equal(await editorText(page), uploaded);
  await page.click('[data-testid="run"]');
  await waitForTerminal(page, 'uploaded 1');

  // A binary file is refused and the editor keeps its text.
  await page.setInputFiles('[data-testid="upload"]', { name: 'firmware.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0xe9, 0xff, 0x00, 0xc3]) });
  await waitForTerminal(page, 'firmware.bin is not UTF-8 text; not loaded.');
  assert.equal(await editorText(page), uploaded);
});
