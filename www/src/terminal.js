// The page's terminal: a Screen (screen.js) drawn as one <div> per line, and keys turned into
// the bytes a serial terminal sends (Enter = CR, Backspace = DEL, arrows = CSI A–D, Ctrl-C = 3).
// Our own rather than xterm.js: xterm is ~280 KB of JavaScript and ~150 ms of set-up before the
// first prompt, for a REPL that needs a dozen escape sequences (see docs/playground.md, "Our own
// terminal, not xterm.js").

import { BOLD, DIM, INVERSE, Screen, UNDERLINE, bgOf, fgOf } from './screen.js';

const KEYS = {
  Enter: '\r', Backspace: '\x7f', Tab: '\t', Escape: '\x1b', ArrowUp: '\x1b[A', ArrowDown: '\x1b[B',
  ArrowRight: '\x1b[C', ArrowLeft: '\x1b[D', Home: '\x1b[H', End: '\x1b[F', Delete: '\x1b[3~',
};

function classOf(style, cursor) {
  const c = [];
  if (fgOf(style)) c.push(`f${fgOf(style)}`);
  if (bgOf(style)) c.push(`b${bgOf(style)}`);
  if (style & BOLD) c.push('tb');
  if (style & DIM) c.push('td');
  if (style & UNDERLINE) c.push('tu');
  if (style & INVERSE) c.push('ti');
  if (cursor) c.push('cur');
  return c.join(' ');
}

/** One line as text runs of equal style; the cursor cell (column `cursor`, or -1) is its own run. */
function drawLine(el, line, cursor) {
  const { chars, styles } = line;
  const end = Math.max(chars.length, cursor + 1);
  const parts = [];
  let i = 0;
  while (i < end) {
    const style = styles[i] ?? 0;
    let j = i + 1;
    if (i !== cursor) while (j < chars.length && j !== cursor && styles[j] === style) j++;
    const text = i < chars.length ? chars.slice(i, j).join('') : ' ';
    const cls = classOf(style, i === cursor);
    if (cls === '') parts.push(text);
    else {
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = text;
      parts.push(span);
    }
    i = j;
  }
  el.replaceChildren(...parts);
}

export function createTerminal(parent, { rows = 14, scrollback = 2000 } = {}) {
  const screen = new Screen({ rows, scrollback });
  const view = document.createElement('div');
  view.className = 'term';
  view.style.setProperty('--rows', rows);
  const input = document.createElement('textarea');
  input.className = 'term-input';
  input.setAttribute('aria-label', 'Terminal: type here');
  input.setAttribute('autocapitalize', 'off');
  input.setAttribute('autocomplete', 'off');
  input.spellcheck = false;
  parent.append(view, input);

  const decoder = new TextDecoder();
  const listeners = [];
  const send = (s) => { for (const f of listeners) f(s); };
  let stuck = true; // follow new output unless the user scrolled up
  view.addEventListener('scroll', () => { stuck = view.scrollTop + view.clientHeight >= view.scrollHeight - 4; });
  // Scrolling needs layout: once per frame at most, never in the middle of a write (no thrash).
  let scrollQueued = false;
  const scrollToEnd = () => { scrollQueued = false; if (stuck) view.scrollTop = view.scrollHeight; };
  let cursorLine = null;

  function draw() {
    const { dirty, dropped } = screen.takeChanges();
    for (let i = 0; i < dropped && view.firstChild; i++) view.firstChild.remove();
    const cur = screen.lines[screen.row];
    if (cursorLine && cursorLine !== cur) dirty.add(cursorLine);
    dirty.add(cur);
    cursorLine = cur;
    while (view.childElementCount < screen.lines.length) view.appendChild(document.createElement('div'));
    // Dirty lines are near the end: walk back until all are drawn.
    let left = dirty.size;
    for (let i = screen.lines.length - 1; i >= 0 && left > 0; i--) {
      const line = screen.lines[i];
      if (!dirty.has(line)) continue;
      drawLine(view.children[i], line, line === cur ? screen.col : -1);
      left--;
    }
    if (stuck && !scrollQueued) { scrollQueued = true; requestAnimationFrame(scrollToEnd); }
  }
  draw();

  input.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    let s = null;
    const k = e.key.length === 1 ? e.key.toLowerCase() : '';
    if (e.ctrlKey && !e.altKey && !e.metaKey && k >= 'a' && k <= 'z') {
      // Ctrl-C copies when text is selected; Ctrl-V pastes (the input event sends it).
      if ((k === 'c' && !document.getSelection().isCollapsed) || k === 'v') return;
      s = String.fromCharCode(k.charCodeAt(0) - 96);
    } else if (!e.ctrlKey && !e.altKey && !e.metaKey && KEYS[e.key]) {
      s = KEYS[e.key];
    } else if (e.key === 'PageUp' || e.key === 'PageDown') {
      view.scrollBy(0, (e.key === 'PageUp' ? -1 : 1) * view.clientHeight * 0.9);
      e.preventDefault();
    }
    if (s === null) return;
    e.preventDefault();
    send(s);
  });
  // Typed text, pastes and finished compositions (IME, dead keys) arrive through the textarea.
  const flushInput = () => {
    const v = input.value;
    input.value = '';
    if (v) send(v.replace(/\r?\n/g, '\r'));
  };
  input.addEventListener('input', (e) => { if (!e.isComposing) flushInput(); });
  input.addEventListener('compositionend', flushInput);
  input.addEventListener('focus', () => parent.classList.add('focused'));
  input.addEventListener('blur', () => parent.classList.remove('focused'));
  // A click focuses the keyboard, unless it ended a text selection (to copy).
  parent.addEventListener('click', () => {
    if (document.getSelection().isCollapsed) input.focus({ preventScroll: true });
  });

  return {
    /** Bytes (UTF-8, may end mid-character) or a string. */
    write(data) {
      screen.write(typeof data === 'string' ? data : decoder.decode(data, { stream: true }));
      draw();
    },
    onData(f) { listeners.push(f); },
    reset() {
      screen.reset();
      view.replaceChildren();
      cursorLine = null;
      draw();
    },
    focus() { input.focus({ preventScroll: true }); },
  };
}
