// The user's side of the board: buttons and the pot go through the Rust board model and come
// back in the per-frame snapshot the page draws.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot } from './harness.mjs';

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser?.close(); });

test('the parts start in the board reset state', async () => {
  const page = await open(browser.context);
  const states = await page.$$eval('[data-part]', (ps) => Object.fromEntries(ps.map((p) => [p.dataset.part, p.dataset.state])));
  assert.deepEqual(
    Object.fromEntries(Object.entries(states).filter(([k]) => k !== 'oled')),
    { 'led:2': 'off', 'led:25': 'off', 'led:26': 'off', 'led:27': 'off', 'button:0': 'released', 'button:4': 'released',
      neopixel: '0', servo: 'none', buzzer: 'off', pot: '0' },
  );
  assert.equal(await page.getAttribute('[data-part="oled"]', 'data-lit'), '0');
});

test('buttons press with the pointer and the keyboard', async () => {
  const page = await open(browser.context);
  const boot = page.locator('[data-part="button:0"]');
  await boot.dispatchEvent('pointerdown');
  await page.waitForSelector('[data-part="button:0"][data-state="pressed"]');
  await shot(page, 'button-pressed');
  await boot.dispatchEvent('pointerup');
  await page.waitForSelector('[data-part="button:0"][data-state="released"]');
  await page.focus('[data-part="button:4"]');
  await page.keyboard.down(' ');
  await page.waitForSelector('[data-part="button:4"][data-state="pressed"]');
  await page.keyboard.up(' ');
  await page.waitForSelector('[data-part="button:4"][data-state="released"]');
});

test('the pot turns with the keyboard and keeps its value through Reset', async () => {
  const page = await open(browser.context);
  await page.focus('[data-part="pot"]');
  await page.keyboard.press('End');
  await page.waitForSelector('[data-part="pot"][data-state="65535"]');
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('[data-part="pot"][data-state="63487"]');
  await page.click('[data-testid="reset"]');
  await page.waitForTimeout(100);
  await page.waitForSelector('[data-part="pot"][data-state="63487"]');
});
