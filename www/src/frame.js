// The board's per-frame snapshot (board::Board::snapshot, version 1, 1069 bytes) as an object.
// Pure: unit-tested under Node with hand-made frames (tests/frame.test.mjs).

export const FRAME_SIZE = 1069;
export const LED_PINS = [2, 25, 26, 27];

/** Decode a frame; `null` for anything that is not a version-1 frame of the right size. */
export function decodeFrame(bytes) {
  if (!bytes || bytes.length !== FRAME_SIZE || bytes[0] !== 1) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const leds = {};
  LED_PINS.forEach((pin, i) => { leds[pin] = bytes[1 + i]; });
  const servoRaw = dv.getUint16(5, true);
  const pixels = [];
  for (let i = 0; i < 8; i++) pixels.push([bytes[15 + 3 * i], bytes[16 + 3 * i], bytes[17 + 3 * i]]);
  const flags = bytes[39];
  return {
    leds,
    servo: servoRaw === 0xffff ? null : servoRaw / 10,
    buzzer: { freq: dv.getUint32(7, true), duty: bytes[11] },
    pot: dv.getUint16(12, true),
    buttons: { 0: (bytes[14] & 1) !== 0, 4: (bytes[14] & 2) !== 0 },
    pixels,
    oled: {
      on: (flags & 1) !== 0,
      inverted: (flags & 2) !== 0,
      initialised: (flags & 4) !== 0,
      contrast: bytes[40],
      ram: bytes.subarray(41, 41 + 1024),
    },
    levels: dv.getUint32(1065, true),
  };
}

/** Is pixel (x, y) of the SSD1306's GDDRAM set? Pages of 8 rows, bit 0 at the top. */
export function oledPixel(ram, x, y) {
  return (ram[(y >> 3) * 128 + x] >> (y & 7)) & 1;
}

/** FNV-1a of the GDDRAM as 8 hex digits: the OLED's `data-state`, so tests compare screens. */
export function oledHash(ram) {
  let h = 0x811c9dc5;
  for (const b of ram) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** How many pixels are lit (the OLED's `data-lit`). */
export function oledLit(ram) {
  let n = 0;
  for (const b of ram) for (let v = b; v; v &= v - 1) n++;
  return n;
}
