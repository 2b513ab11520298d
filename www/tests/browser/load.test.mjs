// The page's start-up order: the prompt first, then what it does not need (main.js,
// `afterPrompt`) — the board, the Examples menu, CodeMirror — each still arriving and working.
import test from 'node:test';
import assert from 'node:assert/strict';
import { editorText, launch, open, shot } from './harness.mjs';

test('the board, Examples and the editor arrive after the prompt and work', async () => {
  const browser = await launch();
  try {
    const page = await open(browser.context);
    // Run at once, on the first program (blink, a fresh profile has no autosave): the board may
    // not be drawn yet, but the VM's board is, and the drawing shows it when it arrives.
    await page.click('[data-testid="run"]');
    await page.waitForSelector('[data-part="led:2"][data-state="on"]', { timeout: 5000 });
    const order = await page.evaluate(() => ['ferrite-ready', 'ferrite-board', 'ferrite-editor']
      .map((n) => performance.getEntriesByName(n)[0]?.startTime ?? null));
    await page.waitForSelector('[data-testid="editor"] .cm-content');
    const [ready, board] = order;
    assert.ok(ready !== null && board !== null && ready < board, `prompt ${ready} ms before the board ${board} ms`);
    for (const part of ['led:2', 'button:0', 'neopixel', 'oled', 'servo', 'buzzer', 'pot']) {
      assert.ok(await page.$(`[data-part="${part}"]`), `part ${part} is drawn`);
    }
    // The board took the room kept for it: nothing below it moved when it arrived.
    const { width, height } = await page.$eval('[data-testid="board"] svg', (s) => s.getBoundingClientRect());
    assert.ok(Math.abs(width / height - 480 / 330) < 0.02, `board drawn at ${width}×${height}`);
    await page.click('[data-testid="stop"]');
    await page.selectOption('[data-testid="examples"]', 'fizzbuzz');
    assert.match(await editorText(page), /def fizzbuzz/);
    await shot(page, 'after-prompt');
    assert.deepEqual(page.jsErrors, []);
  } finally {
    await browser.close();
  }
});
