// The editor arrives after the REPL prompt (its own bundle): what is typed before it loads is
// kept, and once loaded it highlights and indents Python.
import test from 'node:test';
import assert from 'node:assert/strict';
import { editorText, launch, open, setCode, shot, waitForTerminal } from './harness.mjs';

test('text typed before CodeMirror loads is kept, with the caret and focus', async () => {
  const browser = await launch();
  try {
    // Hold CodeMirror's bundle back until the test has typed into the plain editor.
    let release;
    const gate = new Promise((r) => { release = r; });
    await browser.context.route('**/editor.js', async (route) => { await gate; await route.continue(); });
    const page = await open(browser.context);
    assert.equal(await page.$('[data-testid="editor"] .cm-content'), null, 'CodeMirror is held back');
    await page.click('[data-testid="editor"] .editor-placeholder');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('x = 6 * 7\nprint("typed", x)');
    release();
    await page.waitForSelector('[data-testid="editor"] .cm-content');
    assert.equal(await page.$('[data-testid="editor"] .editor-placeholder'), null);
    assert.equal(await editorText(page), 'x = 6 * 7\nprint("typed", x)');
    // CodeMirror has the focus and the caret where typing stopped: typing goes on from there.
    await page.keyboard.type('  # more');
    assert.equal(await editorText(page), 'x = 6 * 7\nprint("typed", x)  # more');
    await page.click('[data-testid="run"]');
    await waitForTerminal(page, 'typed 42');
    assert.deepEqual(page.jsErrors, []);
  } finally {
    await browser.close();
  }
});

test('Python is highlighted and Enter indents after a colon', async () => {
  const browser = await launch();
  try {
    const page = await open(browser.context);
    await setCode(page, 'def f(x):');
    await page.keyboard.press('Enter');
    await page.keyboard.type('return "s" + str(x)  # note');
    assert.equal(await editorText(page), 'def f(x):\n    return "s" + str(x)  # note');
    // Keyword, string and comment each in a token span of its own colour.
    const colour = (text) => page.$$eval('[data-testid="editor"] .cm-line span', (spans, t) => {
      const s = spans.find((e) => e.textContent === t);
      return s ? getComputedStyle(s).color : null;
    }, text);
    const [kw, str, comment] = [await colour('def'), await colour('"s"'), await colour('# note')];
    assert.ok(kw && str && comment, `token spans: ${kw}, ${str}, ${comment}`);
    assert.equal(new Set([kw, str, comment]).size, 3);
    await shot(page, 'editor');
  } finally {
    await browser.close();
  }
});
