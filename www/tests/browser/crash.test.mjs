// A VM that dies (a Rust panic traps the wasm instance) is replaced by a fresh one: never a dead
// page. The VM is the `crash-test` build (FERRITE_CRASH_WASM), served in place of the site's.
import test from 'node:test';
import assert from 'node:assert/strict';
import { editorText, launch, open, setCode, shot, terminalText, waitForTerminal } from './harness.mjs';

let browser;
test.before(async () => {
  browser = await launch();
  const wasm = process.env.FERRITE_CRASH_WASM;
  assert.ok(wasm, 'FERRITE_CRASH_WASM: run through `cargo xtask test --only browser`');
  await browser.context.route('**/ferrite.wasm', (r) => r.fulfill({ path: wasm, contentType: 'application/wasm' }));
});
test.after(async () => { await browser?.close(); });

test('a panic in the VM restarts it with a fresh prompt and keeps the code', async () => {
  const page = await open(browser.context);
  const code = '# ferrite: crash test\nprint("never printed")\n';
  await setCode(page, code);
  await page.click('[data-testid="run"]');
  await waitForTerminal(page, 'The VM crashed (RuntimeError: unreachable');
  // The new VM prints its banner and a prompt below the one-line notice.
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="terminal"] .term > div')].map((r) => r.textContent);
    const at = rows.findIndex((r) => r.includes('The VM crashed'));
    return at >= 0 && rows.slice(at + 1).some((r) => r.startsWith('>>> '));
  });
  assert.equal(await editorText(page), code);
  const t = await terminalText(page);
  assert.equal(t.match(/The VM crashed/g).length, 1);
  assert.doesNotMatch(t, /never printed/);

  // The new VM works: the REPL answers, and Run runs.
  await page.click('[data-testid="terminal"]');
  await page.keyboard.type('6 * 7 + 1000');
  await page.keyboard.press('Enter');
  await waitForTerminal(page, '1042');
  await setCode(page, 'print("alive", 2 ** 5)\n');
  await page.click('[data-testid="run"]');
  await waitForTerminal(page, 'alive 32');
  await shot(page, 'crash');
  assert.deepEqual(page.jsErrors, []);
});
