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

/**
 * Runs `body` on a page whose navigator.serial is the simulated board, then closes the browser.
 * `config`: the kind of board (fake-serial.js: `usb`, `keepPermission`, `autoReset`).
 */
async function withBoard(body, config = {}) {
  const browser = await launch();
  try {
    await browser.context.route(`${SITE}sim/*`, (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop();
      const type = name.endsWith('.js') ? 'text/javascript' : 'application/wasm';
      return route.fulfill({ path: join(SIM, name), contentType: type });
    });
    await browser.context.addInitScript((c) => { window.__serialConfig = c; }, config);
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

async function flash(page, image, outcome, addr = ADDR) {
  await page.setInputFiles('[data-testid="firmware-file"]', { name: 'app.bin', mimeType: 'application/octet-stream', buffer: image });
  await page.fill('[data-testid="firmware-addr"]', addr.toString(16));
  await page.evaluate(() => { delete document.body.dataset.flash; });
  await page.click('[data-testid="flash"]');
  await page.waitForSelector(`body[data-flash="${outcome}"]`, { timeout: 60000 });
}

const simMd5 = (page, len) => page.evaluate(([a, n]) => window.__sim.flash_md5(a, n), [ADDR, len]);
const md5 = (bytes) => createHash('md5').update(bytes).digest('hex');
const status = (page) => page.textContent('[data-testid="board-status"]');

/** Run a program on the board through the raw REPL and wait for its last line. */
async function runOnBoard(page, expect) {
  await setCode(page, 'for i in range(4):\n    print("on board", i * i)\n');
  await page.click('[data-testid="run-board"]');
  await waitForTerminal(page, expect);
}

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

    // A chosen range: the start of the image just written.
    await page.fill('[data-testid="backup-addr"]', '0x10000');
    await page.fill('[data-testid="backup-size"]', '8000');
    await page.evaluate(() => { delete document.body.dataset.flash; });
    const [part] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('[data-testid="backup"]')]);
    assert.equal(part.suggestedFilename(), 'ferrite-esp32c3-0x10000-0x18000.bin');
    const range = await readFile(await part.path());
    assert.equal(range.length, 0x8000);
    assert.equal(md5(range), md5(appImage(48 * 1024).subarray(0, 0x8000)));
    await page.waitForSelector('body[data-flash="done"]');

    // A range past the end of the flash is refused with the board's size, and nothing is saved.
    await page.fill('[data-testid="backup-addr"]', '3ff000');
    await page.fill('[data-testid="backup-size"]', '2000');
    await page.evaluate(() => { delete document.body.dataset.flash; });
    await page.click('[data-testid="backup"]');
    await page.waitForSelector('body[data-flash="failed"]', { timeout: 60000 });
    assert.match(await status(page), /Cannot read 8192 bytes from 0x3ff000: this board has 4 MB of flash/);
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
    // The page words the flasher's hint with its own controls, never the CLI's flags.
    assert.match(status, /Try again with 115200 in Speed, a shorter or different USB cable/);
    assert.doesNotMatch(status, /--baud/);
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

test('a chosen speed is used and remembered; a board that cannot keep up falls back to 115200', async () => {
  await withBoard(async (page) => {
    await page.selectOption('[data-testid="baud"]', '921600');
    await connect(page);
    const image = appImage(64 * 1024);
    await flash(page, image, 'done');
    assert.ok((await page.evaluate(() => window.__serialOpens)).includes(921600), 'the port ran at 921600');
    assert.equal(await simMd5(page, image.length), md5(image));

    // A cable that garbles everything above 460800 baud: the flash is retried at 115200.
    await page.evaluate(() => { window.__sim.fault('max-baud', 460800); window.__serialOpens.length = 0; });
    const second = appImage(32 * 1024);
    await flash(page, second, 'done');
    const said = await status(page);
    assert.match(said, /Flashed and verified 32768 bytes/);
    assert.match(said, /did not answer at 921600 baud, so this ran at 115200: choose 115200 in Speed/);
    assert.equal(await simMd5(page, second.length), md5(second));

    // The choice survives a reload.
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    await page.click('[data-testid="serial-panel"] > summary');
    await page.click('[data-testid="connect"]');
    await page.waitForSelector('[data-testid="chip"][data-chip="esp32c3"]', { timeout: 20000 });
    assert.equal(await page.inputValue('[data-testid="baud"]'), '921600');
  });
});

