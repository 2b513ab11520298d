// The virtual ESP32 DevKit drawn as SVG. `createBoard` builds it once; `render(frame)` updates it
// from a decoded snapshot each animation frame, touching only attributes whose value changed.
// Every part carries `data-part` and a `data-state` the browser tests read.

import { oledHash, oledLit, oledPixel } from './frame.js';

const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function label(parent, x, y, text, size = 11) {
  const t = el('text', { x, y, 'font-size': size, 'text-anchor': 'middle', class: 'lbl' }, parent);
  t.textContent = text;
  return t;
}

/** Set an attribute only when it changes (cheap frames when nothing moves). */
function put(e, k, v) {
  const s = String(v);
  if (e.getAttribute(k) !== s) e.setAttribute(k, s);
}

const LEDS = [
  { pin: 2, x: 70, y: 60, color: '#3b82f6', name: 'GPIO2 onboard' },
  { pin: 25, x: 300, y: 60, color: '#ef4444', name: 'GPIO25' },
  { pin: 26, x: 350, y: 60, color: '#eab308', name: 'GPIO26' },
  { pin: 27, x: 400, y: 60, color: '#22c55e', name: 'GPIO27' },
];

/**
 * Build the board inside `host`. `events.button(gpio, pressed)` and `events.pot(raw)` report
 * what the user does to the parts.
 */
export function createBoard(host, events) {
  const svg = el('svg', { viewBox: '0 0 480 330', role: 'img', 'aria-label': 'virtual ESP32 DevKit' });
  host.appendChild(svg);
  el('rect', { x: 10, y: 10, width: 200, height: 300, rx: 8, class: 'pcb' }, svg);
  el('rect', { x: 60, y: 110, width: 100, height: 120, rx: 4, class: 'chip' }, svg);
  label(svg, 110, 175, 'ESP32', 16);
  label(svg, 110, 30, 'DevKit');

  const parts = {};
  for (const l of LEDS) {
    const g = el('g', { 'data-part': `led:${l.pin}`, 'data-state': 'off' }, svg);
    el('circle', { cx: l.x, cy: l.y, r: 16, fill: l.color, class: 'glow', opacity: 0 }, g);
    const body = el('circle', { cx: l.x, cy: l.y, r: 9, fill: l.color, 'fill-opacity': 0.25, stroke: l.color }, g);
    label(svg, l.x, l.y + 26, l.name, 9);
    parts[`led:${l.pin}`] = { g, glow: g.firstChild, body };
  }

  for (const [gpio, x, name] of [[0, 50, 'BOOT (GPIO0)'], [4, 170, 'GPIO4']]) {
    const g = el('g', { 'data-part': `button:${gpio}`, 'data-state': 'released', tabindex: 0, role: 'button', 'aria-label': `${name} button`, class: 'btn' }, svg);
    el('rect', { x: x - 18, y: 262, width: 36, height: 26, rx: 4, class: 'btn-base' }, g);
    el('circle', { cx: x, cy: 275, r: 9, class: 'btn-cap' }, g);
    label(svg, x, 302, name, 9);
    const press = (down) => (ev) => { ev.preventDefault(); events.button(gpio, down); };
    g.addEventListener('pointerdown', press(true));
    g.addEventListener('pointerup', press(false));
    g.addEventListener('pointerleave', press(false));
    g.addEventListener('keydown', (ev) => { if ((ev.key === ' ' || ev.key === 'Enter') && !ev.repeat) press(true)(ev); });
    g.addEventListener('keyup', (ev) => { if (ev.key === ' ' || ev.key === 'Enter') press(false)(ev); });
    parts[`button:${gpio}`] = { g };
  }

  const strip = el('g', { 'data-part': 'neopixel', 'data-state': '0' }, svg);
  el('rect', { x: 232, y: 100, width: 236, height: 30, rx: 6, class: 'strip' }, strip);
  const pixels = [];
  for (let i = 0; i < 8; i++) pixels.push(el('circle', { cx: 247 + i * 29, cy: 115, r: 10, fill: '#000', 'data-rgb': '0,0,0' }, strip));
  label(svg, 350, 145, 'NeoPixel ×8 (GPIO5)', 9);
  parts.neopixel = { g: strip, pixels };

  const oled = el('g', { 'data-part': 'oled', 'data-state': oledHash(new Uint8Array(1024)), 'data-lit': 0 }, svg);
  el('rect', { x: 232, y: 160, width: 144, height: 80, rx: 4, class: 'oled-frame' }, oled);
  const fo = el('foreignObject', { x: 240, y: 168, width: 128, height: 64 }, oled);
  const canvas = document.createElement('canvas');
  canvas.width = 128;
  canvas.height = 64;
  canvas.className = 'oled';
  fo.appendChild(canvas);
  label(svg, 304, 252, 'SSD1306 0x3C (SDA21 SCL22)', 9);
  parts.oled = { g: oled, ctx: canvas.getContext('2d'), image: new ImageData(128, 64), hash: '' };

  const servo = el('g', { 'data-part': 'servo', 'data-state': 'none' }, svg);
  el('rect', { x: 392, y: 170, width: 60, height: 40, rx: 4, class: 'servo-body' }, servo);
  const arm = el('rect', { x: 420, y: 150, width: 6, height: 26, rx: 3, class: 'servo-arm' }, servo);
  label(svg, 422, 224, 'servo (GPIO18)', 9);
  parts.servo = { g: servo, arm };

  const buzzer = el('g', { 'data-part': 'buzzer', 'data-state': 'off' }, svg);
  el('circle', { cx: 420, cy: 275, r: 16, class: 'buzzer' }, buzzer);
  const wave = el('circle', { cx: 420, cy: 275, r: 22, class: 'wave', opacity: 0 }, buzzer);
  label(svg, 420, 305, 'buzzer (GPIO19)', 9);
  parts.buzzer = { g: buzzer, wave };

  const pot = el('g', { 'data-part': 'pot', 'data-state': '0', tabindex: 0, role: 'slider', 'aria-label': 'potentiometer on GPIO34', 'aria-valuemin': 0, 'aria-valuemax': 65535, class: 'pot' }, svg);
  el('circle', { cx: 300, cy: 280, r: 18, class: 'pot-body' }, pot);
  const knob = el('line', { x1: 300, y1: 280, x2: 300, y2: 264, class: 'pot-knob' }, pot);
  label(svg, 300, 312, 'pot (GPIO34)', 9);
  let potValue = 0;
  const setPot = (v) => { potValue = Math.max(0, Math.min(65535, Math.round(v))); events.pot(potValue); };
  let drag = null;
  pot.addEventListener('pointerdown', (ev) => { drag = { y: ev.clientY, v: potValue }; pot.setPointerCapture(ev.pointerId); });
  pot.addEventListener('pointermove', (ev) => { if (drag) setPot(drag.v + (drag.y - ev.clientY) * 512); });
  pot.addEventListener('pointerup', () => { drag = null; });
  pot.addEventListener('wheel', (ev) => { ev.preventDefault(); setPot(potValue - Math.sign(ev.deltaY) * 2048); });
  pot.addEventListener('keydown', (ev) => {
    const step = { ArrowUp: 2048, ArrowRight: 2048, ArrowDown: -2048, ArrowLeft: -2048, PageUp: 8192, PageDown: -8192 }[ev.key];
    if (step) { ev.preventDefault(); setPot(potValue + step); }
    if (ev.key === 'Home') setPot(0);
    if (ev.key === 'End') setPot(65535);
  });
  parts.pot = { g: pot, knob, set: setPot };

  return { svg, parts, render: (frame) => render(parts, frame), setPot };
}

