// The real-board panel end to end: a fake `navigator.serial` (fake-serial.js) wired to the
// simulated board (the flasher's simulated ROM compiled to wasm, then Ferrite's REPL after the
// hard reset). Connect → chip and MAC → Flash → the sim's flash holds the image → the board's
// REPL in the terminal → Run on board → Save as main.py → the files panel; Backup downloads the
// flash. Faults are retried
// or reported, never shown as done; without WebSerial the page says what browser is needed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { URL as SITE, launch, open, setCode, editorText, shot, waitForTerminal } from './harness.mjs';

const SIM = process.env.FERRITE_SIM ?? '../target/www-sim';
const BANNER = 'simulated board';
const ADDR = 0x10000;

/** A page whose `navigator.serial` is the simulated board. */
/** Runs `body` on a page whose navigator.serial is the simulated board, then closes the browser. */
async function withBoard(body) {
  const browser = await launch();
  try {
    await browser.context.route(`${SITE}sim/*`, (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop();
      const type = name.endsWith('.js') ? 'text/javascript' : 'application/wasm';
      return route.fulfill({ path: join(SIM, name), contentType: type });
    });
    await browser.context.addInitScript({ path: 'tests/browser/fake-serial.js' });
    const page = await open(browser.context);
    await page.click('[data-testid="serial-panel"] > summary');
    await body(page);
  } finally {
    await browser.close();
  }
}

/** An ESP32-C3 app image (magic 0xE9, chip id 5) of `len` bytes, half of it incompressible. */
function appImage(len) {
  const img = Buffer.alloc(len);
  let x = 0x2545f491;
  for (let i = 0; i < len; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    img[i] = (i >> 12) % 2 ? x & 0xff : i % 251;
  }
  img[0] = 0xe9; img[1] = 3; img[12] = 5; img[13] = 0;
  return img;
}

async function connect(page) {
  await page.click('[data-testid="connect"]');
  await page.waitForSelector('[data-testid="chip"][data-chip="esp32c3"]', { timeout: 20000 });
}

async function flash(page, image, outcome) {
  await page.setInputFiles('[data-testid="firmware-file"]', { name: 'app.bin', mimeType: 'application/octet-stream', buffer: image });
  await page.fill('[data-testid="firmware-addr"]', ADDR.toString(16));
  await page.evaluate(() => { delete document.body.dataset.flash; });
  await page.click('[data-testid="flash"]');
  await page.waitForSelector(`body[data-flash="${outcome}"]`, { timeout: 60000 });
}

const simMd5 = (page, len) => page.evaluate(([a, n]) => window.__sim.flash_md5(a, n), [ADDR, len]);
const md5 = (bytes) => createHash('md5').update(bytes).digest('hex');

test('connect, flash, the board REPL, run on board, save main.py', async () => {
  await withBoard(async (page) => {
    await connect(page);
    const chip = await page.textContent('[data-testid="chip"]');
    assert.match(chip, /ESP32-C3/);
    assert.match(chip, /MAC 58:cf:79:1e:2d:3c/);
    assert.match(chip, /4 MB flash/);
    // Connect identifies the chip, then resets it into its program: the board's REPL.
    await waitForTerminal(page, BANNER);
    await shot(page, 'serial-connected');

    const image = appImage(96 * 1024);
    assert.notEqual(await simMd5(page, image.length), md5(image));
    await flash(page, image, 'done');
    const bar = await page.$eval('[data-testid="progress"]', (p) => [p.value, p.max]);
    assert.equal(bar[0], bar[1]);
    assert.ok(bar[1] >= image.length, `progress max ${bar[1]}`);
    assert.match(await page.textContent('[data-testid="progress-text"]'), /100%/);
    assert.equal(await simMd5(page, image.length), md5(image));
    assert.match(await page.textContent('[data-testid="board-status"]'), /Flashed and verified 98304 bytes/);

    // The hard reset after flashing boots the board again: its banner and prompt.
    await page.waitForFunction((n) => document.querySelector('[data-testid="terminal"] .term').textContent.split(n).length - 1 >= 2, BANNER, { timeout: 10000 });
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="terminal"] .term > div')].some((r) => r.textContent.startsWith('>>> ')));
    await shot(page, 'serial-flashed');

    const program = 'for i in range(4):\n    print("on board", i * i)\n';
    await setCode(page, program);
    await page.click('[data-testid="run-board"]');
    await waitForTerminal(page, 'on board 9');
    await page.waitForSelector('[data-testid="board-status"]:has-text("finished on the board")');

    await page.click('[data-testid="save-main"]');
    await page.waitForSelector('[data-testid="files"] button:text-is("main.py")', { timeout: 10000 });
    const saved = await page.evaluate(() => new TextDecoder().decode(window.__sim.file('main.py')));
    assert.equal(saved, program);

    // Open it back into the editor from the files panel.
    await setCode(page, '# replaced');
    await page.click('[data-testid="files"] button:text-is("main.py")');
    await page.waitForFunction(() => document.querySelector('[data-testid="editor"]').textContent.includes('on board'));
    assert.equal((await editorText(page)).trim(), program.trim());
    await shot(page, 'serial-files');
    assert.deepEqual(page.jsErrors, []);
  });
});

