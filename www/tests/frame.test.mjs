// The snapshot decoder against frames built by hand from the documented layout.
import test from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, FRAME_SIZE, oledHash, oledLit, oledPixel } from '../src/frame.js';

function frame() {
  const b = new Uint8Array(FRAME_SIZE);
  b[0] = 1;
  return b;
}

test('fields sit at their documented offsets', () => {
  const b = frame();
  const dv = new DataView(b.buffer);
  b.set([255, 0, 128, 1], 1);
  dv.setUint16(5, 900, true);
  dv.setUint32(7, 440, true);
  b[11] = 127;
  dv.setUint16(12, 65535, true);
  b[14] = 0b10;
  b.set([10, 20, 30], 15);
  b.set([1, 2, 3], 15 + 21);
  b[39] = 0b101;
  b[40] = 0xcf;
  dv.setUint32(1065, 1 << 2, true);
  const f = decodeFrame(b);
  assert.deepEqual(f.leds, { 2: 255, 25: 0, 26: 128, 27: 1 });
  assert.equal(f.servo, 90);
  assert.deepEqual(f.buzzer, { freq: 440, duty: 127 });
  assert.equal(f.pot, 65535);
  assert.deepEqual(f.buttons, { 0: false, 4: true });
  assert.deepEqual(f.pixels[0], [10, 20, 30]);
  assert.deepEqual(f.pixels[7], [1, 2, 3]);
  assert.equal(f.oled.on, true);
  assert.equal(f.oled.inverted, false);
  assert.equal(f.oled.initialised, true);
  assert.equal(f.oled.contrast, 0xcf);
  assert.equal(f.levels, 4);
});

test('no servo signal decodes as null', () => {
  const b = frame();
  new DataView(b.buffer).setUint16(5, 0xffff, true);
  assert.equal(decodeFrame(b).servo, null);
});

test('wrong version or size is rejected', () => {
  assert.equal(decodeFrame(new Uint8Array(10)), null);
  const b = frame();
  b[0] = 2;
  assert.equal(decodeFrame(b), null);
  assert.equal(decodeFrame(null), null);
});

test('OLED pixels follow the SSD1306 page layout', () => {
  const b = frame();
  // Column 5 of page 1: bit 0 is row 8, bit 7 is row 15.
  b[41 + 128 + 5] = 0b1000_0001;
  const { ram } = decodeFrame(b).oled;
  assert.equal(oledPixel(ram, 5, 8), 1);
  assert.equal(oledPixel(ram, 5, 15), 1);
  assert.equal(oledPixel(ram, 5, 9), 0);
  assert.equal(oledPixel(ram, 6, 8), 0);
  assert.equal(oledLit(ram), 2);
  assert.notEqual(oledHash(ram), oledHash(new Uint8Array(1024)));
  assert.equal(oledHash(new Uint8Array(1024)), oledHash(new Uint8Array(1024)));
});