test('a USB-Serial/JTAG board that re-enumerates after its reset is found again', async () => {
  await withBoard(async (page) => {
    await connect(page);
    // The reset into its program takes the board off USB; the page reopens the new port.
    await page.waitForFunction(() => window.__serialReturns === 1, null, { timeout: 10000 });
    await page.waitForSelector('[data-testid="board-status"]:has-text("Connected again to the ESP32-C3")', { timeout: 10000 });
    const image = appImage(40 * 1024);
    await flash(page, image, 'done');
    assert.equal(await simMd5(page, image.length), md5(image));
    await page.waitForFunction(() => window.__serialReturns === 2, null, { timeout: 10000 });
    await page.waitForSelector('[data-testid="board-status"]:has-text("Connected again")', { timeout: 10000 });
    // The flashed board's REPL, over the port that came back.
    await runOnBoard(page, 'on board 9');
    assert.deepEqual(page.jsErrors, []);
  }, { usb: true });
});

test('a re-enumerated board without permission asks for Connect once more', async () => {
  await withBoard(async (page) => {
    await connect(page);
    await page.waitForSelector('[data-testid="board-status"]:has-text("Click Connect again and pick the same board (ESP32-C3)")', { timeout: 15000 });
    assert.equal(await page.isDisabled('[data-testid="connect"]'), false);
    await shot(page, 'serial-usb-reconnect');
    await page.click('[data-testid="connect"]');
    await page.waitForSelector('[data-testid="board-status"]:has-text("Connected again to the ESP32-C3")', { timeout: 10000 });
    await runOnBoard(page, 'on board 9');
    assert.equal(await page.evaluate(() => window.__serialReturns), 1, 'no second reset');
  }, { usb: true, keepPermission: false });
});

test('a board without auto-reset gets the steps by hand, then connects and runs', async () => {
  await withBoard(async (page) => {
    await page.evaluate(() => window.__fake.pressReset(false));
    await page.click('[data-testid="connect"]');
    await page.waitForSelector('[data-testid="board-status"]:has-text("started its program instead of the bootloader")', { timeout: 30000 });
    assert.match(await status(page), /hold BOOT, press and release RESET, release BOOT, tick “no auto-reset”/);
    assert.equal(await page.$eval('[data-testid="manual-steps"]', (d) => d.open), true);
    assert.equal(await page.isVisible('[data-testid="manual-steps"] li:has-text("Hold the BOOT button")'), true);
    await shot(page, 'serial-manual-steps');
    // The student follows the steps: BOOT + RESET, tick "no auto-reset", Connect.
    await page.evaluate(() => window.__fake.pressReset(true));
    await page.check('[data-testid="no-reset"]');
    await connect(page);
    assert.match(await status(page), /Press RESET on the board \(without BOOT\) to start its program/);
    await page.evaluate(() => window.__fake.pressReset(false));
    await waitForTerminal(page, BANNER);
    await runOnBoard(page, 'on board 9');
  }, { autoReset: false });
});

test('bad input: a manifest for another chip, a corrupt image, a cable pulled mid-write', async () => {
  await withBoard(async (page) => {
    await page.context().route(`${SITE}c6/*`, (route) => route.fulfill({ json: { name: 'c6 only', builds: [{ chipFamily: 'ESP32-C6', parts: [{ path: 'c6.bin', offset: 0 }] }] } }));
    await connect(page);
    const empty = await simMd5(page, 0x20000);

    await page.fill('[data-testid="manifest-url"]', 'c6/manifest.json');
    await page.evaluate(() => { delete document.body.dataset.flash; });
    await page.click('[data-testid="flash"]');
    await page.waitForSelector('body[data-flash="failed"]');
    assert.match(await status(page), /firmware for ESP32-C6 but the board is an ESP32-C3: use the manifest for ESP32-C3/);
    await page.fill('[data-testid="manifest-url"]', '');

    const corrupt = Buffer.alloc(4096, 0x5a);
    await flash(page, corrupt, 'failed', 0);
    assert.match(await status(page), /not an ESP firmware image \(it should start with byte 0xE9\)/);
    assert.equal(await page.evaluate(() => window.__sim.flash_md5(0, 0x20000)), empty, 'nothing was written');

    // Pulled during the last data block of the write.
    const image = appImage(96 * 1024);
    const before = await page.evaluate(() => window.__sim.commands());
    await flash(page, image, 'done');
    const session = (await page.evaluate(() => window.__sim.commands())) - before;
    await page.evaluate((n) => window.__sim.fault('disconnect', n), session - 1);
    const other = appImage(96 * 1024);
    other[50000] ^= 0xff;
    await flash(page, other, 'failed');
    const said = await status(page);
    assert.match(said, /disconnected in the middle of writing, so the firmware on it is incomplete/);
    assert.match(said, /press Connect and try again/);
    assert.doesNotMatch(await page.textContent('[data-testid="progress-text"]'), /100%/);
    assert.equal(await page.isDisabled('[data-testid="connect"]'), false);
    await shot(page, 'serial-unplugged');
  });
});