test('a corrupted frame is retried: the flash still verifies', async () => {
  await withBoard(async (page) => {
    const received = () => page.evaluate(() => window.__sim.bytes_received());
    await connect(page);
    const image = appImage(64 * 1024);
    let at = await received();
    await flash(page, image, 'done');
    const clean = (await received()) - at;
    // A bit flipped in a data block (the session ends with them, after the stub upload): the
    // stub refuses the block and the region is written again from its start.
    await page.evaluate((n) => window.__sim.fault('flip', n), clean - 8000);
    at = await received();
    await flash(page, image, 'done');
    assert.ok((await received()) - at > clean + 1024, 'the region was sent again');
    assert.equal(await simMd5(page, image.length), md5(image));
  });
});

test('backup reads the whole flash into a download that matches the board', async () => {
  await withBoard(async (page) => {
    await connect(page);
    await flash(page, appImage(48 * 1024), 'done');
    await page.evaluate(() => { delete document.body.dataset.flash; });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), page.click('[data-testid="backup"]')]);
    assert.equal(download.suggestedFilename(), 'ferrite-esp32c3-backup.bin');
    const bytes = await readFile(await download.path());
    assert.equal(bytes.length, 4 << 20);
    assert.equal(md5(bytes), await page.evaluate(() => window.__sim.flash_md5(0, 4 << 20)));
    await page.waitForSelector('body[data-flash="done"]');
    assert.match(await page.textContent('[data-testid="board-status"]'), /Saved the board's 4194304 bytes of flash as ferrite-esp32c3-backup.bin/);
    assert.deepEqual(page.jsErrors, []);
  });
});

test('a manifest.json URL flashes the build for the detected chip', async () => {
  const image = appImage(40 * 1024);
  const manifest = {
    name: 'test',
    builds: [
      { chipFamily: 'ESP32-C6', parts: [{ path: 'c6.bin', offset: ADDR }] },
      { chipFamily: 'ESP32-C3', parts: [{ path: 'c3.bin', offset: ADDR }] },
    ],
  };
  await withBoard(async (page) => {
    await page.context().route(`${SITE}fw/*`, (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop();
      if (name === 'manifest.json') return route.fulfill({ json: manifest });
      if (name === 'c3.bin') return route.fulfill({ body: image, contentType: 'application/octet-stream' });
      return route.fulfill({ status: 404 });
    });
    await connect(page);
    await page.fill('[data-testid="manifest-url"]', 'fw/manifest.json');
    await page.evaluate(() => { delete document.body.dataset.flash; });
    await page.click('[data-testid="flash"]');
    await page.waitForSelector('body[data-flash="done"]', { timeout: 60000 });
    assert.equal(await simMd5(page, image.length), md5(image));
  });
});

test('flash that never verifies is reported, never shown as done', async () => {
  await withBoard(async (page) => {
    await connect(page);
    await page.evaluate(() => window.__sim.fault('flaky', 1000));
    await flash(page, appImage(32 * 1024), 'failed');
    const status = await page.textContent('[data-testid="board-status"]');
    assert.match(status, /does NOT hold a good image/);
    assert.doesNotMatch(await page.textContent('[data-testid="progress-text"]'), /100%/);
    await shot(page, 'serial-failed');
  });
});

test('without WebSerial the page says which browser is needed', async () => {
  const browser = await launch();
  try {
    await browser.context.addInitScript(() => { delete Navigator.prototype.serial; delete navigator.serial; });
    const page = await open(browser.context);
    await page.click('[data-testid="serial-panel"] > summary');
    await page.click('[data-testid="connect"]');
    await page.waitForSelector('[data-testid="board-status"]:has-text("Chrome or Edge")');
    assert.equal(await page.isDisabled('[data-testid="flash"]'), true);
    await shot(page, 'serial-unsupported');
  } finally {
    await browser.close();
  }
});
