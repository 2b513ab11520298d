// The buzzer's tone through WebAudio: one square-wave oscillator whose frequency and gain follow
// the PWM. Browsers only allow sound after a user gesture; Run is one. What the speaker plays is
// mirrored on `<body data-sound>`: the tone in Hz while the oscillator sounds, else "off".

let ctx = null;
let osc = null;
let gain = null;

export function unlockAudio() {
  if (ctx || typeof AudioContext === 'undefined') return;
  ctx = new AudioContext();
  osc = ctx.createOscillator();
  gain = ctx.createGain();
  osc.type = 'square';
  gain.gain.value = 0;
  osc.connect(gain).connect(ctx.destination);
  osc.start();
}

/** Follow the buzzer: `freq` in Hz (0 = silent), `duty` 0..255. */
export function buzz(freq, duty) {
  if (!ctx) return;
  const t = ctx.currentTime;
  if (freq > 0 && duty > 0) osc.frequency.setTargetAtTime(Math.min(freq, 20000), t, 0.005);
  // A square wave is loudest at 50 % duty; keep it gentle.
  const level = freq > 0 ? 0.15 * Math.sin((Math.PI * Math.min(duty, 255)) / 255) : 0;
  gain.gain.setTargetAtTime(level, t, 0.005);
  const sound = level > 0 && ctx.state === 'running' ? String(Math.round(freq)) : 'off';
  if (document.body.dataset.sound !== sound) document.body.dataset.sound = sound;
}