function render(parts, f) {
  for (const pin of [2, 25, 26, 27]) {
    const p = parts[`led:${pin}`];
    const b = f.leds[pin] / 255;
    put(p.g, 'data-state', f.leds[pin] > 0 ? 'on' : 'off');
    put(p.g, 'data-brightness', f.leds[pin]);
    put(p.glow, 'opacity', (b * 0.6).toFixed(2));
    put(p.body, 'fill-opacity', (0.25 + 0.75 * b).toFixed(2));
  }
  for (const gpio of [0, 4]) put(parts[`button:${gpio}`].g, 'data-state', f.buttons[gpio] ? 'pressed' : 'released');

  let lit = 0;
  f.pixels.forEach(([r, g, b], i) => {
    if (r || g || b) lit++;
    const c = parts.neopixel.pixels[i];
    put(c, 'data-rgb', `${r},${g},${b}`);
    // Dim pixels are still visible on a screen: scale up like the eye sees an LED.
    const s = (v) => Math.round(255 * Math.sqrt(v / 255));
    put(c, 'fill', `rgb(${s(r)},${s(g)},${s(b)})`);
  });
  put(parts.neopixel.g, 'data-state', lit);

  const o = parts.oled;
  const hash = oledHash(f.oled.ram) + (f.oled.on ? '' : '-off') + (f.oled.inverted ? '-inv' : '');
  if (hash !== o.hash) {
    o.hash = hash;
    const px = o.image.data;
    const lum = 80 + Math.round((175 * f.oled.contrast) / 255);
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 128; x++) {
        const on = f.oled.on && (oledPixel(f.oled.ram, x, y) ^ (f.oled.inverted ? 1 : 0));
        const i = (y * 128 + x) * 4;
        px[i] = on ? lum * 0.55 : 0;
        px[i + 1] = on ? lum * 0.85 : 0;
        px[i + 2] = on ? lum : 0;
        px[i + 3] = 255;
      }
    }
    o.ctx.putImageData(o.image, 0, 0);
    put(o.g, 'data-state', oledHash(f.oled.ram));
    put(o.g, 'data-lit', f.oled.on ? oledLit(f.oled.ram) : 0);
  }

  put(parts.servo.g, 'data-state', f.servo === null ? 'none' : Math.round(f.servo));
  put(parts.servo.arm, 'transform', `rotate(${f.servo === null ? 0 : f.servo - 90} 423 176)`);

  const sounding = f.buzzer.freq > 0 && f.buzzer.duty > 0;
  put(parts.buzzer.g, 'data-state', sounding ? f.buzzer.freq : 'off');
  put(parts.buzzer.wave, 'opacity', sounding ? 0.8 : 0);

  put(parts.pot.g, 'data-state', f.pot);
  put(parts.pot.g, 'aria-valuenow', f.pot);
  put(parts.pot.knob, 'transform', `rotate(${-135 + (270 * f.pot) / 65535} 300 280)`);
}
