// The virtual board driven by MicroPython's machine / neopixel / ssd1306 APIs, seen through the
// parts' data-state attributes (the page's test contract).
import test from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, setCode, shot, terminalText, waitForTerminal, waitIdle } from './harness.mjs';

let browser;
let page;
test.before(async () => {
  browser = await launch();
  page = await open(browser.context);
});
test.after(async () => { await browser?.close(); });

const state = (part) => page.getAttribute(`[data-part="${part}"]`, 'data-state');
const waitState = (part, value, timeout = 5000) => page.waitForSelector(`[data-part="${part}"][data-state="${value}"]`, { timeout });

async function run(code) {
  await setCode(page, code);
  await page.click('[data-testid="run"]');
}

async function stop() {
  await page.click('[data-testid="stop"]');
  await waitIdle(page, 2000);
}

test('blink toggles led:2', async () => {
  await page.selectOption('[data-testid="examples"]', 'blink');
  await page.click('[data-testid="run"]');
  await waitState('led:2', 'on');
  await shot(page, 'blink-on');
  await waitState('led:2', 'off', 2000);
  await waitState('led:2', 'on', 2000);
  await stop();
});

test('a button IRQ runs its handler', async () => {
  await run(`from machine import Pin
import time
count = 0
def pressed(p):
    global count
    count += 1
    print("irq", count)
Pin(4, Pin.IN, Pin.PULL_UP).irq(trigger=Pin.IRQ_FALLING, handler=pressed)
while True:
    time.sleep_ms(10)
`);
  await page.waitForSelector('body[data-running="1"]');
  const btn = page.locator('[data-part="button:4"]');
  for (let i = 0; i < 2; i++) {
    await btn.dispatchEvent('pointerdown');
    await waitState('button:4', 'pressed');
    await btn.dispatchEvent('pointerup');
    await waitState('button:4', 'released');
  }
  await waitForTerminal(page, 'irq 2');
  await stop();
  assert.doesNotMatch(await terminalText(page), /irq 3/);
});

test('PWM fades an LED through brightness levels', async () => {
  await run(`from machine import Pin, PWM
import time
pwm = PWM(Pin(25), freq=1000)
for d in (0, 16384, 49152, 65535):
    pwm.duty_u16(d)
    time.sleep_ms(300)
`);
  const seen = new Set();
  const t0 = Date.now();
  while (Date.now() - t0 < 1500) {
    seen.add(await page.getAttribute('[data-part="led:25"]', 'data-brightness'));
    await page.waitForTimeout(40);
  }
  await waitIdle(page);
  // Off, two partial levels and full: at least three distinct brightnesses on the way.
  assert.ok([...seen].filter((b) => b !== '0').length >= 3, `brightness levels seen: ${[...seen]}`);
  assert.equal(await page.getAttribute('[data-part="led:25"]', 'data-brightness'), '255');
});

test('NeoPixel colours reach the strip', async () => {
  await run(`from machine import Pin
import neopixel
np = neopixel.NeoPixel(Pin(5), 8)
np[0] = (255, 0, 0)
np[1] = (0, 255, 0)
np[7] = (0, 0, 40)
np.write()
`);
  await waitIdle(page);
  await waitState('neopixel', '3');
  const rgb = await page.$$eval('[data-part="neopixel"] circle', (cs) => cs.map((c) => c.getAttribute('data-rgb')));
  assert.deepEqual(rgb, ['255,0,0', '0,255,0', '0,0,0', '0,0,0', '0,0,0', '0,0,0', '0,0,0', '0,0,40']);
  await shot(page, 'neopixel');
});

test('OLED text lights pixels, and the same text gives the same screen', async () => {
  const blank = await state('oled');
  const hello = `from machine import Pin, I2C
import ssd1306
oled = ssd1306.SSD1306_I2C(128, 64, I2C(0, scl=Pin(22), sda=Pin(21)))
oled.fill(0)
oled.text("Hello", 0, 0)
oled.show()
`;
  await run(hello);
  await waitIdle(page);
  await page.waitForFunction((b) => document.querySelector('[data-part="oled"]').dataset.state !== b, blank);
  const first = await state('oled');
  const lit = Number(await page.getAttribute('[data-part="oled"]', 'data-lit'));
  // "Hello" in the 8×8 font: tens of pixels, all in the top page.
  assert.ok(lit > 20 && lit < 8 * 8 * 5, `lit pixels: ${lit}`);
  await shot(page, 'oled');
  await run(hello.replace('"Hello"', '"World"'));
  await waitIdle(page);
  await page.waitForFunction((h) => document.querySelector('[data-part="oled"]').dataset.state !== h, first);
  await run(hello);
  await waitIdle(page);
  await waitState('oled', first);
});

test('the pot steers the servo', async () => {
  await page.selectOption('[data-testid="examples"]', 'servo');
  await page.click('[data-testid="run"]');
  await page.waitForSelector('body[data-running="1"]');
  await page.focus('[data-part="pot"]');
  await page.keyboard.press('Home');
  await waitState('pot', '0');
  await waitState('servo', '0');
  await page.keyboard.press('End');
  await waitState('pot', '65535');
  await waitState('servo', '180');
  await shot(page, 'servo');
  await stop();
});

test('Reset turns the board off', async () => {
  await run('from machine import Pin\nPin(2, Pin.OUT).value(1)\n');
  await waitIdle(page);
  await waitState('led:2', 'on');
  await page.click('[data-testid="reset"]');
  await waitState('led:2', 'off');
});

test('the buzzer sounds its PWM tone through WebAudio', async () => {
  await run('from machine import Pin, PWM\nbz = PWM(Pin(19), freq=440, duty_u16=32768)\n');
  await waitIdle(page);
  await waitState('buzzer', '440');
  // The page's oscillator plays that tone (Run was the user gesture that started the audio).
  await page.waitForSelector('body[data-sound="440"]');
  await shot(page, 'buzzer');
  // The PWM outlives the program, as on a board; silenced from the REPL.
  await page.click('[data-testid="terminal"]');
  await page.keyboard.type('bz.duty_u16(0)');
  await page.keyboard.press('Enter');
  await waitState('buzzer', 'off');
  await page.waitForSelector('body[data-sound="off"]');
});
